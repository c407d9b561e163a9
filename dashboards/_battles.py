"""The battles the dashboard plays itself, all through ``arena`` and ``mars``.

Matches go through an :class:`arena.Arena` with the default result cache, so
a page shown again (or refreshed while a run goes on) plays only what is new.
Each call opens its own arena and cache: Dash answers callbacks on several
threads, and a SQLite connection belongs to the thread that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import warriors as library
from arena import Arena, ArenaConfig, ResultCache, benchmark, load_suite, round_robin
from dashboards._runs import DashboardError, Run
from mars import MarsError, Warrior, assemble, assemble_file, run_battle
from redqueen.coevolution import lineage

# The arena's defaults, which the coevolution's benchmarks use too.
ROUNDS = 100
# Frames of a replay: enough to watch, small enough to send one per tick.
FRAMES = 150


def _arena(run: Run) -> Arena:
    return Arena(
        ArenaConfig(mars=library.SETTINGS[run.settings], rounds=ROUNDS), cache=ResultCache()
    )


def _assembled(run: Run, wid: int) -> Warrior:
    source = run.warriors.set_index("id")["source"].get(wid)
    if source is None:
        raise DashboardError(f"{run.path}: no warrior {wid} in this run")
    try:
        return assemble(source, library.SETTINGS[run.settings])
    except MarsError as error:
        raise DashboardError(f"{run.path}: warrior {wid} does not assemble ({error})") from error


def lineage_matrix(run: Run) -> pd.DataFrame:
    """Each champion (rows, by round) against each other champion (columns): the row's
    hill score (0-300) over ``ROUNDS`` rounds; NaN on the diagonal.  Intransitive cycles
    show as a row beating the next, which beats a third, which beats the first."""
    rounds = [int(r) for r in run.champions["round"]]
    frame = pd.DataFrame(np.nan, index=rounds, columns=rounds)
    if len(rounds) < 2:
        return frame
    fighters = [_assembled(run, int(w)) for w in run.champions["warrior"]]
    with _arena(run) as arena:
        pairings = round_robin(fighters, arena=arena).pairings
    for row in pairings.itertuples(index=False):
        frame.iloc[int(row.warrior), int(row.opponent)] = float(row.score)
    return frame


def lineage_results(run: Run, wid: int) -> pd.DataFrame:
    """Warrior ``wid`` against the opponents of its round (the initial ones and the
    champions of earlier rounds): ``name``, ``wins``, ``losses``, ``ties``, ``score``."""
    fighter = _assembled(run, wid)
    round = int(run.warriors.set_index("id").loc[wid, "round"])
    config = library.SETTINGS[run.settings]
    keys = run.config.get("opponents", ["imp"])
    initial = [assemble_file(library.entry(key).path, config) for key in keys]
    earlier = run.champions[run.champions["round"] < round]
    champions = [
        (f"round {r} champion", _assembled(run, int(w)))
        for r, w in zip(earlier["round"], earlier["warrior"], strict=True)
    ]
    named = lineage([(w.name, w) for w in initial], champions, run.config.get("history"))
    names = [name for name, _ in named]
    opponents = [warrior for _, warrior in named]
    with _arena(run) as arena:
        pairings = round_robin([fighter], opponents=opponents, arena=arena).pairings
    table = pairings[["opponent", "wins", "losses", "ties", "score"]].copy()
    table.insert(0, "name", [names[int(i)] for i in table.pop("opponent")])
    return table


def heldout_results(run: Run, wid: int) -> pd.DataFrame:
    """Warrior ``wid`` against the run's held-out suite: what the run stored for a
    champion, otherwise played now; ``name``, ``wins``, ``losses``, ``ties``, ``score``."""
    columns = ["name", "wins", "losses", "ties", "score"]
    stored = run.heldout[run.heldout["warrior"] == wid]
    if len(stored):
        return stored[columns].reset_index(drop=True)
    suite = load_suite(run.config.get("heldout") or run.settings, library.SETTINGS[run.settings])
    with _arena(run) as arena:
        return benchmark(_assembled(run, wid), suite, arena=arena).table[columns]


@dataclass(frozen=True)
class Replay:
    """A battle's first round seen every few cycles (see :class:`mars.Trace`)."""

    names: tuple[str, ...]
    owner: np.ndarray
    tasks: np.ndarray
    cycle: np.ndarray
    coresize: int


def replay(run: Run, wids: Sequence[int], seed: int) -> Replay:
    """Warriors ``wids`` of ``run`` fighting one round with placement ``seed``."""
    if len(wids) < 2:
        raise DashboardError("a replay needs at least two warriors")
    config = library.SETTINGS[run.settings]
    fighters = [_assembled(run, wid) for wid in wids]
    every = max(1, config.cycles // FRAMES)
    result = run_battle(
        fighters, config, rounds=1, seed=seed, trace_every=every, trace_frames=FRAMES + 1
    )
    assert result.trace is not None  # asked for with trace_every
    names = tuple(f"{run.name_of(w)} ({w})" for w in wids)
    trace = result.trace
    return Replay(names, trace.owner, trace.tasks, trace.cycle, config.coresize)
