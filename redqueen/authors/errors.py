"""The exceptions the authors raise: a reply that holds no Redcode, a request they cannot serve."""

from __future__ import annotations

from mars import MarsError


class AuthorError(MarsError):
    """An author's reply or request that cannot become Redcode; the message says why."""


class PromptError(AuthorError):
    """A prompt template that cannot be read or filled in; the message names the file or field."""
