"""Reading Redcode source and pMARS's first pass: labels, EQU, FOR/ROF, CURLINE, ``&``.

The first pass (asm.c ``expand``/``trav2``) is a text rewriter: it walks each
line token by token, records labels, replaces EQU names by their text and
known labels by their offsets, unrolls FOR blocks and hands over instruction
lines with their operands still as text.  The second pass (``assembler``)
parses those lines.  pMARS's own odd corners are kept on purpose, since a
warrior must come out exactly as pMARS builds it:

* lines are read 255 bytes at a time, ``\\`` at the end joins the next line,
  ``\\r`` ends a line;
* the first ``;redcode`` line drops everything before it, a second one ends
  the file;
* pMARS keeps a scratch buffer between lines, and an opcode written with no
  blank after its operands (``mov.i#0,1``) picks up stale bytes from it
  (:class:`ScratchBuffer`);
* labels defined before a FOR name its counter, ``x&i`` pastes a counter as
  two digits, EQU text is substituted before anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NoReturn

from mars._diagnostics import Problem, Reporter, Source
from mars._expression import BAD, DIV_ZERO, OVERFLOW, Evaluator, ExpressionAbort
from mars._tokens import LETTERS, SPACE, Tok, is_space, next_token, upper
from mars.instruction import Opcode

MAX_CHARS = 256  # pMARS's MAXALLCHAR: line and substitution buffers
MAX_INSTRUCTIONS = 1000  # pMARS's MAXINSTR
MAX_GROUP = 7  # labels that one line may declare (GRPMAX)
# Our limits where pMARS has none (it would hang, crash or take very long):
MAX_STEPS = 100_000  # lines and EQU names expanded, in both passes
MAX_NESTING = 100  # EQU names substituted inside one another

# pMARS's opname[]: the instructions in Opcode order, then the pseudo-opcodes.
OPCODE_NAMES = [opcode.name for opcode in Opcode] + ["ORG", "END", "PIN"]
OPCODE_INDEX = {name: index for index, name in enumerate(OPCODE_NAMES)}
INSTRUCTION_COUNT = len(Opcode)  # OPCODE_NAMES below this index are real instructions
ORG, END, PIN = range(INSTRUCTION_COUNT, INSTRUCTION_COUNT + 3)


class Context(int, Enum):
    """What ``trav2`` has seen so far on a line (its ``wdecl``), in pMARS's order."""

    ERROR = -1
    NOTHING = 0
    LABEL = 1
    OPERANDS = 2  # after an instruction: labels become relative offsets
    INSTRUCTION = 3  # a complete instruction line
    PSEUDO = 4  # after ORG/END/PIN: labels become absolute
    FOR = 5
    ROF = 6


class RefKind(Enum):
    TEXT = "EQU text"
    COUNTER = "FOR counter"
    LABEL = "label"


@dataclass(eq=False)
class Ref:
    """One symbol-table entry of pMARS: a group of names sharing a meaning."""

    kind: RefKind
    names: list[str]
    value: int = 0  # LABEL: instruction index; COUNTER: current iteration
    lines: list[Line] = field(default_factory=list)  # TEXT: the EQU text, line by line
    visit: bool = False  # being substituted (to catch recursion)


class SymbolTable:
    """Names to entries; a name resolves to the newest entry that holds it."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[Ref]] = {}

    def add(self, ref: Ref) -> None:
        for name in ref.names:
            self._by_name.setdefault(name, []).append(ref)

    def remove(self, ref: Ref) -> None:
        for name in ref.names:
            self._by_name[name].remove(ref)

    def lookup(self, name: str) -> Ref | None:
        refs = self._by_name.get(name)
        return refs[-1] if refs else None

    def define_text(self, name: str, text: str, where: Source) -> None:
        self.add(Ref(RefKind.TEXT, [name], lines=[Line(text, where)]))


@dataclass
class Line:
    text: str
    source: Source


@dataclass
class Header:
    """What the ``;`` comment lines say about the warrior."""

    name: str = "Unknown"
    author: str = "Anonymous"
    strategy: list[str] = field(default_factory=list)


class Budget:
    """Bounds the expansion work of one assembly (FOR loops, EQU inside EQU)."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.steps = 0

    def spend(self, where: Source) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            self.reporter.error(
                Problem.ABORTED, where, f"FOR/EQU expansion exceeds {MAX_STEPS} steps"
            )


