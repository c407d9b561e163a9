"""The ``redqueen`` command: one subcommand per tool, each a thin shell over a library call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mars import pmars_cli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redqueen", description="Core War warriors: battles, coevolution and benchmarks."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "mars",
        add_help=False,
        help="run battles exactly like pMARS 0.9.2 (same options and output)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``redqueen`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["mars"]:
        # pMARS options (bundled flags, "-r 5", "$") are not argparse's: pass them on untouched.
        return pmars_cli.main(argv[1:])
    _parser().parse_args(argv)  # --help, or an error naming the unknown command
    return 0


if __name__ == "__main__":
    sys.exit(main())
