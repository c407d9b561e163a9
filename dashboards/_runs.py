"""The data layer: runs read from the run store as tidy DataFrames, one function per view.

Nothing here imports Dash.  Every run is opened read-only for the length of
one call (SQLite ``mode=ro``), so a run being written goes on being written;
every problem with a run (missing, half written, an older format, bad rows)
comes out as one :class:`DashboardError` naming the run directory.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import warriors as library
from arena import default_path
from mars import MarsError, assemble
from redqueen import strategy
from redqueen.descriptors import AXES, PAPER_AXES
from redqueen.fitness import MAX_HILL_SCORE
from redqueen.runstore import CONFIG, DATABASE, RunStore, RunStoreError

RUNS_COLUMNS = [
    "run",
    "status",
    "rounds",
    "best_generality",
    "author",
    "cost",
    "settings",
    "seed",
    "problem",
]


class DashboardError(Exception):
    """A run (or runs directory) the dashboard cannot show; the message says which and why."""


@dataclass(frozen=True)
class Run:
    """One run read at one moment: its configuration, status and every table but the archive."""

    name: str
    path: Path
    config: dict[str, Any]
    status: str
    warriors: pd.DataFrame
    evaluations: pd.DataFrame
    champions: pd.DataFrame
    heldout: pd.DataFrame
    llm_calls: pd.DataFrame

    @property
    def settings(self) -> str:
        return str(self.config.get("settings", "standard"))

    @property
    def rounds(self) -> int:
        return int(self.config.get("rounds", len(self.champions)))

    def name_of(self, warrior: int) -> str:
        names = self.warriors.set_index("id")["name"]
        name = names.get(warrior)
        return name if isinstance(name, str) and name else f"warrior {warrior}"


def is_run(path: Path) -> bool:
    """Whether ``path`` looks like a run directory (even a half-written one)."""
    return path.is_dir() and ((path / CONFIG).exists() or (path / DATABASE).exists())


def _subdirectories(path: Path) -> list[Path]:
    return sorted(child for child in path.iterdir() if child.is_dir())


def find_runs(runs_dir: Path) -> list[str]:
    """The runs under ``runs_dir`` by name: their path relative to it (``seeds-1_2/seed-1``
    for a run in a group, a directory of runs), ``.`` for ``runs_dir`` itself when it is
    a run.  Other directories, empty ones included, are listed too, so that the page can
    say what is wrong with them."""
    if not runs_dir.is_dir():
        raise DashboardError(f"{runs_dir}: no such directory")
    if is_run(runs_dir):
        return ["."]
    found = []
    for child in _subdirectories(runs_dir):
        inner = _subdirectories(child) if not is_run(child) else []
        if any(is_run(path) for path in inner):
            found += [f"{child.name}/{path.name}" for path in inner]
        else:
            found.append(child.name)
    return found


def run_path(runs_dir: Path, name: str) -> Path:
    """The directory of run ``name``, refusing names that leave ``runs_dir`` (a run may
    be a symbolic link to elsewhere)."""
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise DashboardError(f"{name}: not a run under {runs_dir}")
    return runs_dir / name


@contextmanager
def _opened(path: Path) -> Iterator[RunStore]:
    """The run store at ``path``, read-only, with its failures as :class:`DashboardError`."""
    try:
        store = RunStore.read_only(path)
    except RunStoreError as error:
        raise DashboardError(_problem(path, error)) from error
    except sqlite3.Error as error:
        raise DashboardError(f"{path}: cannot read the run database ({error})") from error
    try:
        yield store
    except (sqlite3.Error, ValueError, KeyError) as error:
        raise DashboardError(f"{path}: the run's data is unreadable ({error})") from error
    finally:
        store.close()


def _problem(path: Path, error: RunStoreError) -> str:
    """A reader's message for a run that does not open."""
    if path.is_dir() and not any(path.iterdir()):
        return f"{path}: empty directory, no run has been written here yet"
    if (path / CONFIG).exists() and not (path / DATABASE).exists():
        return f"{path}: half-written run (config.json but no {DATABASE} yet)"
    return str(error)


