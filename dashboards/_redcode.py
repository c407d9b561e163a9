"""Redcode text split into coloured tokens, and line diffs, for the warrior page."""

from __future__ import annotations

import difflib
import re

from mars import Modifier, Opcode

OPCODES = {opcode.name for opcode in Opcode} | {"END", "ORG", "EQU", "FOR", "ROF", "PIN"}
MODIFIERS = {modifier.name for modifier in Modifier}
# A comment, an opcode with its modifier, an addressing mode, a number, a word.
TOKEN = re.compile(r"(;.*$)|([A-Za-z_][\w]*)(\.[A-Za-z]+)?|([#$@*<>{}])|(\d+)|(\s+|.)")


def tokens(line: str) -> list[tuple[str, str]]:
    """``line`` as (text, kind) pairs, kind one of ``comment``, ``opcode``, ``modifier``,
    ``mode``, ``number``, ``label`` and ``plain``; the texts join back to ``line``."""
    found = []
    for match in TOKEN.finditer(line):
        comment, word, modifier, mode, number, other = match.groups()
        if comment:
            found.append((comment, "comment"))
        elif word:
            found.append((word, "opcode" if word.upper() in OPCODES else "label"))
            if modifier:
                known = modifier[1:].upper() in MODIFIERS
                found.append((modifier, "modifier" if known else "plain"))
        elif mode:
            found.append((mode, "mode"))
        elif number:
            found.append((number, "number"))
        else:
            found.append((other, "plain"))
    return found


def diff(parent: str, child: str) -> list[str]:
    """A unified diff from ``parent`` to ``child``, its header lines left out."""
    lines = difflib.unified_diff(parent.splitlines(), child.splitlines(), lineterm="", n=2)
    return [line for line in lines if not line.startswith(("---", "+++"))]
