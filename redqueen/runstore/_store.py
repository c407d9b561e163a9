"""A run directory: ``config.json``, ``run.sqlite`` and ``champions/round-NNN.red``."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from redqueen.archive import Archive
from redqueen.descriptors import Axis
from redqueen.runstore._generation import GenerationWriter, RunStoreError, to_json
from redqueen.runstore._schema import SCHEMA_VERSION, TABLES

# The files that make a directory a run.
CONFIG = "config.json"
DATABASE = "run.sqlite"
CHAMPIONS = "champions"
# Who writes the run (pid, host, since), there while a writable store is open.
WRITER = "writer.json"
# From another host a writer's pid cannot be asked; a commit this recent means running.
RECENT_SECONDS = 600
STATUSES = ("running", "finished", "interrupted")


class Step(NamedTuple):
    """The last committed generation and the engine state saved with it."""

    round: int
    generation: int
    state: Any


def _write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so ``path`` is never half written."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def champion_text(round: int, fitness: float, source: str) -> str:
    """A champion's ``.red`` file: a comment header, then its source unchanged."""
    return f";round {round}\n;fitness {fitness!r}\n{source}"


class RunStore:
    """One run's store; make one with :meth:`create`, :meth:`open` or :meth:`read_only`."""

    def __init__(self, path: Path, db: sqlite3.Connection, readonly: bool):
        self.path = path
        self.readonly = readonly
        self._db = db

    # Opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str], config: Any) -> RunStore:
        """A new run at ``path`` (absent or empty), its ``config`` (a JSON-able mapping or a
        dataclass) written to ``config.json`` before anything else."""
        path = Path(path)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise RunStoreError(f"{path}: a new run needs an absent or empty directory")
        text = to_json(config, "the run configuration", indent=2)
        path.mkdir(parents=True, exist_ok=True)
        _write_atomically(path / CONFIG, text + "\n")
        # The schema is built in a scratch file and renamed into place, so that a
        # run killed while it is created never leaves a database without one.
        scratch = path / f"{DATABASE}.new"
        scratch.unlink(missing_ok=True)
        version = f"INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION});"
        building = sqlite3.connect(scratch, isolation_level=None)
        try:
            building.executescript(f"BEGIN; {TABLES} {version} COMMIT;")
        finally:
            building.close()
        os.replace(scratch, path / DATABASE)
        db = cls._connect(path, readonly=False)
        (path / CHAMPIONS).mkdir()
        store = cls(path, db, readonly=False)
        store._claim()
        return store

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> RunStore:
        """An existing run, to resume (or, ``readonly``, to read while it runs)."""
        path = Path(path)
        if not (path / DATABASE).is_file():
            raise RunStoreError(f"{path}: not a run directory (no {DATABASE})")
        if not (path / CONFIG).is_file():
            raise RunStoreError(f"{path}: the run's {CONFIG} is missing")
        db = cls._connect(path, readonly=readonly)
        try:
            version = db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            db.close()
            raise RunStoreError(f"{path / DATABASE}: not a run database ({error})") from error
        if version is None or version[0] != SCHEMA_VERSION:
            db.close()
            found = version[0] if version else None
            raise RunStoreError(
                f"{path / DATABASE}: unknown schema version {found} (this redqueen reads"
                f" version {SCHEMA_VERSION})"
            )
        store = cls(path, db, readonly=readonly)
        if not readonly:
            try:
                store._claim()
            except RunStoreError:
                db.close()
                raise
            store._write_champion_files()  # those a crash kept from being (re)written
        return store

    @classmethod
    def read_only(cls, path: str | os.PathLike[str]) -> RunStore:
        """:meth:`open` for reading only (SQLite refuses every write)."""
        return cls.open(path, readonly=True)

    @staticmethod
    def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
        database = path / DATABASE
        if readonly:
            uri = f"{database.resolve().as_uri()}?mode=ro"
            return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=60)
        db = sqlite3.connect(database, isolation_level=None, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed generation survives a lost machine, not just a killed process.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def close(self) -> None:
        self._db.close()
        if not self.readonly:
            (self.path / WRITER).unlink(missing_ok=True)

    def _writer(self) -> dict[str, Any] | None:
        """The live writer's record, ``None`` when nobody holds the run (a writer killed
        on this host leaves a record whose process is gone)."""
        try:
            record = json.loads((self.path / WRITER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if record.get("host") != socket.gethostname():
            return record
        try:
            os.kill(int(record["pid"]), 0)
        except ProcessLookupError:
            return None
        except (PermissionError, KeyError, ValueError):
            pass
        return record

    def _claim(self) -> None:
        """Become the run's writer, refusing a run that another live process writes."""
        record = self._writer()
        if record is not None and record.get("pid") != os.getpid():
            raise RunStoreError(
                f"{self.path}: the run is being written by process {record.get('pid')} on"
                f" {record.get('host')} ({WRITER}; delete it if that process is gone)"
            )
        mine = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        _write_atomically(self.path / WRITER, to_json(mine, "the writer record"))

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writing -------------------------------------------------------------------------

    @contextmanager
    def generation(self, round: int, generation: int) -> Iterator[GenerationWriter]:
        """One generation's rows, committed together when the block ends, or not at all.

        Steps go forward: ``(round, generation)`` must come after :meth:`last_step`.
        Set the writer's ``state`` to what the engine needs to resume after this step.
        """
        if self.readonly:
            raise RunStoreError(f"{self.path}: opened read-only")
        writer = GenerationWriter(self._db, str(self.path), round, generation)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            last = self.last_step()
            if last is not None and (round, generation) <= (last.round, last.generation):
                raise RunStoreError(
                    f"{self.path}: round {round} generation {generation} does not come after the"
                    f" last committed step (round {last.round} generation {last.generation})"
                )
            yield writer
            writer.finish()
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise RunStoreError(
                f"{self.path}: round {round} generation {generation} not recorded: {error}"
            ) from error
        except BaseException:
            self._rollback()
            raise
        finally:
            writer.close()
        if writer.champion_rounds:
            self._write_champion_files(writer.champion_rounds)

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _write_champion_files(self, rounds: Sequence[int] | None = None) -> None:
        """Write the champions' files (of ``rounds``, or all) that differ from the database."""
        rows = self._db.execute(
            "SELECT c.round, c.fitness, w.source FROM champions c"
            " JOIN warriors w ON w.id = c.warrior ORDER BY c.round"
        ).fetchall()
        (self.path / CHAMPIONS).mkdir(exist_ok=True)
        for round, fitness, source in rows:
            path, text = self.champion_path(round), champion_text(round, fitness, source)
            wanted = rounds is None or round in rounds
            if wanted and not (path.exists() and path.read_text(encoding="utf-8") == text):
                _write_atomically(path, text)

    def champion_path(self, round: int) -> Path:
        """Where round ``round``'s champion is written as Redcode."""
        return self.path / CHAMPIONS / f"round-{round:03d}.red"

    # Reading -------------------------------------------------------------------------

    def config(self) -> dict[str, Any]:
        """The run's configuration, as ``config.json`` holds it."""
        return json.loads((self.path / CONFIG).read_text(encoding="utf-8"))

    def status(self) -> str:
        """One of :data:`STATUSES`: ``finished`` once every configured round (the config's
        ``rounds``) has a champion; ``running`` while a writer holds the run (its process
        alive on this host; on another host, a commit in the last ten minutes);
        ``interrupted`` otherwise."""
        rounds = self.config().get("rounds")
        (champions,) = self._db.execute("SELECT COUNT(*) FROM champions").fetchone()
        if isinstance(rounds, int) and champions >= rounds:
            return "finished"
        record = self._writer()
        if record is None:
            return "interrupted"
        if record.get("host") == socket.gethostname():
            return "running"
        (last,) = self._db.execute("SELECT MAX(committed) FROM steps").fetchone()
        return (
            "running" if last is not None and time.time() - last < RECENT_SECONDS else "interrupted"
        )

    def last_step(self) -> Step | None:
        """The last committed generation, ``None`` before the first."""
        row = self._db.execute(
            "SELECT round, generation, state FROM steps ORDER BY round DESC, generation DESC"
            " LIMIT 1"
        ).fetchone()
        return None if row is None else Step(row[0], row[1], json.loads(row[2]))

    def archive_records(self, round: int) -> list[dict[str, Any]] | None:
        """Round ``round``'s latest archive snapshot as :meth:`Archive.to_records` gave it,
        ``None`` when the round has none."""
        latest = self._latest_snapshot(round)
        if latest is None:
            return None
        rows = self._db.execute(
            "SELECT a.warrior, w.source, a.fitness, a.descriptors FROM archive a"
            " JOIN warriors w ON w.id = a.warrior"
            " WHERE a.round = ? AND a.generation = ? ORDER BY a.position",
            (round, latest),
        )
        return [
            {
                "identifier": str(warrior),
                "source": source,
                "fitness": fitness,
                "descriptors": json.loads(descriptors),
            }
            for warrior, source, fitness, descriptors in rows
        ]

    def restore_archive(self, round: int, axes: Sequence[Axis]) -> Archive | None:
        """Round ``round``'s latest archive, exactly as snapshot; ``None`` when it has none."""
        records = self.archive_records(round)
        return None if records is None else Archive.from_records(axes, records)

    def _latest_snapshot(self, round: int) -> int | None:
        return self._db.execute(
            "SELECT MAX(generation) FROM steps WHERE round = ? AND archive_size IS NOT NULL",
            (round,),
        ).fetchone()[0]

    def _frame(
        self, sql: str, params: Sequence[Any] = (), json_columns: Sequence[str] = ()
    ) -> pd.DataFrame:
        frame = pd.read_sql_query(sql, self._db, params=list(params))
        for column in json_columns:
            frame[column] = frame[column].map(json.loads)
        return frame

    def steps(self) -> pd.DataFrame:
        """The committed generations: ``round``, ``generation``, ``archive_size``, ``committed``."""
        return self._frame(
            "SELECT round, generation, archive_size, committed FROM steps"
            " ORDER BY round, generation"
        )

    def warriors(self) -> pd.DataFrame:
        """Every warrior: ``id``, ``round``, ``generation``, ``origin``, ``parent_a``,
        ``parent_b``, ``author``, ``seed``, ``name``, ``hash``, ``error``, ``source``,
        ``created``."""
        return self._frame("SELECT * FROM warriors ORDER BY id")

    def evaluations(self) -> pd.DataFrame:
        """Every evaluation: ``id``, ``warrior``, ``round``, ``generation``, ``purpose``,
        ``fitness``, the behaviour means, ``descriptors`` (lists), ``config`` (dicts)."""
        return self._frame(
            "SELECT * FROM evaluations ORDER BY id", json_columns=("descriptors", "config")
        )

    def champions(self) -> pd.DataFrame:
        """One row per round: ``round``, ``warrior``, ``fitness``, ``remeasured``,
        ``generality``, ``benchmark``, ``source``."""
        return self._frame(
            "SELECT c.*, w.source FROM champions c JOIN warriors w ON w.id = c.warrior"
            " ORDER BY c.round"
        )

    def archive(self, round: int) -> pd.DataFrame:
        """Round ``round``'s latest snapshot, in cell-filling order: ``generation``,
        ``position``, ``cell`` (lists), ``warrior``, ``fitness``, ``descriptors`` (lists),
        ``source``; no rows when the round has no snapshot."""
        return self._frame(
            "SELECT a.generation, a.position, a.cell, a.warrior, a.fitness, a.descriptors,"
            " w.source FROM archive a JOIN warriors w ON w.id = a.warrior"
            " WHERE a.round = ? AND a.generation = ? ORDER BY a.position",
            (round, self._latest_snapshot(round)),
            json_columns=("cell", "descriptors"),
        )

    def heldout(self) -> pd.DataFrame:
        """The champions' held-out matches: ``round``, ``warrior``, ``opponent`` (index in
        the suite), ``name``, ``wins``, ``losses``, ``ties``, ``score``."""
        return self._frame(
            "SELECT round, warrior, opponent, name, wins, losses, ties, score FROM heldout"
            " ORDER BY round, opponent"
        )

    def llm_calls(self) -> pd.DataFrame:
        """Every author call: ``id``, ``round``, ``generation``, ``warrior``, ``author``,
        ``kind``, ``seed``, ``tokens_in``, ``tokens_out``, ``seconds``, ``cost``,
        ``error``, ``text``."""
        return self._frame("SELECT * FROM llm_calls ORDER BY id")

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "writable"
        return f"RunStore({str(self.path)!r}, {mode})"
