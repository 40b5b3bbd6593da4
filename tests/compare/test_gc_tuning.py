"""Web workers freeze their start-up objects and collect the young generation less often."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import gc
from compare.app import create_app
from compare.gc_tuning import YOUNG_THRESHOLD, post_worker_init
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
before = gc.get_freeze_count()
post_worker_init(None)
print(before, gc.get_freeze_count() > 10_000, gc.get_threshold()[0] == YOUNG_THRESHOLD)
"""


def test_a_settled_worker_has_its_start_up_objects_frozen() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "True"]
