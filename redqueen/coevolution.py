"""The Digital Red Queen loop: rounds of MAP-Elites, each against the champions before it.

Round ``r`` evolves warriors against its *opponents*: the initial ones (the
Imp by default) and the champions of earlier rounds (all, or the last
``history``; :func:`lineage`).  Inside a round a MAP-Elites :class:`Archive`
fills generation by generation: generation 0 asks the author for
``initial_batch`` new warriors, each later one for ``batch`` warriors, each
new with probability ``new_probability`` (or while the archive is empty),
else a mutation of the elite of a uniformly drawn cell.  A generation's valid
warriors are scored in one :func:`~redqueen.fitness.evaluate` call.  The round
ends when ``iterations`` warriors have been requested or an elite reaches the
fitness threshold; its champion is the best of the top ``top_remeasure``
elites re-measured with fresh placements, then benchmarked against a held-out
suite for its generality.

Every generation is one committed step of the :class:`RunStore` with the
state to resume from (RNG, round, generation, warriors requested); the
round's close (champion, generality) is a step of its own.  All randomness
comes from one ``random.Random(seed)`` and each request carries a seed drawn
from it, so with the offline author a run, interrupted and resumed or not,
gives the same champions for the same seed.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

import warriors
from arena import Arena, ArenaConfig, benchmark, load_suite
from arena.progress import progress as progress_bar
from mars import ConfigError, MarsConfig, MarsError, Warrior, assemble, assemble_file
from redqueen.archive import Archive, Elite
from redqueen.authors import (
    Author,
    AuthorError,
    LLMConfig,
    OfflineAuthor,
    OpenAIAuthor,
    Prompts,
    Request,
    extract_redcode,
)
from redqueen.descriptors import AXES, PAPER_AXES, axes, describe
from redqueen.fitness import FitnessConfig, beats_lineage, evaluate, remeasure
from redqueen.runstore import GenerationWriter, RunStore, restore_rng, rng_state

log = logging.getLogger(__name__)
T = TypeVar("T")

AUTHORS = ("offline", "openai")
SUMMARY_COLUMNS = [
    "round",
    "champion",
    "fitness",
    "remeasured",
    "generality",
    "benchmark",
    "iterations",
    "valid",
]


class CoevolutionError(MarsError):
    """A run that cannot start, resume or go on; the message names the run and round."""


@dataclass(frozen=True)
class CoevolutionConfig:
    """Everything a run depends on; saved as the run's ``config.json``.

    ``iterations`` is each round's budget of warriors requested; ``history``
    ``None`` keeps every earlier champion among the opponents, ``K`` the last
    K.  ``settings`` names :data:`warriors.SETTINGS`; ``opponents`` are library
    keys, assembled under those settings; ``heldout`` is the benchmark suite
    (:func:`arena.load_suite`; ``None``: the library of ``settings``).
    ``author`` is ``"offline"`` or ``"openai"`` (then ``llm`` says which model).
    """

    rounds: int = 3
    iterations: int = 48
    batch: int = 8
    initial_batch: int = 8
    new_probability: float = 0.1
    history: int | None = None
    top_remeasure: int = 3
    warmup: bool = False
    fitness: FitnessConfig = field(default_factory=FitnessConfig)
    axes: tuple[str, ...] = PAPER_AXES
    settings: str = "standard"
    opponents: tuple[str, ...] = ("imp",)
    heldout: str | None = None
    seed: int = 0
    author: str = "offline"
    llm: LLMConfig | None = None

    def __post_init__(self) -> None:
        positive = ("rounds", "iterations", "batch", "initial_batch", "top_remeasure")
        for name in positive:
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0 <= self.new_probability <= 1:
            raise ConfigError(f"new_probability must be within [0, 1], got {self.new_probability}")
        if self.history is not None and self.history < 0:
            raise ConfigError(f"history must be at least 0, got {self.history}")
        if self.settings not in warriors.SETTINGS:
            choices = ", ".join(warriors.SETTINGS)
            raise ConfigError(f"unknown settings {self.settings!r}; choose from {choices}")
        unknown = [name for name in self.axes if name not in AXES]
        if unknown:
            raise ConfigError(f"unknown axes {unknown}; choose from {', '.join(AXES)}")
        if self.author not in AUTHORS:
            raise ConfigError(f"author must be one of {', '.join(AUTHORS)}, got {self.author!r}")
        if self.author == "openai" and self.llm is None:
            raise ConfigError("the openai author needs an llm configuration (a model)")
        if not self.opponents:
            raise ConfigError("a run needs at least one initial opponent")
        for key in self.opponents:
            try:
                warriors.entry(key)
            except KeyError as error:
                raise ConfigError(f"opponents: {error.args[0]}") from None
        suites = (*warriors.SETTINGS, *warriors.families())
        heldout = self.heldout
        if not (heldout is None or heldout in suites or Path(heldout).is_dir()):
            raise ConfigError(
                f"heldout: {heldout} is not a directory nor one of {', '.join(suites)}"
            )
        object.__setattr__(self, "axes", tuple(self.axes))
        object.__setattr__(self, "opponents", tuple(self.opponents))

    @property
    def mars(self) -> MarsConfig:
        """The battle settings of the run."""
        return warriors.SETTINGS[self.settings]

    def to_dict(self) -> dict[str, Any]:
        """The config as JSON-able data (what ``config.json`` holds)."""
        data = asdict(self)
        data["axes"], data["opponents"] = list(self.axes), list(self.opponents)
        if self.llm is not None:
            for name in ("cache_dir", "prompts"):
                if data["llm"][name] is not None:
                    data["llm"][name] = str(data["llm"][name])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoevolutionConfig:
        """The config :meth:`to_dict` gave; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown coevolution settings: {', '.join(unknown)}")
        values = dict(data)
        if isinstance(values.get("fitness"), dict):
            values["fitness"] = FitnessConfig(**values["fitness"])
        if isinstance(values.get("llm"), dict):
            values["llm"] = LLMConfig(**values["llm"])
        return cls(**values)


