"""Redcode to :class:`~mars.warrior.Warrior`, exactly as pMARS 0.9.2 assembles it.

pMARS (``asm.c``) assembles in two passes over the text:

1. ``mars._preprocessor`` reads the lines (``;name``, ``;author``,
   ``;redcode``, ``;assert``) and rewrites them: labels, EQU, FOR/ROF,
   CURLINE and ``&`` are resolved textually;
2. this module parses each resulting line (opcode, modifier, modes, the two
   operand expressions), fills in pMARS's defaults and evaluates the
   expressions with ``mars._expression``; ORG/END/PIN set the start and the
   P-space identifier.

Results, warnings and the acceptance of odd input follow pMARS, including its
quirks (see ``mars._preprocessor``).  Where pMARS would crash, hang or run
for a very long time (numbers of more than 47 digits, ``LONG_MIN / -1``,
FOR/EQU expansions beyond 100 000 steps, EQU nested 100 deep) the warrior is
refused; a backslash ending the last line, on which pMARS waits forever, is
ignored.

Errors raise :class:`~mars.errors.RedcodeError` (the first error pMARS would
print, with the physical line).  Warnings (missing ``;assert``, overflow,
start outside the program ...) are returned by :func:`assemble_with_warnings`
as :class:`Diagnostic` values; :func:`assemble` drops them.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import NoReturn

from mars._diagnostics import PREDEFINED, Diagnostic, Problem, Reporter, Source
from mars._expression import BAD, DIV_ZERO, OVERFLOW, Evaluator, ExpressionAbort
from mars._preprocessor import (
    END,
    INSTRUCTION_COUNT,
    MAX_CHARS,
    MAX_INSTRUCTIONS,
    OPCODE_INDEX,
    OPCODE_NAMES,
    ORG,
    PIN,
    Budget,
    Expander,
    Line,
    Ref,
    RefKind,
    SymbolTable,
    TextBuffer,
    read_source,
)
from mars._tokens import ADDRESS_MODES, Tok, next_token, upper
from mars.config import DEFAULT_CONFIG, MarsConfig
from mars.errors import RedcodeError
from mars.instruction import Instruction, Mode, Modifier, Opcode
from mars.warrior import Warrior

__all__ = ["Diagnostic", "assemble", "assemble_file", "assemble_with_warnings"]

PMARS_VERSION = 92

# The states of pMARS's line parser (asm.c ``automaton``).
_OPCODE, _MODIFIER_OR_A, _MODIFIER, _A_TERM, _A_EXPRESSION, _B_TERM, _B_EXPRESSION = range(7)
# States that forget "an expression has been seen" when entered.
_RESETTING = {_OPCODE, _MODIFIER_OR_A, _MODIFIER, _A_TERM, _B_TERM}
_MISSING_TERM = {_MODIFIER: "modifier", _A_TERM: "A-term", _B_TERM: "B-term"}


class _Parsed:
    """One line after parsing: opcode, modifier and the operands as text."""

    def __init__(self) -> None:
        self.opcode = -1
        self.modifier: Modifier | None = None
        self.a_mode = Mode.DIRECT
        self.b_mode = Mode.DIRECT
        self.a = TextBuffer()
        self.b = TextBuffer()


def _parse(
    text: str, line: int, symbols: SymbolTable, reporter: Reporter, budget: Budget, where: Source
) -> _Parsed:
    """``dfashell``: parse one expanded line, completing it with pMARS's defaults."""
    cell = _Parsed()
    state = _OPCODE
    seen_expression = False  # pMARS's "statefine"
    # Label and EQU names are parsed in place: a stack of (text, position, entry).
    stack: list[list] = [[text, 0, None]]

    def fail(problem: Problem, *args: object) -> NoReturn:
        reporter.error(problem, where, *args)

    while stack:
        frame = stack[-1]
        kind, token, after = next_token(frame[0], frame[1])
        if state in _RESETTING:
            seen_expression = False
        if kind is Tok.NONE:
            stack.pop()
            if frame[2] is not None:
                frame[2].visit = False
            continue

        if state == _OPCODE:
            if kind is not Tok.WORD:
                fail(Problem.MISSING, "opcode")
            cell.opcode = OPCODE_INDEX.get(upper(token), -1)
            if cell.opcode < 0:
                fail(Problem.MISSING, "opcode")
            state = _MODIFIER_OR_A if cell.opcode < INSTRUCTION_COUNT else _B_EXPRESSION
            frame[1] = after
            continue

        if state == _MODIFIER:
            modifier = upper(token) if kind is Tok.WORD else ""
            if modifier not in Modifier.__members__:
                fail(Problem.MISSING, "modifier")
            cell.modifier = Modifier[modifier]
            state = _A_TERM
            frame[1] = after
            continue

        if kind is Tok.WORD:
            ref = symbols.lookup(token)
            if ref is not None:
                if ref.visit:
                    fail(Problem.RECURSIVE, token)
                budget.spend(where)
                frame[1] = after
                stack.append([_reference_text(ref, line, state, cell.opcode), 0, ref])
                ref.visit = True
                continue
            if len(token) > 1:
                fail(Problem.UNDEFINED, token)
            # A single letter is an expression register.

        if state in (_MODIFIER_OR_A, _A_TERM, _B_TERM):
            if kind is Tok.MODIFIER and state == _MODIFIER_OR_A:
                state = _MODIFIER
                frame[1] = after
            elif kind is Tok.ADDRESS:
                mode = Mode(ADDRESS_MODES.index(token))
                if state == _B_TERM:
                    cell.b_mode = mode
                else:
                    cell.a_mode = mode
                state = _B_EXPRESSION if state == _B_TERM else _A_EXPRESSION
                frame[1] = after
            elif kind in (Tok.NUMBER, Tok.EXPRESSION, Tok.WORD):
                # Not consumed: the expression state reads it again.
                state = _B_EXPRESSION if state == _B_TERM else _A_EXPRESSION
            elif state == _MODIFIER_OR_A:
                fail(Problem.MISPLACED, token)
            else:
                fail(Problem.MISSING, _MISSING_TERM[state])
            continue

        # _A_EXPRESSION or _B_EXPRESSION
        if kind is Tok.SEPARATOR and state == _A_EXPRESSION:
            state = _B_TERM
        elif kind is Tok.ADDRESS and token not in "<>*":
            fail(Problem.MISPLACED, token)
        elif kind in (Tok.ADDRESS, Tok.NUMBER, Tok.EXPRESSION, Tok.WORD):
            if kind is Tok.NUMBER:
                if len(token) + 1 >= MAX_CHARS:
                    fail(Problem.BUFFER_OVERFLOW)
                token += " "
            if not (cell.a if state == _A_EXPRESSION else cell.b).concat(token):
                fail(Problem.BUFFER_OVERFLOW)
            seen_expression = True
        else:
            fail(Problem.MISPLACED, token)
        frame[1] = after

    if cell.opcode < 0:
        fail(Problem.MISSING, "opcode")
    if cell.opcode < INSTRUCTION_COUNT:
        if not seen_expression:
            fail(Problem.SYNTAX)
        if not cell.b.text:
            _default_b_operand(cell, fail)
        if cell.modifier is None:
            cell.modifier = _default_modifier(cell)
    return cell


