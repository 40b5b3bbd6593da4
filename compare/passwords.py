"""Is a password good enough for a reviewer account? Length, variety and not a common password.

The common passwords are a shipped file (``data/security/common-passwords.txt``), so the check
works offline and can be read and extended. A password is refused when it is one of them, case
ignored, also with digits or symbols added at either end, when it is one short piece repeated
(``abcabcabcabc``), when it has fewer than six different characters (``aaaaaaaaaaaa``), or when
it contains the user name.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from compare.settings import PROJECT_ROOT

MIN_LENGTH = 12
MIN_DISTINCT = 6
COMMON_PASSWORDS = PROJECT_ROOT / "data" / "security" / "common-passwords.txt"
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_REPEATED = re.compile(r"(.{1,16}?)\1+")


@cache
def common_passwords(path: Path = COMMON_PASSWORDS) -> frozenset[str]:
    """The shipped list, lower-cased, without comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def weaknesses(password: str, username: str = "") -> list[str]:
    """Why ``password`` is too weak (empty when it is acceptable)."""
    problems = []
    lowered = password.lower()
    if len(password) < MIN_LENGTH:
        problems.append(f"the password must have at least {MIN_LENGTH} characters")
    if len(set(lowered)) < MIN_DISTINCT:
        problems.append(f"the password must use at least {MIN_DISTINCT} different characters")
    core = _EDGES.sub("", lowered)
    repeated = _REPEATED.fullmatch(core)
    common = common_passwords()
    if lowered in common or core in common or (repeated is not None and repeated.group(1) in common):
        problems.append("the password is a commonly used one")
    elif _REPEATED.fullmatch(lowered):
        problems.append("the password is a short piece repeated")
    if username and username.strip().lower() in lowered:
        problems.append("the password must not contain the user name")
    return problems
