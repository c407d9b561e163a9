"""``warriors``, ``tournament`` and ``bench``: the library, round robins and melees, benchmarks."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import arena
import warriors
from mars import RedcodeError, assemble_file
from redqueen.cli._options import (
    Handler,
    arena_for,
    arena_options,
    warrior_options,
)

# A melee set larger than this needs --sample: every combination would take days.
MAX_MELEES = 10000


def report_skipped(skipped: Sequence[RedcodeError]) -> None:
    for error in skipped:
        print(f"{error} (skipped)", file=sys.stderr)


def _warriors(args: argparse.Namespace) -> int:
    keys = warriors.names(args.settings, args.family)
    if not args.table:
        for key in keys:
            entry = warriors.entry(key)
            print(f"{key:16} {entry.family:8} {entry.name}")
        return 0
    # Only outcomes are shown: no behaviour statistics, faster.
    with arena_for(args, warriors.SETTINGS[args.settings], behaviour=False) as hill:
        result = arena.round_robin([warriors.load(key) for key in keys], arena=hill)
    print(arena.to_markdown(result.standings))
    return 0


def _tournament(args: argparse.Namespace) -> int:
    settings = warriors.SETTINGS[args.settings]
    size = args.melee or 2
    roster = arena.load_roster(
        args.paths, settings, strict=args.strict, warriors=size, rounds=args.rounds
    )
    report_skipped(roster.skipped)
    count = len(roster.warriors)
    if args.melee and args.sample is None and math.comb(count, size) > MAX_MELEES:
        raise arena.InputError(
            f"{math.comb(count, size)} melees of {size} among {count} warriors; "
            "give --sample K to play K of them"
        )
    with arena_for(args, settings) as hill:
        if args.melee:
            result = arena.melee(roster.warriors, size, sample=args.sample, arena=hill)
        else:
            result = arena.round_robin(roster.warriors, arena=hill)
    print(arena.to_markdown(result.standings))
    if args.out:
        result.write_pairings(args.out)
    return 0


def _bench(args: argparse.Namespace) -> int:
    if not args.warrior.is_file():
        raise arena.InputError("no such file", str(args.warrior))
    suite = arena.load_suite(
        args.suite, warriors.SETTINGS[args.settings], strict=args.strict, rounds=args.rounds
    )
    report_skipped(suite.skipped)
    warrior = assemble_file(args.warrior, suite.config, warriors=2, rounds=args.rounds)
    with arena_for(args, suite.config) as hill:
        result = arena.benchmark(warrior, suite, arena=hill)
    count = len(result.table)
    print(f"{warrior.name}: score {result.score:.1f} against {count} warriors of {suite.name}")
    defeated = round(result.generality * count)
    print(f"generality {result.generality:.3f} ({defeated} of {count} defeated or tied)")
    print(arena.to_markdown(result.table))
    return 0


def register(commands: Any) -> dict[str, Handler]:
    """Add the commands' parsers; their handlers by name."""
    library = commands.add_parser(
        "warriors", help="list the warrior library, or play it as a round robin (--table)"
    )
    library.add_argument("--settings", choices=sorted(warriors.SETTINGS), default="standard")
    library.add_argument("--family", choices=warriors.families())
    library.add_argument(
        "--table", action="store_true", help="print hill-scored standings as a markdown table"
    )
    arena_options(library)

    tournament = commands.add_parser(
        "tournament", help="round robin (or melees) of warrior files; prints the standings"
    )
    tournament.add_argument("paths", nargs="+", help="warrior files, or directories of .red files")
    tournament.add_argument(
        "--melee", type=int, metavar="N", help="melees of N warriors instead of pairs"
    )
    tournament.add_argument(
        "--sample", type=int, metavar="K", help="with --melee: K combinations drawn at random"
    )
    tournament.add_argument(
        "--out", type=Path, metavar="FILE", help="write the pairings (.csv or .parquet)"
    )
    warrior_options(tournament)
    arena_options(tournament)

    bench = commands.add_parser(
        "bench", help="one warrior against a suite: hill score and generality"
    )
    bench.add_argument("warrior", type=Path, help="the warrior's file")
    bench.add_argument(
        "--suite",
        default="standard",
        help="a library settings name or family, or a directory [standard]",
    )
    warrior_options(bench)
    arena_options(bench)
    return {"warriors": _warriors, "tournament": _tournament, "bench": _bench}
