"""Options and helpers shared by the commands that play battles."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import arena
import warriors
from mars import MarsConfig
from redqueen.cluster import client_runtime_env

EXIT_BACKEND = 1
# A command: parsed options in, exit code out.
Handler = Callable[[argparse.Namespace], int]


def arena_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that plays battles."""
    parser.add_argument("-r", "--rounds", type=int, default=100, help="rounds per match [100]")
    parser.add_argument("--seed", type=int, default=0, help="seed of the placements [0]")
    backend_options(parser)


def backend_options(parser: argparse.ArgumentParser) -> None:
    """Where battles are played and cached, and the progress bar."""
    parser.add_argument(
        "--backend", choices=("serial", "ray"), default="serial", help="where to play [serial]"
    )
    parser.add_argument(
        "--address",
        metavar="HOST:PORT",
        help="Ray cluster to join (implies --backend ray, which otherwise reads RAY_ADDRESS)",
    )
    parser.add_argument(
        "--cache", type=Path, help=f"result cache file [{arena.default_path()}]", metavar="PATH"
    )
    parser.add_argument("--no-cache", action="store_true", help="play everything again")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def warrior_options(parser: argparse.ArgumentParser) -> None:
    """The options of commands that read warrior files."""
    parser.add_argument(
        "--settings",
        choices=sorted(warriors.SETTINGS),
        default="standard",
        help="battle settings, those of the library's hills [standard]",
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at a warrior that does not assemble"
    )


def arena_for(
    args: argparse.Namespace, settings: MarsConfig, *, behaviour: bool = True
) -> arena.Arena:
    config = arena.ArenaConfig(
        mars=settings, rounds=args.rounds, seed=args.seed, behaviour=behaviour
    )
    return arena_of(args, config)


def arena_of(
    args: argparse.Namespace, config: arena.ArenaConfig, *, bar: bool = True
) -> arena.Arena:
    """An arena on the backend and cache the options name; ``bar``: its own progress bar."""
    backend = (
        arena.RayBackend(args.address, runtime_env=client_runtime_env(args.address))
        if args.backend == "ray" or args.address
        else arena.SerialBackend()
    )
    cache = None if args.no_cache else arena.ResultCache(args.cache)
    show = bar and not args.quiet and sys.stderr.isatty()
    return arena.Arena(config, backend=backend, cache=cache, show_progress=show)


def print_table(table: pd.DataFrame) -> None:
    """A markdown table, floats to 3 decimals."""
    cells = table.map(lambda value: f"{value:.3f}" if isinstance(value, float) else value)
    print(arena.to_markdown(cells, table.columns))
