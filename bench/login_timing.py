"""Does the login's answer time tell whether a user name exists? Medians of many attempts.

    .venv/bin/python bench/login_timing.py [--runs 7] [--attempts 20]

Builds a fresh seeded SQLite database with one reviewer, then posts the login form through
the real app (Werkzeug's password hashing, the real database, CSRF token included) with a
wrong password for the existing name and for an unknown one, interleaved so both see the same
machine load. Rate limits are switched off for the measurement. Prints, per run, the median
time of each kind and their difference, then the median over the runs. Issue 12 measured
468 ms (existing) against 1,015 ms (unknown) before unknown names were checked against a dummy
hash made once.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from compare import accounts
from compare.app import create_app
from compare.store.session import transaction
from compare.store.setup import seed_database, sessions_of

PASSWORD = "correct horse battery staple 42"  # noqa: S105 - a throw-away account in a temporary database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--attempts", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        seed_database(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
        with transaction(sessions_of(app)) as session:
            accounts.create_user(session, "anna", PASSWORD)
        client = app.test_client()
        page = client.get("/admin/login").get_data(as_text=True)
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if found is None:
            raise SystemExit("no CSRF token on the login page")
        token = found.group(1)

        def attempt(name: str) -> float:
            start = time.perf_counter()
            response = client.post("/admin/login", data={"csrf_token": token, "username": name, "password": "wrong password 99"})
            elapsed = time.perf_counter() - start
            if response.status_code != 400:
                raise SystemExit(f"unexpected answer {response.status_code} for {name}")
            return elapsed * 1000

        attempt("anna"), attempt("nobody")  # warm-up
        differences, known_all, unknown_all = [], [], []
        for run in range(1, options.runs + 1):
            known, unknown = [], []
            for _ in range(options.attempts):
                known.append(attempt("anna"))
                unknown.append(attempt("nobody"))
            k, u = statistics.median(known), statistics.median(unknown)
            known_all.append(k)
            unknown_all.append(u)
            differences.append(u - k)
            print(f"run {run}: existing name {k:7.1f} ms, unknown name {u:7.1f} ms, difference {u - k:+6.1f} ms")
        print(
            f"median over {options.runs} runs of {options.attempts} attempts each: existing "
            f"{statistics.median(known_all):.1f} ms, unknown {statistics.median(unknown_all):.1f} ms, "
            f"difference {statistics.median(differences):+.1f} ms"
        )
        app.extensions["msgcompare.engine"].dispose()


if __name__ == "__main__":
    main()
