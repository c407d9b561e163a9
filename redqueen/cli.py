"""The ``redqueen`` command: one subcommand per tool, each a thin shell over a library call.

Exit codes: 0 success, 1 a backend that failed, 2 bad command line or input
(a missing file, an empty set), 3 a warrior that does not assemble under
``--strict`` (pMARS's codes, as ``redqueen mars`` uses them).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import arena
import warriors
from mars import ConfigError, MarsConfig, RedcodeError, assemble_file, pmars_cli
from redqueen.authors import LLMConfig
from redqueen.coevolution import AUTHORS, CoevolutionConfig, CoevolutionError, coevolve
from redqueen.fitness import MODES as FITNESS_MODES
from redqueen.fitness import FitnessConfig
from redqueen.runstore import RunStore, RunStoreError

EXIT_BACKEND = 1
# A melee set larger than this needs --sample: every combination would take days.
MAX_MELEES = 10000
# `redqueen coevolve` with no options: a few minutes offline on 2 cores.
DEMO = CoevolutionConfig(
    rounds=6, iterations=96, settings="standard", fitness=FitnessConfig(rounds=20)
)


def _arena_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that plays battles."""
    parser.add_argument("-r", "--rounds", type=int, default=100, help="rounds per match [100]")
    parser.add_argument("--seed", type=int, default=0, help="seed of the placements [0]")
    _backend_options(parser)


def _backend_options(parser: argparse.ArgumentParser) -> None:
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


def _coevolve_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``redqueen coevolve``; the defaults are the offline demo's."""
    demo = DEMO
    parser.add_argument("--rounds", type=int, default=demo.rounds, help=f"rounds [{demo.rounds}]")
    parser.add_argument(
        "--iterations",
        type=int,
        default=demo.iterations,
        help=f"warriors requested per round [{demo.iterations}]",
    )
    parser.add_argument(
        "--batch", type=int, default=demo.batch, help=f"warriors per generation [{demo.batch}]"
    )
    parser.add_argument(
        "--fitness", choices=FITNESS_MODES, default=demo.fitness.mode, help="[melee]"
    )
    parser.add_argument(
        "--history",
        type=int,
        metavar="K",
        help="opponents: the initial ones and the last K champions [all champions]",
    )
    parser.add_argument(
        "--settings",
        choices=sorted(warriors.SETTINGS),
        default=demo.settings,
        help=f"battle settings (and held-out suite) [{demo.settings}]",
    )
    parser.add_argument("--seed", type=int, default=demo.seed, help=f"[{demo.seed}]")
    parser.add_argument(
        "--out", type=Path, metavar="RUN_DIR", help="[runs/demo-SEED, or -2, -3... if taken]"
    )
    parser.add_argument("--resume", type=Path, metavar="RUN_DIR", help="go on with a stopped run")
    parser.add_argument("--author", choices=AUTHORS, default="offline", help="[offline]")
    parser.add_argument("--model", help="the chat model of --author openai")
    parser.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible server")
    parser.add_argument(
        "--api-key-env", metavar="VAR", default="OPENAI_API_KEY", help="[OPENAI_API_KEY]"
    )
    parser.add_argument("--temperature", type=float, default=0.8, help="[0.8]")
    _backend_options(parser)


def _warrior_options(parser: argparse.ArgumentParser) -> None:
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
    _arena_options(library)

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
    _warrior_options(tournament)
    _arena_options(tournament)

    bench = commands.add_parser(
        "bench", help="one warrior against a suite: hill score and generality"
    )
    bench.add_argument("warrior", type=Path, help="the warrior's file")
    bench.add_argument(
        "--suite",
        default="standard",
        help="a library settings name or family, or a directory [standard]",
    )
    _warrior_options(bench)
    _arena_options(bench)

    coevolution = commands.add_parser(
        "coevolve",
        help="evolve warriors with the Digital Red Queen loop (no options: an offline demo)",
    )
    _coevolve_options(coevolution)
    return parser


def _arena(
    args: argparse.Namespace, settings: MarsConfig, *, behaviour: bool = True
) -> arena.Arena:
    config = arena.ArenaConfig(
        mars=settings, rounds=args.rounds, seed=args.seed, behaviour=behaviour
    )
    return _arena_of(args, config)


