"""``coevolve``: a Digital Red Queen run, or one per seed (``--seeds``)."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import arena
import warriors
from mars import ConfigError
from redqueen.authors import LLMConfig
from redqueen.cli._options import (
    Handler,
    arena_of,
    backend_options,
    print_table,
)
from redqueen.cluster import client_runtime_env
from redqueen.coevolution import AUTHORS, PRESETS, CoevolutionConfig, coevolve
from redqueen.fitness import MODES as FITNESS_MODES
from redqueen.replicates import coevolve_seeds, parse_seeds
from redqueen.runstore import RunStore


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
    backend_options(parser)


def _llm_cache() -> Path:
    """Where model replies are cached unless told otherwise (beside the result cache)."""
    return arena.default_path().parent / "llm"


# Settings taken as they are from the options of the same name (dashes as underscores).
_RUN_OPTIONS = (
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
_LLM_OPTIONS = (
    "base_url",
    "api_key_env",
    "temperature",
    "concurrency",
    "timeout",
    "retries",
    "price_in",
    "price_out",
    "prompts",
)


def _given(args: argparse.Namespace, fields: dict[str, str]) -> dict[str, Any]:
    """The options set on the command line, keyed by the settings they fill."""
    values = {name: getattr(args, option) for name, option in fields.items()}
    return {name: value for name, value in values.items() if value is not None}


def _coevolution_config(args: argparse.Namespace) -> CoevolutionConfig:
    """The preset with the options given on the command line."""
    preset = PRESETS[args.preset]
    given = _given(args, {name: name for name in _RUN_OPTIONS})
    if "batch" in given and "initial_batch" not in given:
        given["initial_batch"] = given["batch"]
    if args.opponents is not None:
        given["opponents"] = tuple(args.opponents.split(","))
    if args.axes is not None:
        given["axes"] = tuple(args.axes.split(","))
    fitness = _given(
        args, {"mode": "fitness", "rounds": "fitness_rounds", "threshold": "threshold"}
    )
    given["fitness"] = replace(preset.fitness, **fitness)
    if given.get("author", preset.author) == "openai":
        given["llm"] = _llm_config(args)
    return replace(preset, **given)


def _llm_config(args: argparse.Namespace) -> LLMConfig:
    if not args.model:
        raise ConfigError("--author openai needs --model")
    options = _given(args, {name: name for name in _LLM_OPTIONS})
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
        run_dir = args.out or fresh(Path("runs") / f"demo-{config.seed}")
        settings = config.mars
        if run_dir.exists() and (not run_dir.is_dir() or any(run_dir.iterdir())):
            raise ConfigError(f"{run_dir} exists and is not empty; give another --out")
    print(f"run: {run_dir}", file=sys.stderr)
    _log_progress(args)
    # The engine draws the bar: one per generation's battles would flicker.
    with arena_of(args, arena.ArenaConfig(mars=settings), bar=False) as hill:
        table = coevolve(
            config,
            run_dir,
            arena=hill,
            resume=bool(args.resume),
            progress=not args.quiet and sys.stderr.isatty(),
        )
    print_table(table)
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
    if args.seed is not None and args.seeds is not None:
        raise ConfigError("give --seed or --seeds, not both")
    if args.resume:
        config, seeds, parent = None, [], args.resume
    else:
        config = _coevolution_config(args)
        seeds = parse_seeds(args.seeds)
        parent = args.out or fresh(Path("runs") / f"seeds-{args.seeds.replace(',', '_')}")
    print(f"runs: {parent}/seed-N", file=sys.stderr)
    cache = None if args.no_cache else (args.cache or arena.default_path())
    table = coevolve_seeds(
        config,
        seeds,
        parent,
        resume=bool(args.resume),
        address=args.address,
        cache=cache,
        runtime_env=client_runtime_env(args.address),
        progress=not args.quiet and sys.stderr.isatty(),
    )
    print_table(table)
    means = table.groupby("round")["generality"].agg(["mean", "std", "count"]).reset_index()
    print("\ngenerality by round over the seeds")
    print_table(means)
    return 0


def _log_progress(args: argparse.Namespace) -> None:
    """Without a terminal for the bar (a log file, a job), progress goes out as log lines."""
    if not args.quiet and not sys.stderr.isatty():
        logging.basicConfig(format="%(asctime)s %(message)s", stream=sys.stderr)
        logging.getLogger("redqueen").setLevel(logging.INFO)


def fresh(path: Path) -> Path:
    """``path``, or else ``path-2``, ``path-3``...: the first that does not exist yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def register(commands: Any) -> dict[str, Handler]:
    """Add the command's parser; its handler by name."""
    coevolution = commands.add_parser(
        "coevolve",
        help="evolve warriors with the Digital Red Queen loop (no options: an offline demo)",
    )
    _coevolve_options(coevolution)
    return {"coevolve": _coevolve}
