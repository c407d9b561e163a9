"""Independent runs of one configuration with different seeds, side by side on Ray.

The paper compares such replicates to show behavioural convergence: each
seed's run is an ordinary run directory (``PARENT/seed-N``), played by one
Ray task (one CPU) with serial battles inside, so a cluster runs as many
seeds at once as it has CPUs.  Resuming the parent resumes every run that
is not finished.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from arena import Arena, ArenaConfig, ResultCache, connect_ray
from arena.progress import progress as progress_bar
from mars import ConfigError
from redqueen.coevolution import CoevolutionConfig, CoevolutionError, coevolve
from redqueen.runstore import RunStore, RunStoreError

_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_seeds(text: str) -> list[int]:
    """Seeds from ``"0-7"``, ``"3"`` or ``"1,4,9-11"``, in order, without repeats."""
    seeds: list[int] = []
    for part in text.split(","):
        match = _RANGE.match(part.strip())
        if not match:
            raise ConfigError(f"seeds: {part!r} is not a number or a range like 0-7")
        low, high = int(match[1]), int(match[2] or match[1])
        if high < low:
            raise ConfigError(f"seeds: the range {part!r} runs backwards")
        seeds += [seed for seed in range(low, high + 1) if seed not in seeds]
    return seeds


def seed_dir(parent: Path, seed: int) -> Path:
    """Where seed ``seed``'s run lives under ``parent``."""
    return parent / f"seed-{seed}"


def _play(
    config: dict[str, Any] | None, run_dir: str, cache: str | None, resume: bool
) -> pd.DataFrame:
    """One seed's run, inside a Ray worker: serial battles, the shared result cache."""
    loaded = None if config is None else CoevolutionConfig.from_dict(config)
    settings = (loaded or _saved(Path(run_dir))).mars
    stored = None if cache is None else ResultCache(cache)
    with Arena(ArenaConfig(mars=settings), cache=stored) as hill:
        return coevolve(loaded, run_dir, arena=hill, resume=resume, progress=False)


def _saved(run_dir: Path) -> CoevolutionConfig:
    with RunStore.read_only(run_dir) as store:
        return CoevolutionConfig.from_dict(store.config())


def _rounds_done(run_dir: Path) -> int:
    try:
        with RunStore.read_only(run_dir) as store:
            return len(store.champions())
    except RunStoreError:
        return 0


def coevolve_seeds(
    config: CoevolutionConfig | None,
    seeds: Sequence[int],
    parent: str | os.PathLike[str],
    *,
    resume: bool = False,
    address: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    runtime_env: dict[str, Any] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Run ``config`` once per seed under ``parent`` (``resume``: go on with the runs
    there, ``config`` ``None`` and ``seeds`` those found); the runs' summaries
    (:func:`~redqueen.coevolution.summary`) with a ``seed`` column.

    Ray is joined at ``address`` (or ``RAY_ADDRESS``), with ``runtime_env``
    for the runs' tasks, or started locally.
    ``cache`` is the result cache file the runs share (``None``: no cache).
    A run that fails is reported in the error; the others go on to the end.
    """
    parent = Path(parent)
    if resume:
        runs = {
            int(path.name.removeprefix("seed-")): path
            for path in sorted(parent.glob("seed-*"))
            if path.name.removeprefix("seed-").isdigit()
        }
        if not runs:
            raise CoevolutionError(f"{parent}: no seed-N runs to resume")
        total = sum(_saved(path).rounds for path in runs.values())
        jobs = [(None, path, True) for path in runs.values()]
    else:
        if config is None or not seeds:
            raise CoevolutionError("replicates need a configuration and at least one seed")
        if parent.exists() and (not parent.is_dir() or any(parent.iterdir())):
            raise CoevolutionError(f"{parent}: replicates need an absent or empty directory")
        runs = {seed: seed_dir(parent, seed) for seed in seeds}
        total = config.rounds * len(runs)
        jobs = [(replace(config, seed=seed).to_dict(), path, False) for seed, path in runs.items()]
    started = connect_ray(address, runtime_env=runtime_env)
    import ray

    pending: dict[Any, int] = {}
    try:
        task = ray.remote(num_cpus=1)(_play)
        cache_path = None if cache is None else str(cache)
        pending = {
            task.remote(settings, str(path), cache_path, again): seed
            for (settings, path, again), seed in zip(jobs, runs, strict=True)
        }
        summaries, failures = {}, []
        with progress_bar(total, "replicates", enabled=progress) as bar:
            bar.unit = "round"
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=1.0)
                for ref in ready:
                    seed = pending.pop(ref)
                    try:
                        summaries[seed] = ray.get(ref)
                    except (ray.exceptions.RayTaskError, CoevolutionError) as error:
                        failures.append(f"seed {seed} ({runs[seed]}): {error}")
                bar.n = sum(_rounds_done(path) for path in runs.values())
                bar.refresh()
        if failures:
            raise CoevolutionError("; ".join(failures))
    except KeyboardInterrupt:
        # The runs stop at their last committed generation; resume the parent to go on.
        for ref in pending:
            ray.cancel(ref, force=True)
        raise
    finally:
        if started:
            ray.shutdown()
    frames = [summary.assign(seed=seed) for seed, summary in sorted(summaries.items())]
    table = pd.concat(frames, ignore_index=True)
    return table[["seed", *[column for column in table.columns if column != "seed"]]]