class ScratchBuffer:
    """pMARS's static ``buf``: its stale bytes leak into some lines (see module doc)."""

    def __init__(self) -> None:
        self.bytes = [""] * MAX_CHARS  # "" is C's NUL

    def write(self, pos: int, text: str) -> None:
        """``strcpy(buf + pos, text)``."""
        for offset, ch in enumerate(text):
            if pos + offset < MAX_CHARS:
                self.bytes[pos + offset] = "" if ch == "\0" else ch
        if pos + len(text) < MAX_CHARS:
            self.bytes[pos + len(text)] = ""

    def set(self, pos: int, ch: str) -> None:
        if pos < MAX_CHARS:
            self.bytes[pos] = ch

    def string(self, pos: int = 0) -> str:
        """The C string at ``pos``."""
        end = pos
        while end < MAX_CHARS and self.bytes[end]:
            end += 1
        return "".join(self.bytes[pos:end])


class TextBuffer:
    """A substitution buffer of MAX_CHARS bytes (``concat`` refuses to overflow it)."""

    def __init__(self) -> None:
        self.text = ""

    def concat(self, more: str) -> bool:
        if len(self.text) + len(more) >= MAX_CHARS:
            return False
        self.text += more
        return True


def read_source(
    data: str, reporter: Reporter, scratch: ScratchBuffer | None = None
) -> tuple[Header, list[Line], ScratchBuffer]:
    """Split ``data`` (one character per byte) into pMARS's logical lines.

    Returns the header comments, the lines worth assembling (code and
    ``;assert`` lines, comments cut off) and the scratch buffer as reading
    left it.
    """
    scratch = scratch or ScratchBuffer()
    header = Header()
    lines: list[Line] = []
    pos = 0
    loc = 0
    physical = 1
    redcode_seen = False
    more = True
    while more:
        first_physical = physical
        scratch.set(0, "")
        length = 0
        while True:  # fgets() pieces of at most 255 bytes, joined by a final backslash
            if pos >= len(data):
                more = False  # pMARS hangs on a backslash at the very end; we stop
                break
            end = min(pos + MAX_CHARS - 1 - length, len(data))
            newline = data.find("\n", pos, end)
            if newline >= 0:
                end = newline + 1
            piece = data[pos:end]
            physical += piece.count("\n")
            pos = end
            scratch.write(length, piece)
            while scratch.bytes[length] not in ("", "\n", "\r"):
                length += 1
            scratch.set(length, "")
            if length > 0 and scratch.bytes[length - 1] == "\\":
                length -= 1
                scratch.set(length, "")
                continue
            break
        loc += 1
        text = scratch.string()
        kind, _, after = next_token(text, 0)
        if kind is Tok.NONE:
            continue
        if kind is Tok.COMMENT:
            word_kind, word, word_end = next_token(text, after)
            word = upper(word)
            if word == "REDCODE" and word_end == after + 7:
                if redcode_seen:
                    break
                redcode_seen = True
                lines.clear()
                continue
            rest_start = word_end
            while is_space(text, rest_start):
                rest_start += 1
            rest = text[rest_start:]
            if word == "NAME":
                header.name = rest or "Unknown"
            elif word == "AUTHOR":
                header.author = rest or "Anonymous"
            elif word == "STRATEGY":
                header.strategy.append(rest)
            elif word == "ASSERT":
                text = _cut_comment(text, rest_start, scratch)
                lines.append(Line(text, Source(loc, first_physical, text)))
            continue
        text = _cut_comment(text, 0, scratch)
        lines.append(Line(text, Source(loc, first_physical, text)))
    return header, lines, scratch


def _cut_comment(text: str, start: int, scratch: ScratchBuffer) -> str:
    """``nocmnt``: end the line at the first ``;`` from ``start``."""
    cut = text.find(";", start)
    if cut < 0:
        return text
    scratch.set(cut, "")
    return text[:cut]


