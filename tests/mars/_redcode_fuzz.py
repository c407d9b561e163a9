"""Seeded random Redcode, valid and invalid, for comparing the assembler with pMARS.

Unlike ``redcode_gen`` (warriors that fight), these texts aim at the
assembler's corners: labels in every position, EQU (one and several lines),
FOR/ROF with counters and ``&``, CURLINE, predefined constants, odd spacing,
C-like expressions, comments and ``;`` directives, plus deliberate mistakes
and random character damage.
"""

from __future__ import annotations

import random

from mars.instruction import Opcode

OPCODES = [opcode.name for opcode in Opcode]
MODIFIERS = ["A", "B", "AB", "BA", "F", "X", "I"]
MODES = "#$@<>*{}"
CONSTANTS = [
    "CORESIZE",
    "MAXLENGTH",
    "MAXPROCESSES",
    "MAXCYCLES",
    "MINDISTANCE",
    "VERSION",
    "WARRIORS",
    "ROUNDS",
    "PSPACESIZE",
    "CURLINE",
]
BINARY = ["+", "-", "*", "/", "%", "+", "-", "*", "==", "!=", "<", ">", "<=", ">=", "&&", "||"]
JUNK = [
    "@",
    "#",
    ",",
    ".",
    ":",
    "&",
    "|",
    "~",
    "?",
    "[",
    "]",
    "'",
    '"',
    "\\",
    "!",
    "=",
    "$",
    "(",
    ")",
    ";",
    "\t",
    " ",
    "é",
    "x",
    "1",
]


