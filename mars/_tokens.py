"""pMARS's tokenizer (``token.c`` ``get_token``), shared by both assembler passes.

Text is handled as one character per byte (latin-1), with C-locale character
classes, so that non-ASCII input splits into tokens exactly as in pMARS.
"""

from __future__ import annotations

from enum import Enum

SPACE = frozenset(" \t\n\v\f\r")  # C isspace
DIGITS = frozenset("0123456789")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # C isalpha
_WORD_START = LETTERS | {"_"}
_WORD = _WORD_START | DIGITS

ADDRESS_MODES = "#$@<>*{}"  # pMARS's addr_sym; the index is the Mode value
_EXPRESSION_CHARS = frozenset("()/+-%!=")


class Tok(Enum):
    NONE = "end of text"
    ADDRESS = "addressing mode"
    SEPARATOR = "','"
    COMMENT = "';'"
    MODIFIER = "'.'"
    EXPRESSION = "operator"
    WORD = "identifier"
    NUMBER = "number"
    APPEND = "'&'"
    OTHER = "other character"


def is_space(text: str, pos: int) -> bool:
    """``isspace(text[pos])`` where the end of the text is C's NUL."""
    return pos < len(text) and text[pos] in SPACE


def next_token(text: str, pos: int) -> tuple[Tok, str, int]:
    """The token at or after ``pos``: ``(kind, token, position after it)``."""
    end = len(text)
    while pos < end and text[pos] in SPACE:
        pos += 1
    if pos >= end:
        return Tok.NONE, "", pos
    ch = text[pos]
    if ch in DIGITS:
        stop = pos + 1
        while stop < end and text[stop] in DIGITS:
            stop += 1
        return Tok.NUMBER, text[pos:stop], stop
    if ch in _WORD_START:
        stop = pos + 1
        while stop < end and text[stop] in _WORD:
            stop += 1
        return Tok.WORD, text[pos:stop], stop
    if ch in _EXPRESSION_CHARS:
        return Tok.EXPRESSION, ch, pos + 1
    if ch in ADDRESS_MODES:
        return Tok.ADDRESS, ch, pos + 1
    pair = text[pos : pos + 2]
    if ch == "&":
        return (Tok.EXPRESSION, pair, pos + 2) if pair == "&&" else (Tok.APPEND, ch, pos + 1)
    if pair == "||":
        return Tok.EXPRESSION, pair, pos + 2
    kinds = {";": Tok.COMMENT, ",": Tok.SEPARATOR, ".": Tok.MODIFIER}
    return kinds.get(ch, Tok.OTHER), ch, pos + 1


def upper(text: str) -> str:
    """C-locale ``toupper`` over a string (ASCII letters only)."""
    return "".join(c.upper() if c in LETTERS else c for c in text)