def _reference_text(ref: Ref, line: int, state: int, opcode: int) -> str:
    """What a name stands for while parsing: EQU text or a label's offset."""
    if ref.kind is RefKind.TEXT:
        return ref.lines[0].text  # only the first line of a multi-line EQU
    if state == _B_EXPRESSION and opcode >= INSTRUCTION_COUNT:
        return str(ref.value)  # ORG/END/PIN take absolute positions
    return str(ref.value - line)


def _default_b_operand(cell: _Parsed, fail: Callable[..., NoReturn]) -> None:
    """pMARS's rules for an instruction written with one operand."""
    opcode = OPCODE_NAMES[cell.opcode]
    if opcode == "DAT":  # the operand is the B-field: DAT 5 is DAT #0, 5
        cell.b_mode, cell.b.text = cell.a_mode, cell.a.text
        cell.a_mode, cell.a.text = Mode.IMMEDIATE, "0"
    elif opcode in ("SPL", "JMP", "NOP"):
        cell.b_mode, cell.b.text = Mode.DIRECT, "0"
    else:
        fail(Problem.INCOMPLETE, opcode)


def _default_modifier(cell: _Parsed) -> Modifier:
    """ICWS'94 default modifiers, as pMARS picks them (after the DAT default above)."""
    opcode = OPCODE_NAMES[cell.opcode]
    a_immediate = cell.a_mode is Mode.IMMEDIATE
    b_immediate = cell.b_mode is Mode.IMMEDIATE
    if opcode in ("DAT", "NOP"):
        return Modifier.F
    if opcode in ("MOV", "CMP", "SEQ", "SNE", "ADD", "SUB", "MUL", "DIV", "MOD"):
        if a_immediate:
            return Modifier.AB
        if b_immediate:
            return Modifier.B
        return Modifier.I if opcode in ("MOV", "CMP", "SEQ", "SNE") else Modifier.F
    if opcode in ("SLT", "LDP", "STP"):
        return Modifier.AB if a_immediate else Modifier.B
    return Modifier.B