class _Program:
    def __init__(self, rng: random.Random, valid: bool):
        self.rng = rng
        self.valid = valid  # avoid the deliberate mistakes
        self.labels: list[str] = []
        self.equs: list[str] = []
        self.counters: list[str] = []
        self.pasted: list[str] = []  # labels defined as stem&counter
        self.lines: list[str] = []
        self.fresh = 0

    def name(self) -> str:
        self.fresh += 1
        stem = self.rng.choice(["lab", "x", "loop", "ptr", "Bomb", "_t", "step", "a", "L"])
        return f"{stem}{self.fresh}"

    def casing(self, word: str) -> str:
        kind = self.rng.random()
        if kind < 0.5:
            return word
        if kind < 0.8:
            return word.lower()
        return "".join(c.lower() if self.rng.random() < 0.5 else c for c in word)

    def number(self) -> str:
        kind = self.rng.random()
        if kind < 0.6:
            return str(self.rng.randint(0, 12))
        if kind < 0.85:
            return str(self.rng.randint(0, 9000))
        if kind < 0.97 or self.valid:
            return str(self.rng.randint(0, 10**6))
        return str(self.rng.choice([2**31 - 1, 2**31, 2**32 + 5, 2**62, 2**63 - 1, 99999999999]))

    def atom(self, depth: int) -> str:
        kind = self.rng.random()
        symbols = self.labels + self.equs + self.counters
        if kind < 0.45 or depth > 3:
            return self.number()
        if kind < 0.7 and symbols:
            return self.rng.choice(symbols)
        if kind < 0.75 and self.counters and (self.pasted or (self.labels and not self.valid)):
            return f"{self.rng.choice(self.pasted or self.labels)}&{self.rng.choice(self.counters)}"
        if kind < 0.8:
            return (
                self.casing(self.rng.choice(CONSTANTS))
                if not self.valid
                else self.rng.choice(CONSTANTS)
            )
        if kind < 0.9:
            return f"({self.expression(depth + 1)})"
        return self.rng.choice(["-", "+", "!", "- "]) + self.atom(depth + 1)

    def expression(self, depth: int = 0) -> str:
        parts = [self.atom(depth)]
        for _ in range(self.rng.choice([0, 0, 0, 1, 1, 2, 3])):
            op = self.rng.choice(BINARY)
            if op in "/%" and self.valid:
                parts += [op, str(self.rng.randint(1, 9))]
                continue
            parts += [op, self.atom(depth)]
        glue = self.rng.choice(["", "", " "])
        return glue.join(parts)

    def operand(self) -> str:
        mode = self.rng.choice(MODES + "$  ")
        return f"{mode.strip()}{self.rng.choice(['', '', ' '])}{self.expression()}"

    def instruction(self) -> str:
        opcode = self.casing(self.rng.choice(OPCODES))
        if self.rng.random() < 0.6:
            opcode += "." + self.casing(self.rng.choice(MODIFIERS))
        count = self.rng.choice([2, 2, 2, 2, 1]) if self.valid else self.rng.choice([0, 1, 2, 2, 3])
        if opcode[:3].upper() not in ("DAT", "JMP", "SPL", "NOP") and self.valid:
            count = 2
        operands = [self.operand() for _ in range(count)]
        comma = self.rng.choice([", ", ",", " ,", " , "])
        gap = " " if self.rng.random() < 0.9 or not operands or self.valid else ""
        text = f"{opcode}{gap}{comma.join(operands)}"
        if self.rng.random() < 0.2:
            text += self.rng.choice(["   ", "\t", " ; a comment", ";x", " ;assert 0"])
        return text

    def label_prefix(self, depth: int) -> str:
        out = []
        if depth and self.valid:
            # Inside a FOR, a plain label would be defined again on the next round.
            if self.counters and self.rng.random() < 0.5:
                stem = self.name()
                self.pasted.append(stem)
                out.append(f"{stem}&{self.counters[-1]}")
            return " ".join(out) + " "
        for _ in range(self.rng.choice([0, 0, 0, 1, 1, 2])):
            label = self.name()
            if not depth:
                self.labels.append(label)
            out.append(label + self.rng.choice(["", "", ":", " "]))
        return " ".join(out) + (" " if out else self.rng.choice(["", " ", "\t"]))

    def add(self, line: str) -> None:
        self.lines.append(line)

    def block(self, budget: int, depth: int = 0) -> None:
        while budget > 0:
            budget -= 1
            kind = self.rng.random()
            if kind < 0.5 or (depth and self.valid and kind < 0.64):
                self.add(self.label_prefix(depth) + self.instruction())
            elif kind < 0.56:
                label = self.name()
                if not depth:
                    self.labels.append(label)
                self.add(label + self.rng.choice(["", ":"]))
            elif kind < 0.64:
                name = self.name()
                if self.rng.random() < 0.25:
                    self.add(
                        f"{name} EQU {self.casing(self.rng.choice(OPCODES))} {self.operand()},"
                    )
                    self.add(f"{name} {self.operand()}")
                elif self.rng.random() < 0.2:
                    self.add(f"{name} equ {self.instruction()}")
                    self.add(f"    EQU {self.instruction()}")
                    self.add(name)
                else:
                    self.add(
                        f"{name}{self.rng.choice([' ', ': ', '  '])}"
                        f"{self.casing('EQU')} {self.expression()}"
                    )
                    if not depth:
                        self.equs.append(name)
            elif kind < 0.72 and depth < 2:
                counter = self.name() if self.rng.random() < 0.8 else ""
                count = self.rng.choice(
                    ["0", "1", "2", "3", "-1", "2+1", "CORESIZE/4000", str(self.rng.randint(0, 6))]
                )
                self.add(f"{counter} {self.casing('FOR')} {count}".strip())
                if counter:
                    self.counters.append(counter)
                self.block(self.rng.randint(1, 4), depth + 1)
                if counter:
                    self.counters.remove(counter)
                self.add(self.casing("ROF"))
            elif kind < 0.76:
                self.add(self.rng.choice([";", "; just a comment", "", "   ", "\t;x"]))
            elif kind < 0.79:
                claim = "CORESIZE == 8000 || CORESIZE != 8000" if self.valid else self.expression()
                self.add(f";assert {claim}")
            elif kind < 0.82:
                self.add(f"{self.casing('ORG')} {self.expression()}")
            elif kind < 0.84:
                self.add(f"{self.casing('PIN')} {self.expression()}")
            elif kind < 0.87:
                self.add(f"dat CURLINE, {self.expression()}")
            elif kind < 0.9 and (not self.valid or self.rng.random() < 0.2):
                self.add(
                    f"{self.casing(self.rng.choice(OPCODES))}.{self.rng.choice(MODIFIERS)}"
                    f"{self.rng.choice(MODES)}{self.number()},{self.number()}"
                )
            elif not self.valid:
                self.add(
                    self.rng.choice(
                        [
                            "bogus 1, 2",
                            "mov undefined_label, 1",
                            "dat 1/0",
                            "dat (1",
                            "mov 1",
                            "ROF",
                            "FOR 2",
                            "x EQU",
                            "EQU 3",
                            "mov 0, 1, 2",
                            "CURLINE dat 0",
                            "mov.q 0, 1",
                            "dat 1 1",
                            "dat %1",
                            "jmp @",
                            "dat &x",
                            ";assert 0",
                        ]
                    )
                )
            else:
                self.add(self.label_prefix(depth) + self.instruction())