def load(runs_dir: Path, name: str) -> Run:
    """Run ``name`` under ``runs_dir`` as it is now."""
    path = run_path(runs_dir, name)
    with _opened(path) as store:
        return Run(
            name=name,
            path=path,
            config=store.config(),
            status=store.status(),
            warriors=store.warriors(),
            evaluations=store.evaluations(),
            champions=store.champions(),
            heldout=store.heldout(),
            llm_calls=store.llm_calls(),
        )


def runs_table(runs_dir: Path) -> pd.DataFrame:
    """One row per run under ``runs_dir`` (:data:`RUNS_COLUMNS`); a run that does not
    open has only ``run`` and ``problem``."""
    rows = []
    for name in find_runs(runs_dir):
        try:
            run = load(runs_dir, name)
        except DashboardError as error:
            rows.append({"run": name, "problem": str(error)})
            continue
        generality = run.champions["generality"].max() if len(run.champions) else None
        author = str(run.config.get("author", "?"))
        llm = run.config.get("llm") or {}
        rows.append(
            {
                "run": name,
                "status": run.status,
                "rounds": f"{len(run.champions)} / {run.rounds}",
                "best_generality": None if pd.isna(generality) else float(generality),
                "author": f"{author} ({llm['model']})" if llm.get("model") else author,
                "cost": float(run.llm_calls["cost"].sum()),
                "settings": run.settings,
                "seed": run.config.get("seed"),
                "problem": "",
            }
        )
    return pd.DataFrame(rows, columns=RUNS_COLUMNS)


def champions(run: Run) -> pd.DataFrame:
    """Per round: ``round``, ``warrior``, ``name``, ``fitness`` (against the lineage),
    ``remeasured``, ``generality`` (against the held-out suite), ``benchmark``."""
    frame = run.champions.drop(columns="source")
    return frame.assign(name=frame["warrior"].map(run.name_of))


def axis_labels(name: str) -> list[str]:
    """The bins of descriptor axis ``name`` as ranges: ``< 1``, ``1-10``, ..., ``>= 10000``."""
    edges = [f"{edge:g}" for edge in AXES[name].edges]
    middle = [f"{low}-{high}" for low, high in itertools.pairwise(edges)]
    return [f"< {edges[0]}", *middle, f">= {edges[-1]}"]


def archive(run: Run, round: int) -> pd.DataFrame:
    """Round ``round``'s latest archive: ``warrior``, ``name``, ``fitness``, ``x``, ``y``
    (bin indices along the first two axes) and ``descriptors``."""
    with _opened(run.path) as store:
        frame = store.archive(round)
    cells = frame["cell"].tolist()
    return pd.DataFrame(
        {
            "warrior": frame["warrior"],
            "name": frame["warrior"].map(run.name_of),
            "fitness": frame["fitness"],
            "x": [cell[0] for cell in cells],
            "y": [cell[1] if len(cell) > 1 else 0 for cell in cells],
            "descriptors": frame["descriptors"],
        }
    )


def axes_of(run: Run) -> list[str]:
    """The run's descriptor axes (the paper's when the config does not say)."""
    return list(run.config.get("axes") or PAPER_AXES)


