"""The rows of one generation, written in one transaction (:meth:`RunStore.generation`)."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import TYPE_CHECKING, Any

from arena import BEHAVIOUR
from mars import MarsError, Warrior
from redqueen.archive import Archive
from redqueen.fitness import Evaluation
from redqueen.runstore._schema import ORIGINS, PURPOSES

if TYPE_CHECKING:
    import pandas as pd

    from redqueen.authors import Reply


class RunStoreError(MarsError):
    """A run directory that cannot be created, opened or written as asked."""


def to_json(value: Any, what: str, indent: int | None = None) -> str:
    """``value`` (a JSON-able mapping, list or a dataclass) as strict JSON text."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False, indent=indent)
    except (TypeError, ValueError) as error:
        raise RunStoreError(f"{what} is not plain JSON data: {error}") from error


def rng_state(rng: random.Random) -> list[Any]:
    """``rng``'s state as JSON-able lists, for a step's engine state."""
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def restore_rng(state: Sequence[Any]) -> random.Random:
    """A generator in the state :func:`rng_state` saved: it draws what the saved one would."""
    version, internal, gauss = state
    rng = random.Random()
    rng.setstate((version, tuple(internal), gauss))
    return rng


class GenerationWriter:
    """Adds one generation's rows; nothing is visible until the ``with`` block ends cleanly.

    Warrior ids returned by :meth:`add_warrior` are the ids the other rows (and
    archive elites' ``identifier``, as ``str(id)``) refer to.
    """

    def __init__(self, db: sqlite3.Connection, where: str, round: int, generation: int):
        self._db = db
        self._where = where
        self.round = round
        self.generation = generation
        self.state: Any = {}
        self.champion_rounds: list[int] = []
        self._archive_size: int | None = None
        self._open = True

    def _check(self) -> None:
        if not self._open:
            raise RunStoreError(
                f"{self._where}: round {self.round} generation {self.generation} is already closed"
            )

    def _choose(self, what: str, value: str, choices: Sequence[str]) -> None:
        if value not in choices:
            raise RunStoreError(f"{self._where}: {what} must be one of {choices}, got {value!r}")

    def add_warrior(
        self,
        source: str,
        *,
        origin: str,
        parents: Sequence[int] = (),
        author: str | None = None,
        seed: int | None = None,
        assembled: Warrior | None = None,
        error: str | None = None,
    ) -> int:
        """Record a warrior (``assembled``, or the assembler's ``error``); returns its id."""
        self._check()
        self._choose("origin", origin, ORIGINS)
        if len(parents) > 2:
            raise RunStoreError(f"{self._where}: a warrior has at most 2 parents, got {parents}")
        if (assembled is None) == (error is None):
            raise RunStoreError(f"{self._where}: give a warrior either assembled or error")
        parent_a, parent_b = [*parents, None, None][:2]
        cursor = self._db.execute(
            "INSERT INTO warriors (round, generation, origin, parent_a, parent_b, author, seed,"
            " name, hash, error, source, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.round,
                self.generation,
                origin,
                parent_a,
                parent_b,
                author,
                seed,
                assembled.name if assembled else None,
                assembled.content_hash() if assembled else None,
                error,
                source,
                time.time(),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_evaluation(
        self,
        warrior: int,
        measured: Evaluation | float,
        *,
        purpose: str = "fitness",
        descriptors: Sequence[float] = (),
        config: Any = None,
    ) -> None:
        """Record a warrior's fitness (with its behaviour means when ``measured`` is an
        :class:`~redqueen.fitness.Evaluation`), its descriptors and the fitness ``config``."""
        self._check()
        self._choose("purpose", purpose, PURPOSES)
        if isinstance(measured, Evaluation):
            fitness = measured.fitness
            behaviour = [getattr(measured, name) for name in BEHAVIOUR]
        else:
            fitness, behaviour = measured, [None] * len(BEHAVIOUR)
        self._db.execute(
            "INSERT INTO evaluations (warrior, round, generation, purpose, fitness,"
            f" {', '.join(BEHAVIOUR)}, descriptors, config)"
            f" VALUES ({', '.join('?' * (7 + len(BEHAVIOUR)))})",
            (
                warrior,
                self.round,
                self.generation,
                purpose,
                float(fitness),
                *behaviour,
                to_json([float(value) for value in descriptors], "descriptors"),
                to_json(config if config is not None else {}, "the fitness config"),
            ),
        )

    def snapshot(self, archive: Archive) -> None:
        """Record the whole archive; its elites' identifiers must be this run's warrior ids."""
        self._check()
        rows = []
        for position, (where, elite) in enumerate(zip(archive.cells(), archive, strict=True)):
            found = None
            if elite.identifier.isdigit():
                found = self._db.execute(
                    "SELECT source FROM warriors WHERE id = ?", (int(elite.identifier),)
                ).fetchone()
            if found is None or found[0] != elite.source:
                raise RunStoreError(
                    f"{self._where}: archive elite {elite.identifier!r} is not a warrior of"
                    " this run (its identifier must be the id add_warrior returned)"
                )
            rows.append(
                (
                    self.round,
                    self.generation,
                    position,
                    json.dumps(list(where)),
                    int(elite.identifier),
                    elite.fitness,
                    to_json(list(elite.descriptors), "descriptors"),
                )
            )
        self._db.execute(
            "DELETE FROM archive WHERE round = ? AND generation = ?", (self.round, self.generation)
        )
        self._db.executemany(
            "INSERT INTO archive (round, generation, position, cell, warrior, fitness,"
            " descriptors) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._archive_size = len(rows)

    def add_llm_call(self, reply: Reply, warrior: int | None = None) -> None:
        """Record an author's reply (tokens, time, cost, error) and the warrior made of it."""
        self._check()
        request = reply.request
        self._db.execute(
            "INSERT INTO llm_calls (round, generation, warrior, author, kind, seed, tokens_in,"
            " tokens_out, seconds, cost, error, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.round,
                self.generation,
                warrior,
                reply.author,
                request.kind,
                request.seed,
                reply.tokens_in,
                reply.tokens_out,
                reply.seconds,
                reply.cost,
                reply.error,
                reply.text,
            ),
        )

    def record_champion(
        self,
        round: int,
        warrior: int,
        fitness: float,
        *,
        remeasured: float | None = None,
        generality: float | None = None,
        benchmark: float | None = None,
    ) -> None:
        """Record ``round``'s champion; recording it again replaces the row (e.g. to add
        its generality).  Its ``.red`` file is written once the generation commits."""
        self._check()
        self._db.execute(
            "INSERT OR REPLACE INTO champions (round, warrior, fitness, remeasured, generality,"
            " benchmark) VALUES (?, ?, ?, ?, ?, ?)",
            (round, warrior, fitness, remeasured, generality, benchmark),
        )
        self.champion_rounds.append(round)

    def add_heldout(self, round: int, warrior: int, table: pd.DataFrame) -> None:
        """Record ``round``'s champion's benchmark rows (:attr:`arena.Benchmark.table`:
        ``opponent``, ``name``, ``wins``, ``losses``, ``ties``, ``score``)."""
        self._check()
        self._db.executemany(
            "INSERT OR REPLACE INTO heldout (round, warrior, opponent, name, wins, losses,"
            " ties, score, generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    round,
                    warrior,
                    int(row.opponent),
                    str(row.name),
                    int(row.wins),
                    int(row.losses),
                    int(row.ties),
                    float(row.score),
                    self.generation,
                )
                for row in table.itertuples(index=False)
            ],
        )

    def finish(self) -> None:
        """Insert the step's row, last: the commit marker of the whole generation."""
        self._check()
        self._db.execute(
            "INSERT INTO steps (round, generation, state, archive_size, committed)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                self.round,
                self.generation,
                to_json(self.state, "the engine state"),
                self._archive_size,
                time.time(),
            ),
        )

    def close(self) -> None:
        self._open = False
