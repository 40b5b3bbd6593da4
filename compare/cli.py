"""The ``msgcompare`` console script: Flask's group over ``create_app`` (run, routes, shell, ours).

An operational failure (database down, not migrated or read-only, a bad URL, a queue that cannot
be reached) ends in one line on stderr saying what failed and how to fix it, and exit status 1;
only a bug keeps its traceback.
"""

from __future__ import annotations

import sys

from flask.cli import FlaskGroup

from compare import operational, settings
from compare.app import create_app

cli = FlaskGroup(
    create_app=lambda: create_app(),
    add_version_option=False,
    help="msgcompare: compare business messaging channels on evidence.",
)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(args=sys.argv[1:], prog_name="msgcompare")
    except Exception as exc:
        message = operational.describe(exc, settings.database_url_from_environment(), settings.queue_url_from_environment())
        if message is None:
            raise
        print(f"Error: {message}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
