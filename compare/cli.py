"""The ``msgcompare`` console script: Flask's group over ``create_app`` (run, routes, shell, ours)."""

from __future__ import annotations

import sys

from flask.cli import FlaskGroup

from compare.app import create_app

cli = FlaskGroup(
    create_app=lambda: create_app(),
    add_version_option=False,
    help="msgcompare: compare business messaging channels on evidence.",
)


def main() -> None:
    """Console-script entry point."""
    cli.main(args=sys.argv[1:], prog_name="msgcompare")


if __name__ == "__main__":
    main()