def _arena_of(
    args: argparse.Namespace, config: arena.ArenaConfig, *, bar: bool = True
) -> arena.Arena:
    """An arena on the backend and cache the options name; ``bar``: its own progress bar."""
    backend = (
        arena.RayBackend(args.address)
        if args.backend == "ray" or args.address
        else arena.SerialBackend()
    )
    cache = None if args.no_cache else arena.ResultCache(args.cache)
    show = bar and not args.quiet and sys.stderr.isatty()
    return arena.Arena(config, backend=backend, cache=cache, show_progress=show)


def _report_skipped(skipped: Sequence[RedcodeError]) -> None:
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
    with _arena(args, warriors.SETTINGS[args.settings], behaviour=False) as hill:
        result = arena.round_robin([warriors.load(key) for key in keys], arena=hill)
    print(arena.to_markdown(result.standings))
    return 0


def _tournament(args: argparse.Namespace) -> int:
    settings = warriors.SETTINGS[args.settings]
    size = args.melee or 2
    roster = arena.load_roster(
        args.paths, settings, strict=args.strict, warriors=size, rounds=args.rounds
    )
    _report_skipped(roster.skipped)
    count = len(roster.warriors)
    if args.melee and args.sample is None and math.comb(count, size) > MAX_MELEES:
        raise arena.InputError(
            f"{math.comb(count, size)} melees of {size} among {count} warriors; "
            "give --sample K to play K of them"
        )
    with _arena(args, settings) as hill:
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
    _report_skipped(suite.skipped)
    warrior = assemble_file(args.warrior, suite.config, warriors=2, rounds=args.rounds)
    with _arena(args, suite.config) as hill:
        result = arena.benchmark(warrior, suite, arena=hill)
    count = len(result.table)
    print(f"{warrior.name}: score {result.score:.1f} against {count} warriors of {suite.name}")
    defeated = round(result.generality * count)
    print(f"generality {result.generality:.3f} ({defeated} of {count} defeated or tied)")
    print(arena.to_markdown(result.table))
    return 0


def _coevolution_config(args: argparse.Namespace) -> CoevolutionConfig:
    llm = None
    if args.author == "openai":
        if not args.model:
            raise ConfigError("--author openai needs --model")
        llm = LLMConfig(
            args.model,
            base_url=args.base_url,
            api_key_env=args.api_key_env,
            temperature=args.temperature,
        )
    return replace(
        DEMO,
        rounds=args.rounds,
        iterations=args.iterations,
        batch=args.batch,
        initial_batch=args.batch,
        history=args.history,
        fitness=replace(DEMO.fitness, mode=args.fitness),
        settings=args.settings,
        seed=args.seed,
        author=args.author,
        llm=llm,
    )


def _coevolve(args: argparse.Namespace) -> int:
    if args.resume:
        if args.out:
            raise ConfigError("give --out or --resume, not both")
        config, run_dir = None, args.resume
        with RunStore.read_only(run_dir) as store:
            settings = CoevolutionConfig.from_dict(store.config()).mars
    else:
        config = _coevolution_config(args)
        run_dir = args.out or _fresh(Path("runs") / f"demo-{config.seed}")
        settings = config.mars
        if run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())):
            raise ConfigError(f"{run_dir} exists and is not empty; give another --out")
    print(f"run: {run_dir}", file=sys.stderr)
    # The engine draws the bar: one per generation's battles would flicker.
    with _arena_of(args, arena.ArenaConfig(mars=settings), bar=False) as hill:
        table = coevolve(
            config,
            run_dir,
            arena=hill,
            resume=bool(args.resume),
            progress=not args.quiet and sys.stderr.isatty(),
        )
    # floats to 3 decimals
    cells = table.map(lambda value: f"{value:.3f}" if isinstance(value, float) else value)
    print(arena.to_markdown(cells, table.columns))
    return 0


def _fresh(path: Path) -> Path:
    """``path``, or else ``path-2``, ``path-3``...: the first that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``redqueen`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["mars"]:
        # pMARS options (bundled flags, "-r 5", "$") are not argparse's: pass them on untouched.
        return pmars_cli.main(argv[1:])
    args = _parser().parse_args(argv)  # --help, or an error naming the unknown command
    commands = {
        "warriors": _warriors,
        "tournament": _tournament,
        "bench": _bench,
        "coevolve": _coevolve,
    }
    command = commands[args.command]
    try:
        return command(args)
    except RedcodeError as error:
        print(error, file=sys.stderr)
        return pmars_cli.EXIT_BAD_WARRIOR
    except (arena.InputError, ConfigError, CoevolutionError, RunStoreError) as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return pmars_cli.EXIT_BAD_COMMAND_LINE
    except arena.BackendError as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return EXIT_BACKEND


if __name__ == "__main__":
    sys.exit(main())
