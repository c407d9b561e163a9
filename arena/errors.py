"""The exceptions the ``arena`` package raises; each says what went wrong and where."""

from __future__ import annotations

from mars.errors import MarsError


class ArenaError(MarsError):
    """Base class of every error raised on purpose by ``arena``."""


class InputError(ArenaError):
    """Warriors that cannot be played: a missing path, an empty set, too few warriors.

    ``path`` is the file or directory at fault, or ``None`` when the set as a
    whole is (``str()`` then has no ``path:`` prefix).
    """

    def __init__(self, message: str, path: str | None = None):
        self.message = message
        self.path = path
        super().__init__(message if path is None else f"{path}: {message}")


class BackendError(ArenaError):
    """A batch of matches that the backend could not play, even after retries."""