def _predefined(config: MarsConfig, warriors: int, rounds: int) -> dict[str, int]:
    return {
        "CORESIZE": config.coresize,
        "MAXPROCESSES": config.processes,
        "MAXCYCLES": config.cycles,
        "MAXLENGTH": config.maxlength,
        "MINDISTANCE": config.mindistance,
        "VERSION": PMARS_VERSION,
        "WARRIORS": warriors,
        "ROUNDS": rounds,
        "PSPACESIZE": config.pspacesize,
    }


def assemble_with_warnings(
    text: str | bytes,
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    filename: str = "<string>",
    warriors: int = 1,
    rounds: int = 1,
    index: int = 0,
) -> tuple[Warrior, list[Diagnostic]]:
    """Assemble ``text`` like pMARS; also return pMARS's warnings, in its order.

    ``text`` may be the bytes of a file (what pMARS reads) or a string (taken
    as UTF-8).  ``warriors`` and ``rounds`` are the values of the constants WARRIORS and
    ROUNDS.  ``index`` is the warrior's position on the pMARS command line:
    pMARS leaves the expression registers ``w`` and ``s`` set to the number of
    warriors when it assembles the first one (0) and clears them afterwards.
    Raises :class:`RedcodeError` for text that pMARS refuses.
    """
    if isinstance(text, str):
        text = _encode_text(text)
    return _assemble(text.decode("latin-1"), config.resolved(), filename, warriors, rounds, index)


def assemble(
    text: str | bytes,
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    filename: str = "<string>",
    warriors: int = 1,
    rounds: int = 1,
    index: int = 0,
) -> Warrior:
    """Assemble Redcode into a warrior exactly as pMARS does (see
    :func:`assemble_with_warnings`); warnings are dropped."""
    return assemble_with_warnings(
        text, config, filename=filename, warriors=warriors, rounds=rounds, index=index
    )[0]


