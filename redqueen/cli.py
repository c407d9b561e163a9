"""The ``redqueen`` command: one subcommand per tool, each a thin shell over a library call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import warriors
from mars import pmars_cli
from warriors import table


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
    library = commands.add_parser(
        "warriors", help="list the warrior library, or play it as a round robin (--table)"
    )
    library.add_argument("--settings", choices=sorted(warriors.SETTINGS), default="standard")
    library.add_argument("--family", choices=warriors.families())
    library.add_argument(
        "--table", action="store_true", help="print hill-scored standings as a markdown table"
    )
    library.add_argument("-r", "--rounds", type=int, default=100, help="rounds per pair")
    library.add_argument("--threads", type=int, help="battles at once (default: one per CPU)")
    return parser


def _warriors(args: argparse.Namespace) -> int:
    keys = warriors.names(args.settings, args.family)
    if args.table:
        standings = table.round_robin(
            [warriors.load(key) for key in keys],
            warriors.SETTINGS[args.settings],
            rounds=args.rounds,
            threads=args.threads,
        )
        print(table.to_markdown(standings))
        return 0
    for key in keys:
        entry = warriors.entry(key)
        print(f"{key:16} {entry.family:8} {entry.name}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``redqueen`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["mars"]:
        # pMARS options (bundled flags, "-r 5", "$") are not argparse's: pass them on untouched.
        return pmars_cli.main(argv[1:])
    args = _parser().parse_args(argv)  # --help, or an error naming the unknown command
    return _warriors(args)


if __name__ == "__main__":
    sys.exit(main())