class _FamilyCache:
    """Families already found, on disk beside the arena's result cache: classifying
    plays battles (tens of milliseconds a warrior), a long run's first view shows
    hundreds of warriors, and every server process would pay again.  Keys hold a
    digest of the classifier's own source, so a changed classifier starts afresh."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS families (key TEXT PRIMARY KEY, family TEXT)")
        self._lock = threading.Lock()
        self._classifier = hashlib.sha256(Path(strategy.__file__).read_bytes()).hexdigest()

    def key(self, source: str, settings: str) -> str:
        text = f"{self._classifier}\0{settings}\0{source}"
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT family FROM families WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def put(self, key: str, family: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO families VALUES (?, ?)", (key, family))


_FAMILY_CACHE_LOCK = threading.Lock()


@functools.cache
def _family_cache() -> _FamilyCache:
    # Callback threads ask at once; two connections switching the file to WAL
    # together would find it locked.
    with _FAMILY_CACHE_LOCK:
        return _FamilyCache(default_path().parent / "families.sqlite")


def family(source: str, settings: str) -> str:
    """The strategy family of ``source`` under ``settings`` (:func:`redqueen.strategy.classify`;
    ``invalid`` when it does not assemble), remembered on disk."""
    cache = _family_cache()
    key = cache.key(source, settings)
    found = cache.get(key)
    if found is None:
        config = library.SETTINGS[settings]
        try:
            found = strategy.classify(assemble(source, config), config)
        except MarsError:
            found = "invalid"
        cache.put(key, found)
    return found


def _evaluated(run: Run) -> pd.DataFrame:
    """The warriors scored for fitness: ``round``, ``warrior``, ``source``."""
    scored = run.evaluations[run.evaluations["purpose"] == "fitness"]
    sources = run.warriors.set_index("id")["source"]
    frame = scored[["round", "warrior"]].drop_duplicates("warrior")
    return frame.assign(source=frame["warrior"].map(sources))


def _shares(frame: pd.DataFrame, column: str, weight: str | None = None) -> pd.DataFrame:
    """Per round, each value of ``column``'s share of the round (by count or ``weight``)."""
    grouped = frame.groupby(["round", column])
    counts = grouped[weight].sum() if weight else grouped.size()
    shares = counts / counts.groupby(level="round").transform("sum")
    return shares.rename("share").reset_index()


def _families(sources: Sequence[str], settings: str) -> list[str]:
    """The families of ``sources``, on every core: the VM releases the GIL, and a long
    run's first view classifies hundreds of warriors."""
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return list(pool.map(lambda source: family(source, settings), sources))


def families(run: Run) -> pd.DataFrame:
    """The strategy-emergence view: per round and ``basis`` (``evaluated``: every warrior
    scored that round; ``elites``: the round's final archive), each ``family``'s
    ``share``."""
    evaluated = _evaluated(run)
    rounds = sorted(int(r) for r in evaluated["round"].unique())
    with _opened(run.path) as store:
        rows = [(r, source) for r in rounds for source in store.archive(r)["source"]]
    elites = pd.DataFrame(rows, columns=["round", "source"])
    frames = []
    for basis, frame in (("evaluated", evaluated), ("elites", elites)):
        if len(frame):
            named = frame.assign(family=_families(list(frame["source"]), run.settings))
            frames.append(_shares(named, "family").assign(basis=basis))
    return pd.concat(frames, ignore_index=True)


def opcodes(run: Run) -> pd.DataFrame:
    """Per round, each ``opcode``'s ``share`` of the instructions of the warriors scored."""
    rows = []
    for round, source in _evaluated(run)[["round", "source"]].itertuples(index=False):
        try:
            warrior = assemble(source, library.SETTINGS[run.settings])
        except MarsError:
            continue
        counts = Counter(instruction.opcode.name for instruction in warrior.instructions)
        rows += [(round, opcode, count) for opcode, count in counts.items()]
    frame = pd.DataFrame(rows, columns=["round", "opcode", "count"])
    return _shares(frame, "opcode", weight="count")


def authoring(run: Run) -> pd.DataFrame:
    """Per round: ``valid`` (the fraction of replies that assembled), ``calls``,
    ``cost``, ``tokens`` and ``author``."""
    made = run.warriors[~run.warriors["origin"].isin(["seed", "opponent"])]
    valid = made.groupby("round")["error"].apply(lambda errors: float(errors.isna().mean()))
    calls = run.llm_calls.assign(tokens=run.llm_calls["tokens_in"] + run.llm_calls["tokens_out"])
    per_round = calls.groupby("round").agg(
        calls=("id", "size"),
        cost=("cost", "sum"),
        tokens=("tokens", "sum"),
        author=("author", "first"),
    )
    return per_round.join(valid.rename("valid"), how="outer").reset_index()