def assemble_file(
    path: str | PathLike[str],
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    warriors: int = 1,
    rounds: int = 1,
    index: int = 0,
) -> Warrior:
    """Assemble a Redcode file (see :func:`assemble_with_warnings`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise RedcodeError(f"Unable to open file: {error.strerror}", str(path)) from None
    return assemble(data, config, filename=str(path), warriors=warriors, rounds=rounds, index=index)


def _assemble(
    data: str, config: MarsConfig, filename: str, warriors: int, rounds: int, index: int
) -> tuple[Warrior, list[Diagnostic]]:
    reporter = Reporter(filename)
    symbols = SymbolTable()
    for name, value in _predefined(config, warriors, rounds).items():
        symbols.define_text(name, str(value % 2**64), PREDEFINED)  # printed with %lu
    registers = {ord("W") - ord("A"): warriors, ord("S") - ord("A"): warriors} if index == 0 else {}
    evaluator = Evaluator(registers)
    try:
        header, lines, scratch = read_source(data, reporter)
        expander = Expander(symbols, reporter, evaluator, scratch)
        expanded = expander.run(lines)
        if not expander.asserted:
            reporter.warn(Problem.NO_ASSERT, None)
        instructions, start, pin = _encode(
            expanded, expander.line, config, symbols, reporter, expander.budget, evaluator
        )
    except RecursionError:
        raise RedcodeError("Redcode nested too deeply to assemble", filename) from None
    return (
        Warrior(
            instructions=instructions,
            start=start,
            name=_text(header.name),
            author=_text(header.author),
            strategy="\n".join(_text(line) for line in header.strategy),
            pin=pin,
            coresize=config.coresize,
            filename=filename,
        ),
        reporter.warnings,
    )


def _evaluate(
    text: str, evaluator: Evaluator, reporter: Reporter, where: Source, *, same_stack: bool = False
) -> tuple[int, bool]:
    """An operand's value, and whether it overflowed (a warning only)."""
    try:
        status, value = evaluator.evaluate(text, same_stack=same_stack)
    except ExpressionAbort as abort:
        reporter.error(Problem.ABORTED, where, str(abort))
    if status == DIV_ZERO:
        reporter.error(Problem.DIVISION_BY_ZERO, where)
    if status == BAD:
        reporter.error(Problem.BAD_EXPRESSION, where)
    return value, status == OVERFLOW


def _encode_text(text: str) -> bytes:
    """UTF-8, giving back the bytes that ``surrogateescape`` decoding kept."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # other lone surrogates: no file holds them
        return text.encode("utf-8", "replace")


def _text(data: str) -> str:
    return data.encode("latin-1").decode("utf-8", "replace")


def _encode(
    lines: list[Line],
    length: int,
    config: MarsConfig,
    symbols: SymbolTable,
    reporter: Reporter,
    budget: Budget,
    evaluator: Evaluator,
) -> tuple[tuple[Instruction, ...], int, int | None]:
    """pMARS's ``encode``: the instructions, the start offset and the PIN."""
    if length > MAX_INSTRUCTIONS:
        reporter.error(Problem.TOO_MANY_LINES, None, MAX_INSTRUCTIONS)
    if length > config.maxlength:
        reporter.error(Problem.TOO_LONG, None, length - config.maxlength)
    if length == 0:
        # pMARS accepts an empty warrior, without even looking at ORG/PIN lines.
        reporter.warn(Problem.NO_INSTRUCTIONS, None)
        return (), 0, None
    coresize = config.coresize
    instructions: list[Instruction] = []
    start = 0
    pin = None
    for line in lines:
        where = line.source
        cell = _parse(line.text, len(instructions), symbols, reporter, budget, where)
        a_text = cell.a.text or "0"
        b_text = cell.b.text or "0"

        if cell.opcode >= INSTRUCTION_COUNT:
            value, overflow = _evaluate(b_text, evaluator, reporter, where)
            if overflow:
                reporter.warn(Problem.OVERFLOW, where)
            if cell.opcode == ORG:
                start = value % coresize
            elif cell.opcode == PIN:
                pin = value
            elif cell.opcode == END and value:
                if start:
                    reporter.warn(Problem.END_IGNORED, where)
                else:
                    start = value % coresize
            continue
        a_value, a_overflow = _evaluate(a_text, evaluator, reporter, where)
        b_value, b_overflow = _evaluate(b_text, evaluator, reporter, where, same_stack=True)
        if a_overflow or b_overflow:
            reporter.warn(Problem.OVERFLOW, where)
        instructions.append(
            Instruction(
                Opcode(cell.opcode),
                cell.modifier,
                cell.a_mode,
                a_value % coresize,
                cell.b_mode,
                b_value % coresize,
            )
        )
    if start >= length:
        reporter.warn(Problem.START_OUTSIDE, None)
    return tuple(instructions), start, pin
