"""pMARS's integer expression evaluator (``eval.c``), quirks included.

Values are C ``long`` (64 bits): ``+ - *`` wrap around and set the overflow
flag the way ``calc()`` tests for it, ``/`` and ``%`` truncate toward zero.
The single letters ``a``..``z`` are registers that keep their value from one
expression to the next within an assembly (``a=5`` assigns).  The odd
precedence climbing, with its one global "saved operator", is reproduced as
is, because it decides what some unusual expressions evaluate to.
"""

from __future__ import annotations

OK = 0
OVERFLOW = 1
BAD = -1
DIV_ZERO = -2

LONG_MAX = 2**63 - 1
LONG_MIN = -(2**63)

# Two-character operators get the small codes of eval.c's enum; one-character
# operators are their character code.  EQUAL being 0 matters: a saved "=="
# looks like "nothing saved".
EQUAL, NEQU, GTE, LTE, AND, OR, IDENT = range(7)
# getop() leaves the operator unset when it fails to read one ("8000=8001"
# reads as 8000 ? 001).  C then uses whatever the stack slot held: observed,
# EQUAL on fresh stack, else the operator read last by an eval() frame at the
# same place (the A operand's, for a B operand).  We model that slot.
_UNSET = -1000

_SPACE = " \t\n\v\f\r"
# pMARS copies a number's digits into a 20-byte stack buffer: up to this many
# digits the overflow happens to be harmless (the value saturates), longer
# numbers crash it.
_MAX_DIGITS = 47


class ExpressionAbort(Exception):
    """An expression that makes pMARS crash instead of reporting an error."""


_DIGITS = "0123456789"


def _precedence(op: int) -> int:
    if op in (ord("*"), ord("/"), ord("%")):
        return 5
    if op in (ord("+"), ord("-")):
        return 4
    if op in (ord(">"), ord("<"), EQUAL, NEQU, GTE, LTE):
        return 3
    if op == AND:
        return 2
    if op == OR:
        return 1
    return 0


def _wrap(value: int) -> int:
    return (value + 2**63) % 2**64 - 2**63


def _cdiv(x: int, y: int) -> int:
    """C's ``/``: truncation toward zero."""
    q = abs(x) // abs(y)
    return q if (x < 0) == (y < 0) else -q


def _char_code(ch: str) -> int:
    """The value of a C ``char`` (signed) holding this byte."""
    code = ord(ch)
    return code - 256 if code >= 128 else code


