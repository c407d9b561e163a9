"""The ``redqueen`` command: one subcommand per tool, each a thin shell over a library call.

The commands live by subject: ``_battles`` (``warriors``, ``tournament``,
``bench``), ``_coevolve``, ``_dashboard`` and ``_cluster`` (``submit``,
``jobs``, ``fetch-run``); ``redqueen mars`` is :mod:`mars.pmars_cli`.  Each
module's ``register`` adds its parsers and names its handlers.

Exit codes: 0 success, 1 a backend that failed, 2 bad command line or input
(a missing file, an empty set), 3 a warrior that does not assemble under
``--strict`` (pMARS's codes, as ``redqueen mars`` uses them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import arena
from mars import ConfigError, RedcodeError, pmars_cli
from redqueen.cli import _battles, _cluster, _coevolve, _dashboard
from redqueen.cli._options import EXIT_BACKEND, Handler
from redqueen.cluster import ClusterError
from redqueen.coevolution import CoevolutionError
from redqueen.runstore import RunStoreError


def _parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = argparse.ArgumentParser(
        prog="redqueen", description="Core War warriors: battles, coevolution and benchmarks."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "mars",
        add_help=False,
        help="run battles exactly like pMARS 0.9.2 (same options and output)",
    )
    handlers: dict[str, Handler] = {}
    for module in (_battles, _coevolve, _dashboard, _cluster):
        handlers |= module.register(commands)
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``redqueen`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["mars"]:
        # pMARS options (bundled flags, "-r 5", "$") are not argparse's: pass them on untouched.
        return pmars_cli.main(argv[1:])
    parser, handlers = _parser()
    args = parser.parse_args(argv)  # --help, or an error naming the unknown command
    try:
        return handlers[args.command](args)
    except RedcodeError as error:
        print(error, file=sys.stderr)
        return pmars_cli.EXIT_BAD_WARRIOR
    except (arena.InputError, ConfigError, CoevolutionError, RunStoreError, ClusterError) as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return pmars_cli.EXIT_BAD_COMMAND_LINE
    except arena.BackendError as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return EXIT_BACKEND
