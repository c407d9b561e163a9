"""New warriors written from the classic strategy families, with seeded parameters.

Each writer takes a random generator and the battle settings and returns a
:class:`Draft`; :func:`write_new` turns it into Redcode text.  The layouts
are the textbook ones; what varies is what a human tunes: steps (chosen by
the arithmetic that keeps a bomber off its own cells), bomb types, counts,
decoys, modifiers.  A writer may produce a warrior too long for small
settings; the offline author then draws again or falls back to a shorter one.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from mars import MarsConfig

# (label, instruction with modifier, A operand, B operand, comment); "" for none.
Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Draft:
    """A warrior before it is written out: headers, constants, code, start label."""

    family: str
    name: str
    strategy: str
    rows: list[Row]
    start: str
    constants: list[tuple[str, int | str, str]] = field(default_factory=list)

    def text(self) -> str:
        out = [";redcode-94", f";name {self.name}", ";author offline"]
        out += [f";strategy {line}" for line in self.strategy.split("\n")]
        out += [f";family {self.family}", ""]
        for name, value, comment in self.constants:
            line = f"{name:<8}equ     {value}"
            out.append(f"{line:<31} ; {comment}" if comment else line)
        if self.constants:
            out.append("")
        for label, op, a, b, comment in self.rows:
            operands = f"{a}, {b}" if b else a
            line = f"{label:<8}{op:<8}{operands}".rstrip()
            out.append(f"{line:<31} ; {comment}" if comment else line)
        out.append(f"        end     {self.start}")
        return "\n".join(out) + "\n"


_NAMES = {
    "stone": ("Flint", "Basalt", "Gravel", "Granite", "Shale", "Pumice", "Slate", "Obsidian"),
    "paper": ("Vellum", "Parchment", "Papyrus", "Folio", "Quire", "Confetti", "Tissue", "Ream"),
    "scanner": ("Lens", "Periscope", "Radar", "Sonar", "Beacon", "Prism", "Scout", "Spyglass"),
    "imp": ("Gyre", "Whorl", "Helix", "Vortex", "Eddy", "Coil", "Spindle", "Carousel"),
    "clear": ("Squall", "Gale", "Rake", "Scythe", "Sleet", "Tide", "Plough", "Wiper"),
    "vampire": ("Fang", "Lamprey", "Tick", "Mosquito", "Leechling", "Nosferatu", "Thirst"),
}


def _name(rng: random.Random, family: str) -> str:
    return f"{rng.choice(_NAMES[family])} {rng.randrange(100, 1000)}"


def divisors(coresize: int, least: int) -> list[int]:
    """Divisors k of the core size with ``least <= k <= coresize / 4``: mod-k step classes."""
    return [k for k in range(least, coresize // 4 + 1) if coresize % k == 0]


def mod_step(rng: random.Random, coresize: int, least: int) -> tuple[int, int]:
    """A step ``k * m`` with ``gcd(m, coresize / k) == 1``: it visits every k-th cell
    of the core before it repeats, and (for ``k >= least``, the bomber's length)
    only the pointer's own residue, so never the other cells of the bomber."""
    classes = divisors(coresize, least) or [coresize]
    # Small classes bomb more densely; prefer them like a human would.
    k = rng.choice(classes[:3])
    cells = coresize // k
    m = rng.choice([m for m in range(1, cells) if math.gcd(m, cells) == 1] or [1])
    return k, k * m


def coprime_step(rng: random.Random, coresize: int, low: int) -> int:
    """An odd step prime to the core size, at least ``low`` from either end of the core."""
    low = min(low, coresize // 4)
    choices = [s for s in range(low, coresize - low) if math.gcd(s, coresize) == 1]
    return rng.choice(choices or [1])


def _far(rng: random.Random, config: MarsConfig) -> int:
    """A distance that lands outside the warrior (paper copies, imp-killer bombs)."""
    return rng.randrange(2 * config.maxlength, config.coresize - 2 * config.maxlength)


def stone(rng: random.Random, config: MarsConfig) -> Draft:
    """A bomber: either a dwarf-like DAT stone or an SPL-then-DAT stone."""
    if rng.random() < 0.5:
        decoys = rng.choice([0, 0, 1, 2])
        k, step = mod_step(rng, config.coresize, 4 + decoys)
        bomb_a = rng.choice(["#0", "#0", f"#{step}", f"<{config.coresize // 3}"])
        rows: list[Row] = [("", "dat", "#0", "#0", "decoy") for _ in range(decoys)]
        rows += [
            ("loop", "add.ab", "#step", "bomb", ""),
            ("", "mov.i", "bomb", "@bomb", "the bomb carries its own pointer"),
            ("", "jmp", "loop", "", ""),
            ("bomb", "dat", bomb_a, "#0", ""),
        ]
        strategy = f"A mod-{k} DAT stone: bombs every {k}th cell, never its own lines."
        return Draft("stone", _name(rng, "stone"), strategy, rows, "loop", [("step", step, "")])
    # SPL stun bombs, and DAT bombs `lag` steps behind them on the same cells.
    k, step = mod_step(rng, config.coresize, 9)
    residue = rng.randrange(4, k - 4)
    lag = rng.randint(1, 3)
    first = residue + k * rng.randrange(1, max(2, config.coresize // k // 2))
    rows = [
        ("loop", "mov.i", "stun", "@ptr", "stun first"),
        ("", "mov.i", "kill", "*ptr", "kill what was stunned"),
        ("", rng.choice(["add.f", "add.x"]), "incr", "ptr", ""),
        ("", "jmp", "loop", "", ""),
        ("ptr", "dat", f"#first-{lag}*step", "#first", ""),
        ("incr", "dat", "#step", "#step", ""),
        ("stun", "spl", "#0", "0", ""),
        ("kill", "dat", "#0", "#0", ""),
    ]
    strategy = (
        f"A mod-{k} SPL/DAT stone: stuns a cell, and {lag} loops later kills it.\n"
        f"Its bombs land {residue} cells off the mod-{k} grid of its pointer, away from itself."
    )
    constants = [("step", step, ""), ("first", first, "")]
    return Draft("stone", _name(rng, "stone"), strategy, rows, "loop", constants)


def paper(rng: random.Random, config: MarsConfig) -> Draft:
    """A silk replicator: lockstep processes copy the body and fork into the copy."""
    splits = rng.choice([3, 3, 4])
    stages = rng.choice([1, 2])
    bombs = rng.choice([0, 1, 2])
    rows: list[Row] = [("start" if i == 0 else "", "spl", "1", "", "") for i in range(splits)]
    for stage in range(stages):
        label = f"silk{stage + 1}"
        rows.append((label, "spl", "@0", f">{_far(rng, config)}", "fork into the copy"))
        rows.append(("", "mov.i", f"}}{label}", f">{label}", "and copy the body there"))
    for _ in range(bombs):
        mode = rng.choice([">", "{", "<", ""])
        rows.append(("", "mov.i", "shell", f"{mode}{_far(rng, config)}", ""))
    third = config.coresize // 3 + 1
    rows.append(("shell", "dat", f"<{third}", f"<{2 * third}", "anti-imp decrements"))
    copies = "once" if stages == 1 else "twice"
    thrown = {0: "", 1: " and throws a bomb", 2: " and throws two bombs"}[bombs]
    strategy = f"A silk paper: {2**splits} processes copy it {copies} per generation{thrown}."
    return Draft("paper", _name(rng, "paper"), strategy, rows, "start")


def _safe_laps(coresize: int, origin: int, step: int, offsets: list[int], length: int) -> int:
    """How many looks come before one reads the warrior itself.

    Look n (from 1) reads the cells ``origin + n * step + offset`` counted from
    the warrior's first cell; its own cells are ``0 .. length - 1``.
    """
    for n in range(1, coresize + 1):
        for offset in offsets:
            if (origin + n * step + offset) % coresize < length:
                return n - 1
    return coresize


def scanner(rng: random.Random, config: MarsConfig) -> Draft:
    """A scanner that stuns what it finds, then clears the core short of itself."""
    size = config.coresize
    step = coprime_step(rng, size, config.maxlength)
    use_seq = rng.random() < 0.5
    gap = rng.randrange(step // 4 + 1, step // 2 + 2) if use_seq else 0
    first = rng.randrange(config.maxlength, size // 2)
    if use_seq:
        rows: list[Row] = [
            ("gate", "dat", "#0", "#length", "the clear starts past the code"),
            ("look", "add.f", "incr", "ptr", ""),
            ("", "seq.i", "*ptr", "@ptr", "two cells alike (both empty): look on"),
            ("", "jmp", "hit", "", ""),
            ("", "djn.b", "look", "count", ""),
            ("", "jmp", "clear", "", ""),
            ("hit", "mov.i", "stun", "*ptr", ""),
            ("", "mov.i", "stun", "@ptr", ""),
            ("", "djn.b", "look", "count", ""),
        ]
        ptr = ("ptr", "dat", f"#{first}", f"#{first}+gap", "")
        data: list[Row] = [("incr", "dat", "#step", "#step", "")]
        offsets = [0, gap]
    else:
        rows = [
            ("gate", "dat", "#0", "#length", "the clear starts past the code"),
            ("look", "add.ab", "#step", "ptr", ""),
            ("", rng.choice(["jmz.f", "jmz.i"]), "next", "@ptr", "empty: look on"),
            ("", "mov.i", "stun", "@ptr", "found something: stun it"),
            ("next", "djn.b", "look", "count", ""),
        ]
        ptr = ("ptr", "dat", "#0", f"#{first}", "")
        data = []
        offsets = [0]
    rows += [
        ("clear", "mov.i", "kill", ">gate", ""),
        ("", "djn.b", "clear", "#CORESIZE-length", "stops short of itself"),
        ("rest", "jmp", "rest", "", ""),
        ptr,
        *data,
        ("count", "dat", "#0", "#laps", ""),
        ("stun", "spl", "#0", "0", ""),
        ("kill", "dat", "#0", "#0", ""),
    ]
    at = [r[0] for r in rows].index("ptr")
    length = len(rows)
    laps = _safe_laps(size, at + first, step, offsets, length)
    laps = max(1, min(laps, size // math.gcd(step, size)))
    kind = "SEQ" if use_seq else "JMZ"
    strategy = (
        f"A {kind} scanner: looks {laps} times with step {step}, stuns what it finds,\n"
        "then clears the core with DAT, stopping short of its own lines."
    )
    constants: list[tuple[str, int | str, str]] = [
        ("step", step, ""),
        ("laps", laps, "the looks before it would see itself"),
        ("length", length, ""),
    ]
    if use_seq:
        constants.insert(1, ("gap", gap, "the two cells compared"))
    return Draft("scanner", _name(rng, "scanner"), strategy, rows, "look", constants)


def imp(rng: random.Random, config: MarsConfig) -> Draft:
    """An imp spiral launched through a table of JMPs, so its points start in ring order."""
    size = config.coresize
    points = [n for n in (3, 5, 7, 9, 11, 13) if math.gcd(n, size) == 1]
    splits = [s for s in range(1, 7) if s + 3 + 2**s <= config.maxlength]
    choices = [(n, s) for n in points for s in splits if 2**s >= n]
    if not choices:
        rows: list[Row] = [("imp", "mov.i", "#0", "1", "")]
        return Draft("imp", _name(rng, "imp"), "A lone imp.", rows, "imp")
    n, s = rng.choice(choices)
    step = pow(n, -1, size)  # n steps of this size come back one cell ahead
    per_point = 2**s // n
    rows = [("launch" if i == 0 else "", "spl", "1", "", "") for i in range(s)]
    rows.append(("", "jmp", "}vector", "", "each process takes the next entry"))
    rows.append(("vector", "dat", "table-vector", "0", ""))
    for i in range(2**s):
        point = i % n
        target = "imp" if point == 0 else f"imp+{point}*step"
        rows.append(("table" if i == 0 else "", "jmp", target, "", ""))
        if i + 1 == per_point * n:
            rows += [("", "dat", "0", "0", "spare processes end here")] * (2**s - i - 1)
            break
    rows.append(("imp", "mov.i", f"#{rng.choice([0, 0, step])}", "step", ""))
    strategy = f"An imp spiral of {n} points with {per_point} process(es) each, step {step}."
    constants: list[tuple[str, int | str, str]] = [("step", step, f"{n} * step = 1 mod CORESIZE")]
    return Draft("imp", _name(rng, "imp"), strategy, rows, "launch", constants)


def clear(rng: random.Random, config: MarsConfig) -> Draft:
    """An SPL-fed core clear writing through a gate below its code."""
    kind = rng.choice(["d-clear", "forward", "stun"])
    rows: list[Row] = [("gate", "dat", "#0", "#length", "")]
    rows.append(("clear", "spl", "#0", "0", "ever more processes"))
    if kind == "d-clear":
        rows += [
            ("wipe", "mov.i", "kill", ">gate", ""),
            ("", "djn.f", "wipe", ">gate", "and a second cell by decrement"),
        ]
    elif kind == "forward":
        rows += [("wipe", "mov.i", "kill", ">gate", ""), ("", "jmp", "wipe", "", "")]
    else:
        rows += [
            ("wipe", "mov.i", "stun", ">gate", "a SPL pass"),
            ("", "mov.i", "kill", ">gate", "and a DAT pass"),
            ("", "jmp", "wipe", "", ""),
            ("stun", "spl", "#0", "0", ""),
        ]
    rows.append(("kill", "dat", "#0", "#0", ""))
    strategy = f"A {kind} clear fed by SPL 0, writing from the end of its code onwards."
    constants: list[tuple[str, int | str, str]] = [("length", len(rows), "")]
    return Draft("clear", _name(rng, "clear"), strategy, rows, "clear", constants)


def vampire(rng: random.Random, config: MarsConfig) -> Draft:
    """Plants JMP fangs that lead into an SPL pit; now and then kills the prisoners."""
    k, step = mod_step(rng, config.coresize, 10)
    bites = rng.randrange(10, 80)
    rows: list[Row] = [
        ("bite", "add.f", "reach", "fang", ""),
        ("", "mov.i", "fang", "@fang", ""),
        ("", "djn.b", "bite", f"#{bites}", ""),
        ("", "mov.i", "kill", "pit", "kill the prisoners"),
        ("", "jmp", "bite", "", ""),
        ("fang", "jmp", "pit-fang-step", "step", "A + B stays the distance to the pit"),
        ("reach", "dat", "#-step", "#step", ""),
        ("pit", "spl", "#0", "0", ""),
        ("", "jmp", "pit", "", ""),
        ("kill", "dat", "#0", "#0", ""),
    ]
    strategy = (
        f"A vampire: JMP fangs on every {k}th cell lead into a SPL pit;\n"
        f"every {bites} bites it drops DAT on the pit."
    )
    return Draft("vampire", _name(rng, "vampire"), strategy, rows, "bite", [("step", step, "")])


WRITERS: dict[str, Callable[[random.Random, MarsConfig], Draft]] = {
    "stone": stone,
    "paper": paper,
    "scanner": scanner,
    "imp": imp,
    "clear": clear,
    "vampire": vampire,
}
