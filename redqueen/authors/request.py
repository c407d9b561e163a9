"""The contract between the coevolution engine and an author of Redcode.

The engine sends :class:`Request` s in batches and gets one :class:`Reply` per
request, in order.  A reply carries text (prose and a fenced code block, as a
language model writes it), never an assembled warrior: every author's output
goes through the same :func:`~redqueen.authors.replies.extract_redcode` and
assembler, so the offline author exercises the path the LLM author takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Kind = Literal["new", "mutate", "crossover"]

# How many parents each kind of request takes.
PARENTS: dict[str, int] = {"new": 0, "mutate": 1, "crossover": 2}


@dataclass(frozen=True)
class Request:
    """Write a warrior: a ``new`` one, a mutation of one parent, a crossover of two.

    ``parents`` are Redcode sources.  ``seed`` belongs to this request alone, so
    an author's answer does not depend on the batch it arrives in.  ``family``
    is a hint for new warriors (``"stone"``, ``"paper"`` ...); ``None`` lets the
    author choose.
    """

    kind: Kind
    parents: tuple[str, ...] = ()
    # Keyword-only and required: a request without its own seed would make
    # answers depend on the batch.
    seed: int = field(kw_only=True)
    family: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if self.kind not in PARENTS:
            choices = ", ".join(PARENTS)
            raise ValueError(f"unknown request kind {self.kind!r}; choose from {choices}")
        if len(self.parents) != PARENTS[self.kind]:
            raise ValueError(
                f"a {self.kind} request takes {PARENTS[self.kind]} parents, got {len(self.parents)}"
            )


@dataclass(frozen=True)
class Reply:
    """An author's answer to one request.

    ``text`` is the raw reply (for a failed request it is empty and ``error``
    says why; a language model's reply whose code does not assemble keeps its
    text, with the assembler's message in ``error``).  The bookkeeping fields
    are what the run store records per call: tokens, wall time and cost are
    zero for the offline author.  ``repaired_from`` is the first reply when
    this one answers a request to repair its code; the counts then cover both.
    """

    request: Request
    text: str
    author: str
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    cost: float = 0.0
    error: str | None = None
    repaired_from: Reply | None = None


class Author(Protocol):
    """Something that writes Redcode on request (offline generator, language model)."""

    name: str

    def write(self, requests: Sequence[Request]) -> list[Reply]:
        """One reply per request, in the same order."""
        ...