# Starting points for a run; any field can be changed with dataclasses.replace.
PRESETS = {
    # `redqueen coevolve` with no options: about a minute offline on 2 cores, and
    # 1-on-1 fitness, with which a short run's generality climbs (README).
    "demo": CoevolutionConfig(
        rounds=6, iterations=96, fitness=FitnessConfig(mode="1v1", rounds=20)
    ),
    # The paper's algorithm: one melee against the lineage scored by survival
    # share, the processes-spawned x coverage grid, new warriors with
    # probability 0.1, batches of 8.  Its budget of rounds and iterations is a
    # choice to make for the compute at hand.
    "paper": CoevolutionConfig(
        rounds=10, iterations=1000, fitness=FitnessConfig(mode="melee", rounds=20)
    ),
}


def make_author(config: CoevolutionConfig) -> Author:
    """The author ``config`` names, writing for the run's settings."""
    if config.author == "openai":
        assert config.llm is not None
        prompts = Prompts.load(config.llm.prompts) if config.llm.prompts else None
        return OpenAIAuthor(config.llm, config.mars, prompts=prompts)
    return OfflineAuthor(config.mars)


def lineage(initial: Sequence[T], champions: Sequence[T], history: int | None) -> list[T]:
    """A round's opponents: the initial ones, then the earlier champions (the last
    ``history`` of them when given), oldest first; warriors, or anything standing
    for them (names, ids)."""
    kept = list(champions)
    if history is not None:
        kept = kept[max(0, len(kept) - history) :]
    return [*initial, *kept]


@dataclass
class _Tally:
    """What the progress display counts over the run: warriors written and valid, their
    cost, and candidates evaluated in ``seconds`` of generations (this session's)."""

    written: int = 0
    valid: int = 0
    cost: float = 0.0
    evaluated: int = 0
    seconds: float = 0.0

    def add(self, cost: float, valid: bool) -> None:
        self.written += 1
        self.valid += valid
        self.cost += cost

    @property
    def validity(self) -> float:
        return self.valid / self.written if self.written else 1.0

    @property
    def rate(self) -> float:
        return self.evaluated / self.seconds if self.seconds else 0.0