class Evaluator:
    """Evaluates expressions for one assembly; holds the 26 registers."""

    def __init__(self, registers: dict[int, int] | None = None):
        self.registers = [0] * 26
        for index, value in (registers or {}).items():
            self.registers[index] = value
        self._status = OK
        self._saved = 0  # eval.c's global saveOper
        self._text = ""
        self._frames = [0, 0, 0]  # active eval(), getval(), getreg() calls
        self._stale: dict[tuple[int, ...], int] = {}  # operator slots by stack place

    def evaluate(self, text: str, *, same_stack: bool = False) -> tuple[int, int]:
        """``(status, value)``; status is OK, OVERFLOW, BAD or DIV_ZERO (``eval_expr``).

        ``same_stack``: evaluated right after the previous expression, with
        nothing run in between (pMARS's B operand after the A operand).
        """
        self._status = OK
        self._text = text
        self._frames = [0, 0, 0]
        if not same_stack:
            self._stale = {}
        pos, value = self._eval(-1, 0, IDENT, 0)
        if pos < len(text):
            self._status = BAD  # characters left over
        return self._status, value

    def _peek(self, pos: int) -> str:
        return self._text[pos] if pos < len(self._text) else ""

    def _skip_space(self, pos: int) -> int:
        while self._peek(pos) and self._peek(pos) in _SPACE:
            pos += 1
        return pos

    def _calc(self, x: int, y: int, op: int) -> int:
        if op == ord("+"):
            if self._status == OK and (
                (y > 0 and x > LONG_MAX - y) if x > 0 else (y < 0 and x < LONG_MIN - y)
            ):
                self._status = OVERFLOW
            return _wrap(x + y)
        if op == ord("-"):
            if self._status == OK and (
                (y < 0 and x > LONG_MAX + y) if x > 0 else (y > 0 and x < LONG_MIN + y)
            ):
                self._status = OVERFLOW
            return _wrap(x - y)
        if op in (ord("/"), ord("%")):
            if y == 0:
                self._status = DIV_ZERO
                return 0
            if x == LONG_MIN and y == -1:
                # pMARS dies of SIGFPE here; refusing the warrior is the closest we can get.
                raise ExpressionAbort("arithmetic exception (most negative number / -1)")
            quotient = _cdiv(x, y)
            return quotient if op == ord("/") else x - quotient * y
        if op == ord("*"):
            if (
                self._status == OK
                and x not in (0, -1)
                and y not in (0, -1)
                and (
                    _cdiv(_cdiv(LONG_MAX, y), x) == 0
                    if (x > 0) == (y > 0)
                    else _cdiv(_cdiv(LONG_MIN, y), x) == 0
                )
            ):
                self._status = OVERFLOW
            return _wrap(x * y)
        comparisons = {
            AND: lambda: x != 0 and y != 0,
            OR: lambda: x != 0 or y != 0,
            EQUAL: lambda: x == y,
            NEQU: lambda: x != y,
            ord("<"): lambda: x < y,
            ord(">"): lambda: x > y,
            LTE: lambda: x <= y,
            GTE: lambda: x >= y,
        }
        if op in comparisons:
            return int(comparisons[op]())
        if op == IDENT:
            return y
        self._status = BAD
        return 0

    def _getop(self, pos: int) -> tuple[int, int]:
        ch = self._peek(pos)
        nxt = self._peek(pos + 1)
        pairs = {"&": ("&", AND), "|": ("|", OR), "=": ("=", EQUAL), "!": ("=", NEQU)}
        if ch in pairs:
            # getop() consumes the second character even when it does not match.
            second, op = pairs[ch]
            return pos + 2, op if nxt == second else _UNSET
        if ch in "<>":
            if nxt == "=":
                return pos + 2, LTE if ch == "<" else GTE
            return pos + 1, ord(ch)
        return pos + 1, _char_code(ch) if ch else 0

    def _framed(self, kind: int, function, *args) -> tuple[int, int]:
        """Call ``function`` counting it as an active C frame of ``kind``."""
        self._frames[kind] += 1
        result = function(*args)
        self._frames[kind] -= 1
        return result

    def _eval(self, prev_prec: int, val1: int, oper1: int, pos: int) -> tuple[int, int]:
        return self._framed(0, self._eval_frame, prev_prec, val1, oper1, pos)

    def _getval(self, pos: int) -> tuple[int, int]:
        return self._framed(1, self._getval_frame, pos)

    def _getreg(self, pos: int, index: int) -> tuple[int, int]:
        return self._framed(2, self._getreg_frame, pos, index)

    def _getval_frame(self, pos: int) -> tuple[int, int]:
        pos = self._skip_space(pos)
        ch = self._peek(pos)
        if ch == "(":
            pos, value = self._eval(-1, 0, IDENT, pos + 1)
            if self._peek(pos) != ")":
                self._status = BAD
                if pos >= len(self._text):
                    # C reads on past the end of the string; the result is an error anyway.
                    return pos, value
            return pos + 1, value
        if ch == "-":
            pos, value = self._getval(pos + 1)
            return pos, _wrap(-value)
        if ch == "!":
            pos, value = self._getval(pos + 1)
            return pos, int(value == 0)
        if ch == "+":
            return self._getval(pos + 1)
        if ch and ch.isascii() and ch.isalpha():
            return self._getreg(pos + 1, ord(ch.upper()) - ord("A"))
        start = pos
        while self._peek(pos) and self._peek(pos) in _DIGITS:
            pos += 1
        if pos == start:
            # No number: C leaves the variable uninitialised.  Not 0, so that a
            # division by it stays a "bad expression", as pMARS reports it.
            self._status = BAD
            return pos, 1
        if pos - start > _MAX_DIGITS:
            raise ExpressionAbort(f"number with more than {_MAX_DIGITS} digits")
        return pos, min(int(self._text[start:pos]), LONG_MAX)  # sscanf saturates

    def _getreg_frame(self, pos: int, index: int) -> tuple[int, int]:
        pos = self._skip_space(pos)
        if self._peek(pos) == "=" and self._peek(pos + 1) != "=":
            pos, value = self._eval(-1, 0, IDENT, pos + 1)
            self.registers[index] = value
            return pos, value
        return pos, self.registers[index]

    def _eval_frame(self, prev_prec: int, val1: int, oper1: int, pos: int) -> tuple[int, int]:
        pos, val2 = self._getval(pos)
        pos = self._skip_space(pos)
        if self._peek(pos) in ("", ")"):
            return pos, self._calc(val1, val2, oper1)
        pos, oper2 = self._getop(pos)
        place = tuple(self._frames)
        if oper2 == _UNSET:
            oper2 = self._stale.get(place, EQUAL)
        else:
            self._stale[place] = oper2
        self._saved = 0
        prec1, prec2 = _precedence(oper1), _precedence(oper2)
        if prec1 >= prec2:
            if prec2 >= prev_prec or prec1 <= prev_prec:
                return self._eval(prec1, self._calc(val1, val2, oper1), oper2, pos)
            self._saved = oper2
            return pos, self._calc(val1, val2, oper1)
        pos, right = self._eval(prec1, val2, oper2, pos)
        result = self._calc(val1, right, oper1)
        if self._saved and _precedence(self._saved) >= prev_prec:
            pos, result = self._eval(prec2, result, self._saved, pos)
            self._saved = 0
        return pos, result
