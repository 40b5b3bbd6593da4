"""gunicorn settings shared by ``msgcompare serve`` and the benchmarks (``-c python:compare.gunicorn_conf``)."""

from compare.gc_tuning import post_worker_init

__all__ = ["post_worker_init"]