class Expander:
    """pMARS's first pass over the lines of one warrior."""

    def __init__(
        self,
        symbols: SymbolTable,
        reporter: Reporter,
        evaluator: Evaluator,
        scratch: ScratchBuffer,
    ):
        self.symbols = symbols
        self.reporter = reporter
        self.evaluator = evaluator
        self.scratch = scratch
        self.output: list[Line] = []
        self.line = 0  # instructions so far (CURLINE); a C unsigned short
        self.asserted = False
        self._pending: list[str] = []  # labels waiting for their instruction, newest first
        self._skip = 0  # depth of FOR blocks with a count <= 0 being skipped
        self._going = True  # false after END or an unclosed FOR
        self._lines: list[Line] = []  # the cursor, pMARS's "aline": a list and an index
        self._at = 0
        self.budget = Budget(reporter)  # shared with the second pass
        self._nesting = 0

    # --- the cursor -------------------------------------------------------

    def _here(self) -> Source:
        return self._lines[self._at].source

    def _has_next(self) -> bool:
        return self._at + 1 < len(self._lines)

    def _step(self) -> None:
        self.budget.spend(self._here())

    def _emit(self, dest: TextBuffer) -> None:
        self.output.append(Line(dest.text, self._here()))

    # --- pass 1 -----------------------------------------------------------

    def run(self, lines: list[Line]) -> list[Line]:
        """Expand ``lines``; returns the instruction and ORG/END/PIN lines, as text."""
        self._lines, self._at = lines, 0
        while self._at < len(self._lines) and self._going:
            self._step()
            dest = TextBuffer()
            result = self._traverse(self._lines[self._at].text, dest, Context.NOTHING)
            if result is Context.INSTRUCTION:
                self._emit(dest)
            elif result is Context.ROF:
                self._error(Problem.UNOPENED_FOR)
            self._at += 1
        if self._pending:
            names = TextBuffer()
            for name in self._pending:  # as many as fit in pMARS's buffer
                if (names.text and not names.concat(" ")) or not names.concat(name):
                    break
            self.reporter.warn(Problem.DISCARDED_LABELS, None, names.text)
            self._pending = []
        return self.output

    def _error(self, problem: Problem, *args: object) -> NoReturn:
        self.reporter.error(problem, self._here(), *args)

    def _warn(self, problem: Problem, *args: object) -> None:
        self.reporter.warn(problem, self._here(), *args)

    def _evaluate(self, text: str) -> tuple[int, int]:
        try:
            return self.evaluator.evaluate(text)
        except ExpressionAbort as abort:
            self._error(Problem.ABORTED, str(abort))

    def _flush_labels(self) -> None:
        """Bind the waiting labels to the current instruction."""
        if self._pending:
            self.symbols.add(Ref(RefKind.LABEL, self._pending, value=self.line))
            self._pending = []

    def _traverse(self, text: str, dest: TextBuffer, context: Context) -> Context:
        """``trav2``: rewrite ``text`` into ``dest``; returns what the line turned out to be."""
        pos = 0
        while True:
            kind, token, after = next_token(text, pos)
            if kind is Tok.NONE:
                return context
            if kind is Tok.COMMENT:
                if context is Context.NOTHING and not self._skip:
                    _, word, word_end = next_token(text, after)
                    if upper(word) == "ASSERT":
                        self._assert(text[word_end:], dest)
                return context
            if kind is not Tok.WORD:
                if self._skip:
                    return Context.NOTHING
                if context <= Context.LABEL:
                    self._error(Problem.BAD_TOKEN, token)
                if not dest.concat(token):
                    self._error(Problem.BUFFER_OVERFLOW)
                pos = after
                continue

            word = upper(token)
            self.scratch.write(0, word)
            if word == "ROF":
                if self._skip:
                    self._skip -= 1
                    return Context.ERROR
                if context <= Context.LABEL:
                    return Context.ROF
                self._error(Problem.MISPLACED, token)
            if word == "FOR":
                if self._skip:
                    self._skip += 1
                    return Context.ERROR
                if context <= Context.LABEL:
                    return self._for(text[after:], dest)
                self._error(Problem.MISPLACED, token)
            if token == "CURLINE":  # case-sensitive, unlike the keywords
                if self._skip:
                    return Context.NOTHING
                if context <= Context.LABEL:
                    self._error(Problem.CURLINE)
                self._paste_number(str(self.line), text, after, dest)
                pos = after
                continue
            if word == "EQU":
                if self._skip:
                    return Context.NOTHING
                if context <= Context.LABEL:
                    return self._equ(text[after:])
                self._error(Problem.MISPLACED, token)
            if word in OPCODE_INDEX:
                if self._skip:
                    return Context.NOTHING
                if context > Context.LABEL:
                    self._error(Problem.MISPLACED, token)
                return self._instruction(OPCODE_INDEX[word], word, text, after, dest)
            if self._skip:
                context = Context.NOTHING
                pos = after
                continue

            token, after = self._concatenate(token, text, after)
            ref = self.symbols.lookup(token)
            if ref is not None:
                if ref.kind is RefKind.TEXT:
                    if ref.visit:
                        self._error(Problem.RECURSIVE, token)
                    return self._substitute(text[after:], dest, context, ref)
                if context <= Context.LABEL:
                    self._warn(Problem.REDEFINED, token)
                    return Context.ERROR
                if ref.kind is RefKind.COUNTER:
                    value = f"{ref.value:02d}"
                elif context is Context.PSEUDO:
                    value = str(ref.value)
                else:
                    value = str(ref.value - self.line)
                self._paste_number(value, text, after, dest)
            elif context <= Context.LABEL:
                if len(self._pending) >= MAX_GROUP:
                    self._error(Problem.TOO_MANY_LABELS, token)
                self._pending.insert(0, token)
                if text[after : after + 1] == ":":
                    after += 1
                context = Context.LABEL
            elif not dest.concat(token + (" " if is_space(text, after) else "")):
                self._error(Problem.BUFFER_OVERFLOW)
            pos = after

    def _paste_number(self, value: str, text: str, after: int, dest: TextBuffer) -> None:
        """Append a label's or CURLINE's value, keeping a following blank."""
        if is_space(text, after):
            value += " "
        self.scratch.write(0, value)
        if not dest.concat(value):
            self._error(Problem.BUFFER_OVERFLOW)

    def _concatenate(self, token: str, text: str, after: int) -> tuple[str, int]:
        """``name&i&j``: append the values of FOR counters, two digits each."""
        while (
            text[after : after + 1] == "&" and after + 1 < len(text) and text[after + 1] in LETTERS
        ):
            _, name, after = next_token(text, after + 1)
            self.scratch.write(0, name)
            ref = self.symbols.lookup(name)
            if ref is None or ref.kind is not RefKind.COUNTER:
                self._error(Problem.BAD_CONCATENATION, name)
                break
            digits = f"{ref.value:02d}"
            self.scratch.write(0, digits)
            if len(token) + len(digits) >= MAX_CHARS:
                self._error(Problem.BUFFER_OVERFLOW)
            token += digits
        return token, after

    def _instruction(
        self, opcode: int, word: str, text: str, after: int, dest: TextBuffer
    ) -> Context:
        # pMARS copies the characters glued to the opcode (".AB#0,1") unchanged, into
        # its scratch buffer, which it terminates only if a blank follows.
        end = after
        while end < len(text) and text[end] not in SPACE:
            self.scratch.set(len(word) + end - after, text[end])
            end += 1
        if is_space(text, end):
            self.scratch.write(len(word) + end - after, " ")
        if not dest.concat(self.scratch.string()):
            self._error(Problem.BUFFER_OVERFLOW)
        is_instruction = opcode < INSTRUCTION_COUNT
        context = Context.OPERANDS if is_instruction else Context.PSEUDO
        if self._traverse(text[end:], dest, context) is Context.ERROR:
            return Context.ERROR
        self._flush_labels()
        if is_instruction:
            self.line = (self.line + 1) & 0xFFFF
            if self.line > MAX_INSTRUCTIONS:
                # pMARS would expand on, then refuse; stopping here bounds the work.
                self.reporter.error(Problem.TOO_MANY_LINES, None, MAX_INSTRUCTIONS)
        elif opcode == END:
            self._going = False
        return Context.INSTRUCTION

    def _assert(self, text: str, dest: TextBuffer) -> None:
        self._traverse(text, dest, Context.OPERANDS)
        status, value = self._evaluate(dest.text)
        if status in (BAD, DIV_ZERO):
            self._warn(Problem.BAD_ASSERT)
            return
        if status == OVERFLOW:
            self._warn(Problem.OVERFLOW)
        self.asserted = True
        if value == 0:
            self._error(Problem.ASSERTION_FAILED)

    def _for(self, text: str, dest: TextBuffer) -> Context:
        """``blkfor``: unroll a FOR block; the newest waiting label names the counter."""
        names = self._pending[:1]
        if len(self._pending) > 1:
            self.symbols.add(Ref(RefKind.LABEL, self._pending[1:], value=self.line))
        self._pending = []
        dest.text = ""
        self._traverse(text, dest, Context.OPERANDS)
        status, count = self._evaluate(dest.text)
        if status == DIV_ZERO:
            self._error(Problem.DIVISION_BY_ZERO)
        if status == BAD:
            self._error(Problem.BAD_EXPRESSION)
        if status == OVERFLOW:
            self._warn(Problem.OVERFLOW)
        if count <= 0:
            self._skip += 1
            return Context.FOR
        counter = Ref(RefKind.COUNTER, names, value=1, visit=True)
        self.symbols.add(counter)
        count &= 0xFFFF  # pMARS compares with an unsigned short
        first = self._at
        while self._going and counter.value <= count:
            self._at = first
            while self._going:
                if not self._has_next():
                    self.reporter.warn(Problem.UNCLOSED_FOR, None)
                    self._going = False
                    break
                self._at += 1
                self._step()
                dest.text = ""
                result = self._traverse(self._lines[self._at].text, dest, Context.NOTHING)
                if result is Context.ROF:
                    break
                if result is Context.INSTRUCTION:
                    self._emit(dest)
            counter.value = (counter.value + 1) & 0xFFFF
        self.symbols.remove(counter)
        return Context.FOR

    def _equ(self, text: str) -> Context:
        """``equtbl``: the waiting labels name ``text`` and any ``EQU`` lines right after."""
        if not self._pending:
            self._warn(Problem.EQU_WITHOUT_LABEL)
            return Context.OPERANDS
        ref = Ref(RefKind.TEXT, self._pending, lines=[Line(text, self._here())])
        self._pending = []
        self.symbols.add(ref)
        while self._has_next():
            following = self._lines[self._at + 1]
            _, word, after = next_token(following.text, 0)
            if upper(word) != "EQU":
                break
            self._at += 1
            ref.lines.append(Line(following.text[after:], following.source))
        return Context.OPERANDS

    def _substitute(self, rest: str, dest: TextBuffer, context: Context, ref: Ref) -> Context:
        """``equsub``: traverse the EQU text in place of its name, then the rest of the line.

        Every line of a multi-line EQU but the last is a line of its own.
        """
        self._step()
        self._nesting += 1
        if self._nesting > MAX_NESTING:
            self._error(Problem.ABORTED, f"EQU substitutions nested more than {MAX_NESTING} deep")
        ref.visit = True
        saved = self._lines, self._at
        self._lines, self._at = ref.lines, 0
        context = self._traverse(self._lines[0].text, dest, context)
        while self._has_next() and self._going:
            if not self._skip and context is Context.INSTRUCTION:
                self._emit(dest)
            self._at += 1
            self._step()
            dest.text = ""
            context = self._traverse(self._lines[self._at].text, dest, Context.NOTHING)
        self._lines, self._at = saved
        if is_space(rest, 0):
            dest.concat(" ")
        ref.visit = False
        self._nesting -= 1
        return self._traverse(rest, dest, context)