@dataclass(frozen=True)
class WarriorView:
    """One warrior: its row, its parents' sources, its fitness evaluation and ancestry."""

    row: dict[str, Any]
    parent_source: str | None
    evaluation: dict[str, Any] | None
    ancestry: pd.DataFrame
    champion_of: int | None


def warrior(run: Run, wid: int) -> WarriorView:
    """Warrior ``wid`` of ``run``; its ancestry runs from it back through first parents
    (``parent_a``) to the warrior its line began with, one row per ancestor."""
    table = run.warriors.set_index("id")
    if wid not in table.index:
        raise DashboardError(f"{run.path}: no warrior {wid} in this run")
    row = {"id": wid, **table.loc[wid].to_dict()}
    chain, seen, current = [], set(), wid
    while current is not None and current in table.index and current not in seen:
        seen.add(current)
        chain.append({"id": current, **table.loc[current].to_dict()})
        parent = table.loc[current, "parent_a"]
        current = None if pd.isna(parent) else int(parent)
    ancestry = pd.DataFrame(chain)[["id", "round", "generation", "origin", "name", "author"]]
    parent = row["parent_a"]
    parent_source = None if pd.isna(parent) else str(table.loc[int(parent), "source"])
    scored = run.evaluations[
        (run.evaluations["warrior"] == wid) & (run.evaluations["purpose"] == "fitness")
    ]
    evaluation = scored.iloc[-1].to_dict() if len(scored) else None
    won = run.champions.loc[run.champions["warrior"] == wid, "round"]
    return WarriorView(
        row, parent_source, evaluation, ancestry, int(won.iloc[0]) if len(won) else None
    )


def _genotype(source: str, settings: str) -> tuple[tuple[int, ...], ...]:
    """The assembled instructions (labels resolved), what code distance compares."""
    try:
        warrior = assemble(source, library.SETTINGS[settings])
    except MarsError:
        return ()
    return tuple(tuple(int(field) for field in ins) for ins in warrior.instructions)


def _mean_pairwise(items: Sequence[Any], distance: Callable[[Any, Any], float]) -> float:
    pairs = list(itertools.combinations(items, 2))
    return float(np.mean([distance(a, b) for a, b in pairs])) if pairs else float("nan")


def _code_distance(a: Sequence[Any], b: Sequence[Any]) -> float:
    return 1.0 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def across(runs: Sequence[Run]) -> pd.DataFrame:
    """Per round, across ``runs``: ``behaviour`` spread (root-mean-square difference of
    the champions' held-out score vectors, scores / 300, averaged over pairs of runs)
    and ``code`` spread (mean of 1 - the similarity of their assembled instruction
    sequences), with ``runs``, the number of runs with a champion that round."""
    settings = {run.settings for run in runs}
    if len(settings) > 1:
        raise DashboardError(
            f"runs with different settings ({', '.join(sorted(settings))}) are not comparable"
        )
    rows = []
    rounds = sorted({int(r) for run in runs for r in run.champions["round"]})
    for round in rounds:
        vectors, codes = [], []
        for run in runs:
            held = run.heldout[run.heldout["round"] == round]
            champion = run.champions[run.champions["round"] == round]
            if held.empty or champion.empty:
                continue
            vectors.append(held.set_index("name")["score"] / MAX_HILL_SCORE)
            codes.append(_genotype(champion["source"].iloc[0], run.settings))
        behaviour = _mean_pairwise(
            vectors, lambda a, b: float(np.sqrt(((a - b.reindex(a.index)) ** 2).mean()))
        )
        rows.append(
            {
                "round": round,
                "behaviour": behaviour,
                "code": _mean_pairwise(codes, _code_distance),
                "runs": len(vectors),
            }
        )
    return pd.DataFrame(rows, columns=["round", "behaviour", "code", "runs"])
