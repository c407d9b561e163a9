"""The ``redqueen`` command: one subcommand per tool, each a thin shell over a library call.

Exit codes: 0 success, 1 a backend that failed, 2 bad command line or input
(a missing file, an empty set), 3 a warrior that does not assemble under
``--strict`` (pMARS's codes, as ``redqueen mars`` uses them).
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

import arena
import warriors
from mars import ConfigError, MarsConfig, RedcodeError, assemble_file, pmars_cli
from redqueen.authors import LLMConfig
from redqueen.cluster import JOB_SERVER_PORT, Cluster, ClusterError, JobState, fetch_run
from redqueen.coevolution import AUTHORS, PRESETS, CoevolutionConfig, CoevolutionError, coevolve
from redqueen.fitness import MODES as FITNESS_MODES
from redqueen.replicates import coevolve_seeds, parse_seeds
from redqueen.runstore import RunStore, RunStoreError

EXIT_BACKEND = 1
# A melee set larger than this needs --sample: every combination would take days.
MAX_MELEES = 10000


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
    """The options of ``redqueen coevolve``; unset ones come from the ``--preset``."""
    demo = PRESETS["demo"]

    def option(name: str, kind: Any, text: str, default: Any = None, **more: Any) -> None:
        shown = f" [{default}]" if default is not None else ""
        parser.add_argument(name, type=kind, help=f"{text}{shown}", **more)

    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="demo",
        help="where the settings start: the offline demo, or the paper's algorithm; the"
        " defaults shown below are the demo's [demo]",
    )
    option("--rounds", int, "Red Queen rounds", demo.rounds)
    option("--iterations", int, "warriors requested per round", demo.iterations)
    option("--batch", int, "warriors per generation", demo.batch)
    option("--initial-batch", int, "new warriors in a round's first generation", demo.batch)
    option(
        "--new-probability", float, "chance of a new warrior, not a mutation", demo.new_probability
    )
    option("--history", int, "opponents: the initial ones and the last K champions", metavar="K")
    option("--opponents", str, "initial opponents, library keys", "imp", metavar="KEY[,KEY]")
    option("--top-remeasure", int, "elites re-measured for champion", demo.top_remeasure)
    parser.add_argument(
        "--warmup", action="store_true", default=None, help="seed each archive with the lineage"
    )
    option(
        "--fitness", str, "fitness against the lineage", demo.fitness.mode, choices=FITNESS_MODES
    )
    option("--fitness-rounds", int, "battle rounds per fitness match", demo.fitness.rounds)
    option("--threshold", float, "fitness that beats the lineage and ends a round", 0.8)
    option("--axes", str, "MAP-Elites descriptors", "spawned,coverage", metavar="A,B")
    option("--settings", str, "battle settings", demo.settings, choices=sorted(warriors.SETTINGS))
    option(
        "--heldout",
        str,
        "generality suite: a directory or library name [the settings' library]",
        metavar="SUITE",
    )
    option("--seed", int, "seed of the run", demo.seed)
    option("--seeds", str, "independent runs side by side on Ray, e.g. 0-7", metavar="LIST")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="RUN_DIR",
        help="[runs/demo-SEED, or -2, -3... if taken; with --seeds: runs/seeds-A-B]",
    )
    parser.add_argument(
        "--resume", type=Path, metavar="RUN_DIR", help="go on with a stopped run (or --seeds runs)"
    )
    option("--author", str, "who writes the Redcode", "offline", choices=AUTHORS)
    parser.add_argument("--model", help="the chat model of --author openai")
    parser.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible server")
    option("--api-key-env", str, "variable holding the API key", "OPENAI_API_KEY", metavar="VAR")
    llm = LLMConfig("")
    option("--temperature", float, "sampling temperature", llm.temperature)
    option("--concurrency", int, "model calls at once", llm.concurrency)
    option("--timeout", float, "seconds per model call", llm.timeout)
    option("--retries", int, "retries of a failed model call", llm.retries)
    option("--price-in", float, "price per 1000 prompt tokens", llm.price_in)
    option("--price-out", float, "price per 1000 reply tokens", llm.price_out)
    option("--prompts", str, "directory of prompt templates replacing the shipped ones")
    option(
        "--llm-cache", str, "model reply cache directory, or off", str(_llm_cache()), metavar="DIR"
    )
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
    dashboard = commands.add_parser(
        "dashboard", help="serve the strategy-emergence dashboard of the runs in a directory"
    )
    dashboard.add_argument("runs_dir", nargs="?", default="runs", type=Path, metavar="RUNS_DIR")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on [127.0.0.1]")
    dashboard.add_argument("--port", type=int, default=8050, help="port [8050]")
    _cluster_parsers(commands)
    return parser


def _cluster_parsers(commands: Any) -> None:
    """``submit``, ``jobs`` and ``fetch-run``: work handed to a Ray cluster."""
    job_server = os.environ.get("RAY_ADDRESS", "")
    if not job_server.startswith(("http://", "https://")):
        job_server = f"http://127.0.0.1:{JOB_SERVER_PORT}"

    def address(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--address", default=job_server, metavar="URL", help=f"the job server [{job_server}]"
        )

    submit = commands.add_parser(
        "submit", help="run a redqueen command on a Ray cluster as a Ray Job: -- coevolve ..."
    )
    address(submit)
    submit.add_argument("--wait", action="store_true", help="stream the job's output to its end")
    submit.add_argument(
        "--wheel", metavar="PATH", help="ship this wheel's build of redqueen [this installation]"
    )
    submit.add_argument(
        "job_command", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="a redqueen command"
    )
    jobs = commands.add_parser("jobs", help="a submitted job: its status, its output, or stop it")
    jobs.add_argument("action", choices=("status", "logs", "stop"))
    jobs.add_argument("job_id", metavar="JOB_ID")
    address(jobs)
    jobs.add_argument("--follow", action="store_true", help="logs: go on until the job ends")
    fetch = commands.add_parser(
        "fetch-run", help="copy a run directory from a cluster's head node (through Ray Client)"
    )
    fetch.add_argument("source", metavar="JOB_ID_OR_REMOTE_DIR")
    fetch.add_argument("local_dir", type=Path, metavar="LOCAL_DIR")
    fetch.add_argument(
        "--address",
        default=os.environ.get("RAY_ADDRESS"),
        metavar="ray://HEAD:10001",
        help="the cluster's Ray Client server [RAY_ADDRESS]",
    )
    fetch.add_argument(
        "--job-server", metavar="URL", help="where to look a JOB_ID up [http://HEAD:8265]"
    )


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


def _llm_cache() -> Path:
    """Where model replies are cached unless told otherwise (beside the result cache)."""
    return arena.default_path().parent / "llm"


def _coevolution_config(args: argparse.Namespace) -> CoevolutionConfig:
    """The preset with the options given on the command line."""
    preset = PRESETS[args.preset]
    given = {
        name: value
        for name, value in vars(args).items()
        if value is not None
        and name
        in (
            "rounds",
            "iterations",
            "batch",
            "initial_batch",
            "new_probability",
            "history",
            "top_remeasure",
            "warmup",
            "settings",
            "heldout",
            "seed",
            "author",
        )
    }
    if "batch" in given and "initial_batch" not in given:
        given["initial_batch"] = given["batch"]
    if args.opponents is not None:
        given["opponents"] = tuple(args.opponents.split(","))
    if args.axes is not None:
        given["axes"] = tuple(args.axes.split(","))
    fitness = {
        name: value
        for name, value in (
            ("mode", args.fitness),
            ("rounds", args.fitness_rounds),
            ("threshold", args.threshold),
        )
        if value is not None
    }
    given["fitness"] = replace(preset.fitness, **fitness)
    if given.get("author", preset.author) == "openai":
        given["llm"] = _llm_config(args)
    return replace(preset, **given)


def _llm_config(args: argparse.Namespace) -> LLMConfig:
    if not args.model:
        raise ConfigError("--author openai needs --model")
    options = {
        name: value
        for name, value in (
            ("base_url", args.base_url),
            ("api_key_env", args.api_key_env),
            ("temperature", args.temperature),
            ("concurrency", args.concurrency),
            ("timeout", args.timeout),
            ("retries", args.retries),
            ("price_in", args.price_in),
            ("price_out", args.price_out),
            ("prompts", args.prompts),
        )
        if value is not None
    }
    cache = args.llm_cache or str(_llm_cache())
    try:
        return LLMConfig(args.model, cache_dir=None if cache == "off" else cache, **options)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def _coevolve(args: argparse.Namespace) -> int:
    if args.out and args.resume:
        raise ConfigError("give --out or --resume, not both")
    if args.seeds is not None or (args.resume and any(args.resume.glob("seed-*"))):
        return _coevolve_seeds(args)
    if args.resume:
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
    _log_progress(args)
    # The engine draws the bar: one per generation's battles would flicker.
    with _arena_of(args, arena.ArenaConfig(mars=settings), bar=False) as hill:
        table = coevolve(
            config,
            run_dir,
            arena=hill,
            resume=bool(args.resume),
            progress=not args.quiet and sys.stderr.isatty(),
        )
    _print_table(table)
    half = len(table) // 2
    if half:
        early, late = table["generality"].iloc[:half], table["generality"].iloc[half:]
        print(
            f"generality: mean {early.mean():.3f} over rounds 1-{half},"
            f" {late.mean():.3f} over rounds {half + 1}-{len(table)}"
        )
    print(f"run directory: {run_dir} (redqueen dashboard {run_dir.parent})")
    return 0


def _coevolve_seeds(args: argparse.Namespace) -> int:
    """``--seeds``: one run per seed under a parent directory, side by side on Ray."""
    if args.resume:
        config, seeds, parent = None, [], args.resume
    else:
        config = _coevolution_config(args)
        seeds = parse_seeds(args.seeds)
        parent = args.out or _fresh(Path("runs") / f"seeds-{args.seeds.replace(',', '_')}")
    print(f"runs: {parent}/seed-N", file=sys.stderr)
    cache = None if args.no_cache else (args.cache or arena.default_path())
    table = coevolve_seeds(
        config,
        seeds,
        parent,
        resume=bool(args.resume),
        address=args.address,
        cache=cache,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    _print_table(table)
    means = table.groupby("round")["generality"].agg(["mean", "std", "count"]).reset_index()
    print("\ngenerality by round over the seeds")
    _print_table(means)
    return 0


def _log_progress(args: argparse.Namespace) -> None:
    """Without a terminal for the bar (a log file, a job), progress goes out as log lines."""
    if not args.quiet and not sys.stderr.isatty():
        logging.basicConfig(format="%(asctime)s %(message)s", stream=sys.stderr)
        logging.getLogger("redqueen").setLevel(logging.INFO)


def _print_table(table: pd.DataFrame) -> None:
    """A markdown table, floats to 3 decimals."""
    cells = table.map(lambda value: f"{value:.3f}" if isinstance(value, float) else value)
    print(arena.to_markdown(cells, table.columns))


def _fresh(path: Path) -> Path:
    """``path``, or else ``path-2``, ``path-3``...: the first that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def _dashboard(args: argparse.Namespace) -> int:
    # Imported here: Dash takes a second to import, which the other commands need not pay.
    from dashboards import DashboardError, serve

    try:
        serve(args.runs_dir, host=args.host, port=args.port)
    except DashboardError as error:
        print(f"redqueen dashboard: {error}", file=sys.stderr)
        return pmars_cli.EXIT_BAD_COMMAND_LINE
    return 0


