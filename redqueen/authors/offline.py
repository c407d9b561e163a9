"""The offline author: Redcode written without a network, deterministic for a seed.

It stands in for a language model: it writes warriors of the classic
families (:mod:`redqueen.authors._families`), and mutates and crosses
parents by editing their text (:mod:`redqueen.authors._edits`).  Its replies
are prose and a fenced block, read by the same
:func:`~redqueen.authors.replies.extract_redcode` as a model's.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Sequence

from mars import DEFAULT_CONFIG, MarsConfig, MarsError, assemble
from redqueen.authors import _edits, _families, _source
from redqueen.authors.errors import AuthorError
from redqueen.authors.replies import extract_redcode
from redqueen.authors.request import Reply, Request

FAMILIES = (*_families.WRITERS, "hybrid")
# Draws per request before giving up on valid code: edits that break the
# code are common (a deleted label, a too-long warrior), so a few more draws
# make nearly every reply assemble, as the engine wants.
ATTEMPTS = 8
# The parts of a hybrid: a fighting half and an imp half that survives it.
_HYBRID_HALVES = ("stone", "paper", "clear", "vampire")
# A tag the author appends to names, replaced (not stacked) at each edit.
_TAG = re.compile(r"(\s+[mx]\d+)+$")


class OfflineAuthor:
    """Writes, mutates and crosses warriors for one set of battle settings."""

    name = "offline"

    def __init__(self, config: MarsConfig = DEFAULT_CONFIG) -> None:
        self.config = config.resolved()

    def write(self, requests: Sequence[Request]) -> list[Reply]:
        """One reply per request; each depends only on the request (seed included)."""
        return [self._reply(request) for request in requests]

    def _reply(self, request: Request) -> Reply:
        rng = random.Random(request.seed)
        try:
            if request.kind == "new":
                remark, code = self._new(request.family, rng)
            elif request.kind == "mutate":
                remark, code = self._mutate(extract_redcode(request.parents[0]), rng)
            else:
                first, second = (extract_redcode(p) for p in request.parents)
                remark, code = self._crossover(first, second, rng)
        except AuthorError as error:
            return Reply(request, "", self.name, error=str(error))
        return Reply(request, f"{remark}\n\n```redcode\n{code}```\n", self.name)

    def _valid(self, text: str) -> bool:
        try:
            assemble(text, self.config)
        except MarsError:
            return False
        return True

    def _new(self, family: str | None, rng: random.Random) -> tuple[str, str]:
        if family is not None and family not in FAMILIES:
            raise AuthorError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
        family = family or rng.choice(FAMILIES)
        # Settings too small for the family's layouts end with the shortest ones.
        for kind in (family, "stone", "imp"):
            for _ in range(ATTEMPTS):
                draft, text = self._draft(kind, rng)
                if self._valid(text):
                    note = "" if kind == family else f" ({family} does not fit these settings)"
                    return f"Here is a new {kind} warrior, {draft.rstrip('.')}{note}.", text
        raise AuthorError(f"no {family} warrior fits core size {self.config.coresize}")

    def _draft(self, family: str, rng: random.Random) -> tuple[str, str]:
        """A description and the text of one warrior of ``family``."""
        if family != "hybrid":
            draft = _families.WRITERS[family](rng, self.config)
            return f"{draft.name}: {' '.join(draft.strategy.split())}", draft.text()
        half = _families.WRITERS[rng.choice(_HYBRID_HALVES)](rng, self.config)
        # The spiral gets the room the fighting half and the launcher leave.
        room = max(1, self.config.maxlength - len(half.rows) - 2)
        spiral = _families.imp(rng, dataclasses.replace(self.config, maxlength=room))
        lines, _ = _edits.crossover(
            _source.parse(half.text()), _source.parse(spiral.text()), rng, self.config, "launch"
        )
        name = f"{half.name} {spiral.name.split()[0]}"
        lines = _source.with_header(lines, "name", name)
        lines = _source.with_header(lines, "family", "hybrid")
        lines = _source.with_header(lines, "parts", f"{half.family} imp")
        strategy = f"{half.family.capitalize()} and imp: the spiral is launched with SPL."
        lines = _source.with_header(lines, "strategy", strategy)
        return f"{name}: {strategy}", _source.render(lines)

    def _mutate(self, parent: str, rng: random.Random) -> tuple[str, str]:
        lines = _source.parse(parent)
        text = parent
        for _ in range(ATTEMPTS):
            edited = _edits.mutate(lines, rng, self.config)
            text = _source.render(self._renamed(edited, parent, "m", rng))
            if edited != lines and self._valid(text):
                break
        return "A variation of the parent with a few edits.", text

    def _crossover(self, first: str, second: str, rng: random.Random) -> tuple[str, str]:
        text = first
        how = "nothing"
        for _ in range(ATTEMPTS):
            lines, how = _edits.crossover(
                _source.parse(first), _source.parse(second), rng, self.config
            )
            text = _source.render(self._renamed(lines, first, "x", rng))
            if self._valid(text):
                break
        return f"A crossover of the two parents: {how}.", text

    def _renamed(
        self, lines: list[_source.Line], parent: str, tag: str, rng: random.Random
    ) -> list[_source.Line]:
        """The lines with ``;name`` the parent's name plus a fresh tag and ``;author offline``."""
        base = _TAG.sub("", _source.header(parent, "name") or "Unnamed")
        lines = _source.with_header(lines, "name", f"{base} {tag}{rng.randrange(10000)}")
        return _source.with_header(lines, "author", "offline")