@dataclass
class _Round:
    """Where a round stands: what the engine saves in each step's state."""

    round: int
    generation: int
    requested: int
    archive: Archive


def _initial_opponents(config: CoevolutionConfig) -> list[tuple[str, Warrior]]:
    """The initial opponents' sources and warriors, assembled under the run's settings."""
    found = []
    for key in config.opponents:
        try:
            path = warriors.entry(key).path
        except KeyError as error:
            raise ConfigError(str(error.args[0])) from None
        found.append((path.read_text(encoding="utf-8"), assemble_file(path, config.mars)))
    return found


def _open_store(
    config: CoevolutionConfig | None, run_dir: Path, resume: bool
) -> tuple[RunStore, CoevolutionConfig]:
    if not resume:
        if config is None:
            raise CoevolutionError("a new run needs a configuration")
        return RunStore.create(run_dir, config.to_dict()), config
    store = RunStore.open(run_dir)
    saved = CoevolutionConfig.from_dict(store.config())
    if config is not None and config != saved:
        store.close()
        raise CoevolutionError(f"{run_dir}: the configuration differs from the run's config.json")
    return store, saved


def coevolve(
    config: CoevolutionConfig | None,
    run_dir: str | os.PathLike[str],
    *,
    author: Author | None = None,
    arena: Arena | None = None,
    resume: bool = False,
    progress: bool = True,
) -> pd.DataFrame:
    """Run (or, ``resume``, go on with) a coevolution in ``run_dir``; its summary.

    ``config`` ``None`` with ``resume`` takes the run's own ``config.json``.
    ``author`` defaults to :func:`make_author`; ``arena`` to a serial, uncached
    one under the run's settings (an arena with other battle settings is an
    error).  The summary is :func:`summary` of the finished run.
    """
    run_dir = Path(run_dir)
    store, config = _open_store(config, run_dir, resume)
    owned = arena is None
    arena = arena or Arena(ArenaConfig(mars=config.mars))
    try:
        if arena.config.mars != config.mars:
            raise CoevolutionError(
                f"the arena's battle settings are not those of {config.settings}"
            )
        _Engine(config, store, author or make_author(config), arena, progress).run()
        return summary(store)
    finally:
        store.close()
        if owned:
            arena.close()


