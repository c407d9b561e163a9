"""Redcode as a list of lines that can be edited like text and written back.

The offline author stands in for a language model, so it edits source text,
not assembled instructions: a line keeps its labels, operand expressions and
comment, and a line it does not understand (``for``/``rof``, odd directives)
is kept verbatim and left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

OPCODES = ("dat", "mov", "add", "sub", "mul", "div", "mod", "jmp", "jmz", "jmn", "djn", "spl",
           "slt", "cmp", "seq", "sne", "nop", "ldp", "stp")  # fmt: skip
DIRECTIVES = ("equ", "org", "end")
MODES = "#$@<>*{}"
_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_LINE = re.compile(
    rf"^(?P<labels>(?:{_WORD}:?[ \t]+)*?)[ \t]*(?P<op>{'|'.join(OPCODES + DIRECTIVES)})"
    r"(?:\.(?P<modifier>[A-Za-z]{1,2}))?(?=[ \t;]|$)(?P<operands>[^;]*)(?P<comment>;.*)?$",
    re.IGNORECASE,
)
_NAME = re.compile(_WORD)
# Names the assembler defines itself; they are never a warrior's labels.
PREDEFINED = {
    "CORESIZE", "MAXPROCESSES", "MAXCYCLES", "MAXLENGTH", "MINDISTANCE", "ROUNDS",
    "PSPACESIZE", "CURLINE", "VERSION", "WARRIORS",
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One source line.  ``op`` is lower case, ``None`` for a line kept verbatim
    (blank, comment, not understood); ``a``/``b`` include their mode character."""

    raw: str
    labels: tuple[str, ...] = ()
    op: str | None = None
    modifier: str | None = None
    a: str | None = None
    b: str | None = None
    comment: str = ""

    @property
    def is_instruction(self) -> bool:
        return self.op in OPCODES

    def text(self) -> str:
        """The line written in the house layout (verbatim lines as they were)."""
        if self.op is None:
            return self.raw
        label = " ".join(self.labels)
        op = self.op if self.modifier is None else f"{self.op}.{self.modifier}"
        operands = ", ".join(x for x in (self.a, self.b) if x is not None)
        body = f"{label:<8}{op:<8}{operands}".rstrip() if label else f"        {op:<8}{operands}"
        body = body.rstrip()
        return f"{body:<31} {self.comment}" if self.comment else body


def parse_line(raw: str) -> Line:
    """Read one line; anything not understood becomes a verbatim line."""
    match = _LINE.match(raw.strip())
    if match is None or raw.lstrip().startswith(";"):
        return Line(raw)
    labels = tuple(x.rstrip(":") for x in match["labels"].split())
    op = match["op"].lower()
    operands = match["operands"].strip()
    if op == "equ":
        a, b = operands, None
    elif not operands:
        a = b = None
    else:
        parts = [x.strip() for x in operands.split(",", 1)]
        a, b = parts[0], parts[1] if len(parts) > 1 else None
    modifier = match["modifier"].lower() if match["modifier"] else None
    return Line(raw, labels, op, modifier, a, b, (match["comment"] or "").strip())


def parse(text: str) -> list[Line]:
    """Every line of ``text``, stopping after ``end`` as the assembler does."""
    lines = []
    for raw in text.splitlines():
        line = parse_line(raw)
        lines.append(line)
        if line.op == "end":
            break
    return lines


def render(lines: list[Line]) -> str:
    return "\n".join(line.text() for line in lines) + "\n"


def defined_names(lines: list[Line]) -> set[str]:
    """Labels and EQU names a source defines."""
    return {label for line in lines if line.op not in (None, "org", "end") for label in line.labels}


def referenced_names(lines: list[Line]) -> set[str]:
    """Names used in operands (labels, constants, predefined names)."""
    return {
        name
        for line in lines
        for field in (line.a, line.b)
        if field is not None
        for name in _NAME.findall(field)
    }


def rename(lines: list[Line], mapping: dict[str, str]) -> list[Line]:
    """The lines with names replaced in labels and operand expressions."""
    if not mapping:
        return list(lines)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")

    def swap(field: str | None) -> str | None:
        return None if field is None else pattern.sub(lambda m: mapping[m[1]], field)

    return [
        line
        if line.op is None
        else replace(
            line,
            labels=tuple(mapping.get(x, x) for x in line.labels),
            a=swap(line.a),
            b=swap(line.b),
        )
        for line in lines
    ]


def header(text: str, key: str) -> str | None:
    """The value of a ``;key value`` comment line, if present."""
    match = re.search(rf"^;{key}[ \t]+(.*)$", text, re.MULTILINE)
    return match[1].strip() if match else None


def with_header(lines: list[Line], key: str, value: str) -> list[Line]:
    """The lines with ``;key`` set to ``value``: the first such line replaced and
    any later ones (a multi-line ``;strategy``) dropped, or a line added at the
    end of the leading comment block."""
    new = Line(f";{key} {value}")
    found = [i for i, line in enumerate(lines) if re.match(rf";{key}\b", line.raw.strip())]
    if found:
        kept = [line for i, line in enumerate(lines) if i not in found[1:]]
        return [new if line is lines[found[0]] else line for line in kept]
    at = next((i for i, line in enumerate(lines) if not line.raw.startswith(";")), len(lines))
    return lines[:at] + [new] + lines[at:]


def start_label(lines: list[Line]) -> str | None:
    """The start expression from ``org`` or ``end``, if any."""
    for line in reversed(lines):
        if line.op in ("org", "end") and line.a:
            return line.a
    return None
