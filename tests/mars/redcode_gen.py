"""Seeded random warriors, as Redcode text, for the differential tests.

Each warrior is built from one archetype (imp, bomber, scanner, paper, P-space
switcher, self-modifying counter, SPL swarm, random soup) so that battles last
long enough to exercise the VM, plus random "noise" instructions that cover
every opcode, modifier and addressing mode.  Only Redcode that pMARS assembles without errors
is produced: lengths stay within ``maxlength`` and the start is always inside
the program.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from mars.instruction import MODE_SYMBOLS, Modifier, Opcode

OPCODES = tuple(opcode.name for opcode in Opcode)
MODIFIERS = tuple(modifier.name for modifier in Modifier)
ONE_OPERAND = ("DAT", "JMP", "SPL", "NOP")  # the only opcodes pMARS lets omit the B-field


class _Writer:
    """Accumulates the lines of one warrior and invents its random parts."""

    def __init__(self, rng: random.Random, coresize: int, maxlength: int):
        self.rng = rng
        self.coresize = coresize
        self.maxlength = maxlength
        self.lines: list[str] = []
        self.labels: list[str] = []
        self.pin: int | None = None

    @property
    def room(self) -> int:
        return self.maxlength - len(self.lines)

    def add(
        self,
        opcode: str,
        a: str | None = None,
        b: str | None = None,
        *,
        label: str = "",
        modifier: str | None = None,
    ) -> None:
        if label:
            self.labels.append(label)
        op = opcode if modifier is None else f"{opcode}.{modifier}"
        op = op.lower() if self.rng.random() < 0.3 else op
        operands = ", ".join(x for x in (a, b) if x is not None)
        self.lines.append(f"{label:<8}{op:<7} {operands}".rstrip())

    def number(self) -> int:
        """A field value: mostly small, sometimes anywhere in (or beyond) the core."""
        kind = self.rng.random()
        if kind < 0.6:
            return self.rng.randint(-12, 12)
        if kind < 0.9:
            return self.rng.randint(-self.coresize // 2, self.coresize // 2)
        return self.rng.randint(-2 * self.coresize, 2 * self.coresize)

    def value(self) -> str:
        """A field expression: a number, a label, or a little arithmetic."""
        kind = self.rng.random()
        if kind < 0.7 or not self.labels:
            return str(self.number())
        label = self.rng.choice(self.labels)
        if kind < 0.85:
            return label
        return f"{label}{self.rng.choice('+-')}{abs(self.number())}"

    def operand(self, modes: str = MODE_SYMBOLS) -> str:
        mode = self.rng.choice(modes + "$")  # "$" twice: also the bare default below
        if mode == "$" and self.rng.random() < 0.5:
            mode = ""
        return f"{mode}{self.value()}"

    def modifier(self) -> str | None:
        return self.rng.choice(MODIFIERS) if self.rng.random() < 0.7 else None

    def noise(self, count: int) -> None:
        """Random instructions of any kind, P-space ones included."""
        for _ in range(count):
            opcode = self.rng.choice(OPCODES)
            if opcode in ONE_OPERAND and self.rng.random() < 0.2:
                self.add(opcode, self.operand(), modifier=self.modifier())
            else:
                self.add(opcode, self.operand(), self.operand(), modifier=self.modifier())

    def step(self) -> str:
        """A bombing/scanning step; sometimes written with CORESIZE."""
        step = self.rng.randint(2, max(2, self.coresize // 3))
        if self.rng.random() < 0.2:
            return f"(CORESIZE/{self.rng.randint(2, 9)}+{self.rng.randint(0, 5)})"
        return str(step)


def _imp(w: _Writer) -> None:
    """An imp, sometimes a train of them (several processes on one imp)."""
    for _ in range(w.rng.choice([0, 0, 1, 2, 3])):
        w.add("SPL", "1", modifier=w.rng.choice(["B", None]))
    a_field = w.rng.choice(["0", "0", f"#{w.number()}", "imp"])
    w.add("MOV", a_field, "1", label="imp", modifier=w.rng.choice(["I", None]))


def _bomber(w: _Writer) -> None:
    step = w.step()
    w.add("ADD", f"#{step}", "ptr", label="loop", modifier=w.rng.choice(["AB", None, "A"]))
    target = w.rng.choice(["@ptr", "*ptr", "}ptr", ">ptr", "{ptr", "<ptr", "@ptr"])
    w.add("MOV", "bomb", target, modifier=w.rng.choice(["I", "AB", None, "F"]))
    if w.rng.random() < 0.4:
        w.add("SPL", "loop" if w.rng.random() < 0.2 else "1", modifier=w.modifier())
    if w.rng.random() < 0.5:
        w.add(w.rng.choice(["JMP", "DJN"]), "loop", w.rng.choice(["#0", "<ptr", "$0"]))
    else:
        w.add("JMP", "loop")
    w.add(
        "DAT", f"#{w.number()}", f"#{w.number()}", label="ptr", modifier=w.rng.choice(["F", None])
    )
    w.add("DAT", f"#{w.number()}", f"#{w.number()}", label="bomb")


def _scanner(w: _Writer) -> None:
    step = w.step()
    w.add("ADD", f"#{step}", "scan", label="loop", modifier="F")
    w.add(
        w.rng.choice(["SEQ", "CMP", "SNE"]),
        "*scan",
        "@scan",
        label="scan",
        modifier=w.rng.choice(["I", "F", None]),
    )
    w.add("SLT", f"#{w.rng.randint(1, 20)}", "scan", modifier=w.rng.choice(["B", None]))
    w.add("JMP", "loop")
    w.add("MOV", "bomb", "@scan", modifier="I")
    w.add("MOV", "bomb", "*scan", modifier="I")
    w.add("DJN", "loop", "#" + str(w.rng.randint(3, 40)))
    w.add("SPL", "0", label="bomb")
    w.add("MOV", "2", ">-2", modifier=w.rng.choice(["I", "AB"]))


def _paper(w: _Writer) -> None:
    length = 4
    w.add("SPL", "1", label="start")
    w.add("MOV", f"#{length}", "src", modifier="AB", label="copy")
    w.add("MOV", "}src", ">dst", modifier="I", label="loop")
    w.add("JMN", "loop", "src", modifier=w.rng.choice(["B", None]))
    w.add("SPL", "@dst", modifier=w.rng.choice(["B", None]))
    w.add("ADD", f"#{w.step()}", "dst", modifier="AB")
    w.add("JMP", "copy", w.rng.choice(["<dst", "#0", "}src"]) if w.rng.random() < 0.5 else None)
    w.add("DAT", "#copy", "#0", label="src")
    w.add("DAT", f"#{w.number()}", f"#{w.step()}", label="dst")


def _pspace(w: _Writer) -> None:
    if w.rng.random() < 0.5:
        w.pin = w.rng.randint(0, 3)  # small, so warriors of a melee often share P-space
    w.add("LDP", "#0", "res", modifier=w.rng.choice(["AB", "B", "A", None]), label="start")
    w.add("LDP", f"#{w.rng.randint(1, 5)}", "state", modifier=w.rng.choice(["AB", "F", "X"]))
    w.add("ADD", "#1", "state", modifier="B")
    w.add("STP", "state", f"#{w.rng.randint(1, 5)}", modifier=w.rng.choice(["B", "AB", None]))
    w.add("STP", f"#{w.number()}", f"#{w.number()}", modifier=w.modifier())
    w.add("JMZ", "other", "res", modifier=w.rng.choice(["B", "A", None]))
    w.add("JMP", "imp")
    w.add("ADD", f"#{w.step()}", "@state", modifier="AB", label="other")
    w.add("MOV", "state", "@state", modifier="I")
    w.add("JMP", "other", "<state")
    w.add("DAT", "#0", f"#{w.number()}", label="res")
    w.add("DAT", f"#{w.number()}", f"#{w.number()}", label="state")
    w.add("MOV", "0", "1", modifier="I", label="imp")


def _counter(w: _Writer) -> None:
    """Self-modifying loops: instructions that rewrite their own fields."""
    w.add(
        "ADD",
        f"#{w.rng.randint(1, 9)}",
        "1",
        modifier=w.rng.choice(["AB", "BA", "X", "F"]),
        label="loop",
    )
    w.add("MUL", f"#{w.rng.randint(2, 5)}", "2", modifier=w.rng.choice(["B", "AB", "F"]))
    divisor = w.rng.randint(0, 7)  # 0 now and then: division by zero kills the process
    w.add(w.rng.choice(["DIV", "MOD"]), f"#{divisor}", "1", modifier=w.modifier())
    w.add("SUB", "{0", "}1", modifier=w.rng.choice(["X", "F", "A"]))
    w.add("MOV", "*-1", "@2", modifier=w.rng.choice(["I", "X", "BA"]))
    w.add("DJN", "loop", f"#{w.rng.randint(2, 30)}", modifier=w.rng.choice(["B", "F", None]))
    w.add("JMN", "loop", "{loop", modifier=w.modifier())
    w.add(w.rng.choice(["NOP", "JMP"]), "}loop", "<loop")


def _soup(w: _Writer) -> None:
    """Random code; a leading ``SPL 0`` often keeps feeding processes into it."""
    if w.room > 1 and w.rng.random() < 0.6:
        w.add("SPL", "0", modifier=w.rng.choice(["B", None]))
    w.noise(w.rng.randint(1, max(1, w.room - 1)))
    if w.room > 0 and w.rng.random() < 0.7:
        w.add("JMP", f"{-len(w.lines)}", modifier=w.rng.choice(["B", None]))  # to line 1


def _spl_heavy(w: _Writer) -> None:
    w.add("SPL", "0", label="start", modifier=w.rng.choice(["B", None, "A"]))
    for _ in range(w.rng.randint(1, 4)):
        w.add("SPL", w.rng.choice(["1", "2", "-1", "@0", "}0"]), w.rng.choice(["}0", "#0", ">1"]))
    w.add(
        "MOV",
        w.rng.choice(["<-5", "{1", "#0"]),
        w.rng.choice(["{-5", ">3", "@-2"]),
        modifier=w.rng.choice(MODIFIERS),
    )
    w.add("JMP", "-2", w.rng.choice(["<-8", "#0", "}1"]))


ARCHETYPES: dict[str, Callable[[_Writer], None]] = {
    "imp": _imp,
    "bomber": _bomber,
    "scanner": _scanner,
    "paper": _paper,
    "pspace": _pspace,
    "counter": _counter,
    "soup": _soup,
    "spl": _spl_heavy,
}


def generate_warrior(
    seed: int,
    *,
    coresize: int = 8000,
    maxlength: int = 100,
    archetype: str | None = None,
) -> str:
    """Random Redcode text (``;redcode-94``) that pMARS assembles, at most ``maxlength`` long."""
    rng = random.Random(seed)
    kind = archetype or rng.choice(sorted(ARCHETYPES))
    w = _Writer(rng, coresize, maxlength)
    # Noise before the code moves the start away from 0; the ORG/END below points at it.
    if maxlength > 1 and rng.random() < 0.3:
        w.noise(rng.randint(1, max(1, maxlength // 4)))
    first = len(w.lines)
    ARCHETYPES[kind](w)
    if w.room < 0:  # the archetype does not fit: random soup always does
        del w.lines[first:]
        w.labels.clear()
        w.pin = None
        kind = "soup"
        _soup(w)
    if w.room > 0 and rng.random() < 0.5:
        w.noise(rng.randint(1, max(1, min(w.room, rng.choice([3, 10, maxlength])))))
    start = min(first, len(w.lines) - 1)
    lines = [
        ";redcode-94",
        f";name gen{seed}-{kind}",
        ";author redqueen",
        f";strategy generated by tests/mars/redcode_gen.py, seed {seed}",
    ]
    if w.pin is not None:
        lines.append(f"PIN {w.pin}")
    ending = rng.choice(["org", "end"] if start else ["org", "end", "none"])
    if ending == "org":
        lines.append(f"ORG {start}")
    lines += w.lines
    lines.append(f"END {start}" if ending == "end" else "END")
    return "\n".join(lines) + "\n"