class _Engine:
    """One run's loop over rounds and generations, writing each step to the store."""

    def __init__(
        self,
        config: CoevolutionConfig,
        store: RunStore,
        author: Author,
        arena: Arena,
        show: bool,
    ):
        self.config = config
        self.store = store
        self.author = author
        self.arena = arena
        self.show = show
        self.grid = axes(config.axes)
        self.initial = _initial_opponents(config)
        self.heldout = load_suite(config.heldout or config.settings, config.mars)
        if self.heldout.config != config.mars:
            raise CoevolutionError(
                f"the held-out suite {self.heldout.name} is written for other battle settings"
            )
        self.champions = [assemble(source, config.mars) for source in store.champions()["source"]]
        made = store.warriors().query("origin != 'opponent'")
        self.tally = _Tally(
            written=len(made),
            valid=int(made["error"].isna().sum()),
            cost=float(store.llm_calls()["cost"].sum()),
        )

    def opponents(self) -> list[Warrior]:
        initial = [warrior for _, warrior in self.initial]
        return lineage(initial, self.champions, self.config.history)

    def _resume_point(self) -> tuple[random.Random, _Round | None]:
        """The RNG and the round in progress after the last committed step (``None``: the
        next round starts afresh)."""
        step = self.store.last_step()
        if step is None:
            return random.Random(self.config.seed), None
        rng = restore_rng(step.state["rng"])
        if step.state.get("closed"):
            return rng, None
        archive = self.store.restore_archive(step.round, self.grid) or Archive(self.grid)
        return rng, _Round(step.round, step.generation + 1, step.state["requested"], archive)

    def run(self) -> None:
        rng, current = self._resume_point()
        first = current.round if current else len(self.champions) + 1
        if current is None:
            log.info("%s: round %d of %d", self.store.path, first, self.config.rounds)
        else:
            log.info(
                "%s: resuming round %d generation %d", self.store.path, first, current.generation
            )
        total = self.config.rounds * self.config.iterations
        done = (first - 1) * self.config.iterations + (current.requested if current else 0)
        with progress_bar(total, "coevolution", enabled=self.show) as bar:
            bar.unit = "warrior"
            bar.update(done)
            for number in range(first, self.config.rounds + 1):
                state = current or _Round(number, 0, 0, Archive(self.grid))
                current = None
                self._round(state, rng, bar)

    def _finished(self, state: _Round) -> bool:
        if state.requested >= self.config.iterations:
            return True
        return len(state.archive) > 0 and beats_lineage(
            state.archive.best().fitness, self.config.fitness
        )

    def _round(self, state: _Round, rng: random.Random, bar: Any) -> None:
        opponents = self.opponents()
        while not self._finished(state):
            started = time.perf_counter()
            count = self._generation(state, opponents, rng)
            self.tally.seconds += time.perf_counter() - started
            bar.update(count)
            best = state.archive.best().fitness if len(state.archive) else float("nan")
            tally = self.tally
            bar.set_postfix(
                round=state.round,
                gen=state.generation,
                best=f"{best:.3f}",
                evals=f"{tally.rate:.1f}/s",
                valid=f"{tally.validity:.0%}",
                cost=f"${tally.cost:.2f}",
            )
            log.info(
                "round %d generation %d: %d warriors, archive %d, best %.3f, %.1f evaluations/s,"
                " %.0f%% valid, cost $%.4f",
                state.round,
                state.generation,
                count,
                len(state.archive),
                best,
                tally.rate,
                100 * tally.validity,
                tally.cost,
            )
            state.generation += 1
        self._close(state, opponents, rng)

    def _requests(self, state: _Round, rng: random.Random) -> list[tuple[Request, list[int]]]:
        """The generation's requests, each with its parents' warrior ids."""
        wanted = self.config.initial_batch if state.generation == 0 else self.config.batch
        wanted = min(wanted, self.config.iterations - state.requested)
        requests = []
        for _ in range(wanted):
            new = state.generation == 0 or rng.random() < self.config.new_probability
            if new or not len(state.archive):
                requests.append((Request("new", seed=rng.getrandbits(32)), []))
            else:
                parent = state.archive.sample(rng)
                request = Request("mutate", (parent.source,), seed=rng.getrandbits(32))
                requests.append((request, [int(parent.identifier)]))
        return requests

    def _generation(self, state: _Round, opponents: list[Warrior], rng: random.Random) -> int:
        """Write, assemble, evaluate and archive one generation; commit it.  Returns the
        number of warriors requested."""
        requests = self._requests(state, rng)
        replies = self.author.write([request for request, _ in requests])
        with self.store.generation(state.round, state.generation) as step:
            candidates: list[tuple[int, str, Warrior]] = []
            if state.generation == 0 and self.config.warmup:
                candidates += self._warmup(step)
            for (request, parents), reply in zip(requests, replies, strict=True):
                source, warrior, error = self._assemble(reply.text, reply.error)
                wid = step.add_warrior(
                    source,
                    origin=request.kind,
                    parents=parents,
                    author=reply.author,
                    seed=request.seed,
                    assembled=warrior,
                    error=error,
                )
                step.add_llm_call(reply, wid)
                self.tally.add(reply.cost, warrior is not None)
                if warrior is not None:
                    candidates.append((wid, source, warrior))
            self._archive(step, state.archive, candidates, opponents)
            state.requested += len(requests)
            step.snapshot(state.archive)
            step.state = {"rng": rng_state(rng), "requested": state.requested}
        return len(requests)

    def _assemble(self, text: str, failure: str | None) -> tuple[str, Warrior | None, str | None]:
        """A reply's source and warrior, or its source and why it is no warrior."""
        if not text:
            return "", None, failure or "empty reply"
        try:
            source = extract_redcode(text)
        except AuthorError as error:
            return text, None, str(error)
        try:
            return source, assemble(source, self.config.mars), None
        except MarsError as error:
            return source, None, str(error)

    def _warmup(self, step: GenerationWriter) -> list[tuple[int, str, Warrior]]:
        """The initial opponents and earlier champions, as candidates of generation 0; a
        champion's copy names the champion as its parent, so ancestries cross rounds."""
        champions = self.store.champions()
        entries = [(source, []) for source, _ in self.initial]
        entries += [
            (source, [int(wid)])
            for source, wid in zip(champions["source"], champions["warrior"], strict=True)
        ]
        found = []
        for source, parents in entries:
            warrior = assemble(source, self.config.mars)
            wid = step.add_warrior(source, origin="opponent", parents=parents, assembled=warrior)
            found.append((wid, source, warrior))
        return found

    def _archive(
        self,
        step: GenerationWriter,
        archive: Archive,
        candidates: list[tuple[int, str, Warrior]],
        opponents: list[Warrior],
    ) -> None:
        if not candidates:
            return
        fitness = self.config.fitness
        evaluations = evaluate([w for _, _, w in candidates], opponents, self.arena, fitness)
        self.tally.evaluated += len(evaluations)
        for (wid, source, _), evaluation in zip(candidates, evaluations, strict=True):
            values = describe(evaluation, self.grid)
            step.add_evaluation(wid, evaluation, descriptors=values, config=asdict(fitness))
            archive.add(Elite(str(wid), source, evaluation.fitness, values))

    def _close(self, state: _Round, opponents: list[Warrior], rng: random.Random) -> None:
        """Choose, re-measure and benchmark the round's champion; commit it as a step."""
        if not len(state.archive):
            made = self.store.warriors().query(f"round == {state.round}")
            errors = made["error"].dropna()
            last = f"; the last error: {errors.iloc[-1]}" if len(errors) else ""
            raise CoevolutionError(
                f"{self.store.path}: round {state.round} ended with no valid warrior"
                f" ({len(made)} written, none assembled{last}); the replies are in the"
                " run's llm_calls table"
            )
        top = sorted(state.archive, key=lambda elite: -elite.fitness)[: self.config.top_remeasure]
        contenders = [assemble(elite.source, self.config.mars) for elite in top]
        again = remeasure(contenders, opponents, self.arena, self.config.fitness)
        best = max(range(len(top)), key=lambda i: again[i].fitness)
        champion, warrior = top[best], contenders[best]
        result = benchmark(warrior, self.heldout, arena=self.arena)
        with self.store.generation(state.round, state.generation) as step:
            for elite, evaluation in zip(top, again, strict=True):
                config = asdict(self.config.fitness)
                step.add_evaluation(
                    int(elite.identifier), evaluation, purpose="remeasure", config=config
                )
            wid = int(champion.identifier)
            step.add_evaluation(wid, result.generality, purpose="generality")
            step.add_heldout(state.round, wid, result.table)
            step.record_champion(
                state.round,
                wid,
                champion.fitness,
                remeasured=again[best].fitness,
                generality=result.generality,
                benchmark=result.score,
            )
            step.state = {"rng": rng_state(rng), "requested": state.requested, "closed": True}
        self.champions.append(warrior)
        log.info(
            "round %d champion %s: fitness %.3f, re-measured %.3f, generality %.3f",
            state.round,
            warrior.name,
            champion.fitness,
            again[best].fitness,
            result.generality,
        )


def summary(store: RunStore) -> pd.DataFrame:
    """One row per finished round: ``round``, ``champion`` (name), ``fitness``,
    ``remeasured``, ``generality``, ``benchmark`` (hill score against the held-out
    suite), ``iterations`` (warriors requested) and ``valid`` (the fraction that
    assembled)."""
    champions = store.champions()
    if champions.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    every = store.warriors()
    made = every[every["origin"] != "opponent"]
    counts = made.groupby("round").agg(
        iterations=("id", "size"), valid=("error", lambda errors: float(errors.isna().mean()))
    )
    names = every.set_index("id")["name"]
    frame = champions.assign(champion=champions["warrior"].map(names))
    frame = frame.join(counts, on="round")
    return frame[SUMMARY_COLUMNS].reset_index(drop=True)