def random_program(seed: int, *, valid: bool | None = None) -> str:
    """A random Redcode text; ``valid`` (random when None) avoids deliberate mistakes."""
    rng = random.Random(seed)
    if valid is None:
        valid = rng.random() < 0.6
    program = _Program(rng, valid)
    head = []
    if rng.random() < 0.8:
        head.append(
            rng.choice([";redcode-94", ";redcode", ";REDCODE-94 x", "; redcode", ";redcodex"])
        )
    if rng.random() < 0.8:
        head.append(f";name {rng.choice(['fuzz', 'A  b ', '', 'naïve'])}{seed}")
    if rng.random() < 0.7:
        head.append(f";author {rng.choice(['me', 'Some One', ''])}")
    if rng.random() < 0.3:
        head.append(";strategy one\n;strategy two")
    program.block(rng.randint(1, 25))
    tail = []
    if rng.random() < 0.5:
        target = rng.choice(program.labels) if program.labels else "0"
        tail.append(f"{program.casing('END')} {rng.choice([target, '', '1', '0'])}".rstrip())
        if rng.random() < 0.3:
            tail.append("dat 7, 7")
    text = "\n".join(head + program.lines + tail) + rng.choice(["\n", "\n", "", "\r\n"])
    if not valid and rng.random() < 0.5:
        text = damage(rng, text)
    return text


def damage(rng: random.Random, text: str) -> str:
    """Insert, delete or replace a few characters."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(chars) + 1)
        kind = rng.random()
        if kind < 0.4 or not chars:
            chars.insert(at, rng.choice(JUNK))
        elif kind < 0.7:
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = rng.choice(JUNK)
    return "".join(chars).rstrip("\\")


def mangle_lines(rng: random.Random, text: str) -> str:
    """Stress pMARS's line reader: long lines, ``\\`` joins, CR, NUL, glued words."""
    out = []
    for line in text.split("\n"):
        kind = rng.random()
        if kind < 0.08:
            line += " " * rng.randint(200, 300) + rng.choice(["", "dat 1", "; c", "x"])
        elif kind < 0.14:
            line += "\\"
        elif kind < 0.18:
            line += "\r" + rng.choice(["", "junk", "dat 9"])
        elif kind < 0.20:
            line += "\0zz"
        elif kind < 0.24 and len(line) > 3:
            cut = rng.randrange(1, len(line))
            line = line[:cut] + "\\\n" + line[cut:]
        elif kind < 0.27:
            line = rng.choice(["x", "lab", "dat.i", "mov"]) * rng.randint(40, 90)
        out.append(line)
    # A backslash on the last line makes pMARS wait forever for the next one.
    return "\n".join(out).rstrip("\\") + "\n"
