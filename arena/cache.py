"""Results already played, in SQLite, keyed by :meth:`arena.Match.key`.

One table of (key, JSON record); no pickles.  WAL mode lets several
processes read and write the same file.  The default file is
``$XDG_CACHE_HOME/redqueen/arena.sqlite`` (``~/.cache/redqueen/arena.sqlite``
when ``XDG_CACHE_HOME`` is not set, the XDG convention).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from arena.match import MatchResult

# SQLite's historic limit on the parameters of one statement is 999.
_CHUNK = 500


def default_path() -> Path:
    """Where the cache lives unless told otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "redqueen" / "arena.sqlite"


class ResultCache:
    """A persistent map from match key to :class:`MatchResult`; survives restarts."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, result TEXT NOT NULL)"
            " WITHOUT ROWID"
        )
        self._db.commit()

    def get(self, keys: Sequence[str]) -> dict[str, MatchResult]:
        """The cached results among ``keys``."""
        found = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            rows = self._db.execute(
                f"SELECT key, result FROM results WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update((key, MatchResult.from_json(text)) for key, text in rows)
        return found

    def put(self, items: Iterable[tuple[str, MatchResult]]) -> None:
        """Store results (committed at once, so an interrupted run keeps what it played)."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO results (key, result) VALUES (?, ?)",
                ((key, result.to_json()) for key, result in items),
            )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
