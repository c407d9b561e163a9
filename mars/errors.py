"""The exceptions the ``mars`` package raises; each says what went wrong and where."""

from __future__ import annotations


class MarsError(Exception):
    """Base class of every error raised on purpose by ``mars``."""


class ConfigError(MarsError, ValueError):
    """Settings that pMARS would refuse (core too small, ``-d`` below ``-l`` ...)."""


class RedcodeError(MarsError):
    """Redcode that does not assemble.

    ``str()`` gives ``file:line: message``; the parts are kept for callers that
    want them (the LLM author feeds them back to the model).
    """

    def __init__(self, message: str, filename: str = "<string>", line: int | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        where = filename if line is None else f"{filename}:{line}"
        super().__init__(f"{where}: {message}")