def _submit(args: argparse.Namespace) -> int:
    command = args.job_command
    command = command[1:] if command[:1] == ["--"] else command
    cluster = Cluster(args.address)
    job_id = cluster.submit(command, wheel=args.wheel)
    print(job_id, flush=True)
    if not args.wait:
        return 0
    try:
        for text in cluster.follow(job_id):
            print(text, end="", flush=True)
    except KeyboardInterrupt:
        print(f"\njob {job_id} goes on; redqueen jobs stop {job_id} stops it", file=sys.stderr)
        return 130
    return _job_exit(cluster.status(job_id))


def _job_exit(state: JobState) -> int:
    """A finished job's exit code: 0 if it succeeded, else the backend's."""
    if state.status != "SUCCEEDED":
        print(f"job {state.job_id}: {state.status} {state.message}".rstrip(), file=sys.stderr)
        return EXIT_BACKEND
    return 0


def _jobs(args: argparse.Namespace) -> int:
    cluster = Cluster(args.address)
    if args.action == "status":
        state = cluster.status(args.job_id)
        print(f"{state.job_id} {state.status} {state.message}".rstrip())
        print(f"entrypoint: {state.entrypoint}")
        if state.run_dir:
            print(f"run directory: {state.run_dir}")
    elif args.action == "logs" and args.follow:
        for text in cluster.follow(args.job_id):
            print(text, end="", flush=True)
        return _job_exit(cluster.status(args.job_id))
    elif args.action == "logs":
        print(cluster.logs(args.job_id), end="")
    elif not cluster.stop(args.job_id):
        print(f"job {args.job_id} had already finished", file=sys.stderr)
    return 0


def _fetch_run(args: argparse.Namespace) -> int:
    if not args.address:
        raise ClusterError("give --address ray://HEAD:10001 (or set RAY_ADDRESS)")
    run_dir = fetch_run(
        args.source, args.local_dir, address=args.address, job_server=args.job_server
    )
    print(f"run directory: {run_dir} (redqueen dashboard {run_dir.parent})")
    return 0


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
        "dashboard": _dashboard,
        "submit": _submit,
        "jobs": _jobs,
        "fetch-run": _fetch_run,
    }
    command = commands[args.command]
    try:
        return command(args)
    except RedcodeError as error:
        print(error, file=sys.stderr)
        return pmars_cli.EXIT_BAD_WARRIOR
    except (arena.InputError, ConfigError, CoevolutionError, RunStoreError, ClusterError) as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return pmars_cli.EXIT_BAD_COMMAND_LINE
    except arena.BackendError as error:
        print(f"redqueen {args.command}: {error}", file=sys.stderr)
        return EXIT_BACKEND


if __name__ == "__main__":
    sys.exit(main())
