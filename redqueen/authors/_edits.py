"""Text-level edits of Redcode: the mutations and crossovers a language model makes.

Every edit works on :mod:`redqueen.authors._source` lines and keeps labels
consistent (a deleted line hands its labels on, clashing names of a second
parent are renamed).  An edit may still produce code that does not assemble;
the offline author checks and draws again.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from mars import MarsConfig
from redqueen.authors._families import coprime_step, mod_step
from redqueen.authors._source import (
    MODES,
    PREDEFINED,
    Line,
    defined_names,
    parse_line,
    referenced_names,
    rename,
    start_label,
)
from redqueen.authors.errors import AuthorError

# Opcodes that take the same operands and do a related job.
_SIBLINGS = [("add", "sub", "mul"), ("jmz", "jmn", "djn"), ("seq", "sne", "slt"), ("spl", "jmp")]
_MODIFIERS = ("a", "b", "ab", "ba", "f", "x", "i")
_NUMBER = re.compile(r"(?<![\w.])\d+")


def _code_indices(lines: list[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.is_instruction]


def tweak_number(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Change one number in an operand or an EQU value: a nudge, a jump, or a new step."""
    spots = [
        (i, side, match)
        for i, line in enumerate(lines)
        if line.op is not None and line.op not in ("org", "end")
        for side in ("a", "b")
        if getattr(line, side)
        for match in _NUMBER.finditer(getattr(line, side))
    ]
    if not spots:
        return None
    i, side, match = rng.choice(spots)
    old = int(match[0])
    size = config.coresize
    how = rng.random()
    if how < 0.4:
        new = old + rng.choice([-3, -2, -1, 1, 2, 3])
    elif how < 0.6:
        new = old * 2 if rng.random() < 0.5 else old // 2
    elif how < 0.8:
        new = mod_step(rng, size, 4)[1] if rng.random() < 0.5 else coprime_step(rng, size, 10)
    else:
        new = rng.randrange(size)
    new = abs(new) % size
    field = getattr(lines[i], side)
    text = field[: match.start()] + str(new) + field[match.end() :]
    return _put(lines, i, replace(lines[i], **{side: text}))


def swap_opcode(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Replace an opcode by a sibling (ADD by SUB, JMZ by JMN ...)."""
    spots = [i for i in _code_indices(lines) for group in _SIBLINGS if lines[i].op in group]
    if not spots:
        return None
    i = rng.choice(spots)
    group = next(g for g in _SIBLINGS if lines[i].op in g)
    op = rng.choice([x for x in group if x != lines[i].op])
    return _put(lines, i, replace(lines[i], op=op))


def change_modifier(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Give an instruction another modifier."""
    spots = [i for i in _code_indices(lines) if lines[i].op not in ("dat", "jmp", "spl", "nop")]
    if not spots:
        return None
    i = rng.choice(spots)
    modifier = rng.choice([m for m in _MODIFIERS if m != lines[i].modifier])
    return _put(lines, i, replace(lines[i], modifier=modifier))


def change_mode(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Give one operand another addressing mode."""
    spots = [(i, s) for i in _code_indices(lines) for s in ("a", "b") if getattr(lines[i], s)]
    if not spots:
        return None
    i, side = rng.choice(spots)
    field = getattr(lines[i], side)
    bare = field[1:].lstrip() if field[0] in MODES else field
    mode = rng.choice([m for m in MODES if not field.startswith(m)])
    return _put(lines, i, replace(lines[i], **{side: ("" if mode == "$" else mode) + bare}))


def insert_line(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Duplicate an instruction (without its labels) or add a typical new one."""
    code = _code_indices(lines)
    if not code or len(code) >= config.maxlength:
        return None
    labels = sorted(defined_names(lines) & {x for i in code for x in lines[i].labels})
    target = rng.choice(labels) if labels else "0"
    offset = rng.randrange(1, config.coresize)
    fresh = [
        "        dat     #0, #0",
        "        spl     #0, 0",
        f"        mov.i   {target}, @{target}",
        f"        mov.i   {rng.choice(['<', '>', '{', '}'])}{offset}, {offset + 1}",
        f"        add.ab  #{offset}, {target}",
        f"        jmp     {target}",
    ]
    if rng.random() < 0.5:
        new = replace(lines[rng.choice(code)], labels=())
    else:
        new = parse_line(rng.choice(fresh))
    at = rng.choice(code + [code[-1] + 1])
    return lines[:at] + [new] + lines[at:]


def delete_line(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Remove an instruction; its labels move to the next instruction."""
    code = _code_indices(lines)
    if len(code) < 2:
        return None
    k = rng.randrange(len(code))
    i = code[k]
    if lines[i].labels:
        if k + 1 == len(code):
            return None
        j = code[k + 1]
        moved = replace(lines[j], labels=lines[i].labels + lines[j].labels)
        lines = _put(lines, j, moved)
    return lines[:i] + lines[i + 1 :]


def swap_blocks(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line] | None:
    """Exchange two neighbouring runs of one to three instructions (labels travel along)."""
    code = _code_indices(lines)
    if len(code) < 2:
        return None
    size = rng.randint(1, min(3, len(code) // 2))
    at = rng.randrange(len(code) - 2 * size + 1)
    first, second = code[at : at + size], code[at + size : at + 2 * size]
    out = list(lines)
    for i, j in zip(first + second, second + first, strict=True):
        out[i] = lines[j]
    return out


MUTATIONS = (
    (tweak_number, 5),
    (swap_opcode, 1),
    (change_modifier, 1),
    (change_mode, 2),
    (insert_line, 1),
    (delete_line, 1),
    (swap_blocks, 1),
)


def mutate(lines: list[Line], rng: random.Random, config: MarsConfig) -> list[Line]:
    """One to three edits drawn by weight (numbers most often, as tuning does)."""
    edits = rng.choice([1, 1, 1, 2, 2, 3])
    functions = [f for f, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    done = 0
    for _ in range(edits * 4):
        edited = rng.choices(functions, weights)[0](lines, rng, config)
        if edited is not None:
            lines, done = edited, done + 1
            if done == edits:
                break
    return lines


def _put(lines: list[Line], i: int, line: Line) -> list[Line]:
    return lines[:i] + [line] + lines[i + 1 :]


def _parts(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """Header comments, EQU constants, and code (instructions and what sits among them)."""
    first = next((i for i, line in enumerate(lines) if line.op is not None), len(lines))
    constants = [line for line in lines if line.op == "equ"]
    code = [line for line in lines[first:] if line.op not in ("equ", "org", "end")]
    while code and not code[-1].is_instruction:
        code.pop()
    return lines[:first], constants, code


def _unclash(taken: set[str], lines: list[Line]) -> list[Line]:
    """The lines with the names that clash with ``taken`` renamed (``bomb`` -> ``bomb2``)."""
    mapping = {}
    for name in sorted(defined_names(lines) & taken):
        n = 2
        while f"{name}{n}" in taken or f"{name}{n}" in defined_names(lines):
            n += 1
        mapping[name] = f"{name}{n}"
    return rename(lines, mapping)


def _resolved(lines: list[Line]) -> bool:
    """Whether every name the operands use is defined (or the assembler's own)."""
    missing = referenced_names(lines) - defined_names(lines)
    return not {name for name in missing if name.upper() not in PREDEFINED}


def _pruned(lines: list[Line]) -> list[Line]:
    """The lines without EQU constants nothing uses (a splice leaves many behind)."""
    while True:
        used = referenced_names(lines)
        unused = [x for x in lines if x.op == "equ" and x.labels and x.labels[0] not in used]
        if not unused:
            return lines
        lines = [x for x in lines if x not in unused]


def _finished(lines: list[Line], start: str | None) -> list[Line]:
    """The child with unused constants dropped and an ``end`` naming its start."""
    lines = _pruned(lines)
    ok = start is not None and _resolved([*lines, Line("", op="end", a=start)])
    return lines + [parse_line(f"        end     {start}" if ok else "        end")]


def _entry(code: list[Line], start: str | None, names: set[str]) -> tuple[list[Line], str]:
    """The code and a label its execution starts at (the first instruction gets
    one when the start is missing or an expression)."""
    if start in names:
        return code, start
    if not _code_indices(code):
        raise AuthorError("a parent has no instructions")
    i = _code_indices(code)[0]
    label = next(f"begin{n}" for n in range(1, 99) if f"begin{n}" not in names)
    return _put(code, i, replace(code[i], labels=(label, *code[i].labels))), label


def crossover(
    first: list[Line],
    second: list[Line],
    rng: random.Random,
    config: MarsConfig,
    way: str | None = None,
) -> tuple[list[Line], str]:
    """A child of two parents and a phrase saying how it was made.

    Three ways (``way``, drawn when ``None``), as a person combining two
    warriors might: ``"constants"``, the first's code with the second's values
    for the constants both define; ``"splice"``, the first's head and the
    second's tail; ``"launch"``, both, the second launched with SPL (a hybrid).
    A way that cannot be done falls back to ``"launch"``.
    """
    head, constants_a, code_a = _parts(first)
    code_a, start_a = _entry(code_a, start_label(first), defined_names(first))
    # The second's values for the constants both define, read before renaming.
    names_a = defined_names(constants_a)
    shared = {x.labels[0]: x for x in _parts(second)[1] if x.labels and x.labels[0] in names_a}
    second = _unclash(defined_names(first), second)
    _, constants_b, code_b = _parts(second)
    code_b, start_b = _entry(code_b, start_label(second), defined_names(second))
    way = way or rng.choices(("constants", "splice", "launch"), (2, 4, 4))[0]
    if way == "constants" and shared:
        constants = [shared.get(x.labels[0], x) if x.labels else x for x in constants_a]
        child = head + constants + code_a
        return _finished(child, start_a), "the first's code with the second's constants"
    if way == "splice":
        for _ in range(20):
            i = rng.randint(1, len(code_a))
            j = rng.randrange(len(code_b))
            body = code_a[:i] + code_b[j:]
            child = head + constants_a + constants_b + body
            # The child must start in code it kept and hold a real part of each parent.
            start = next((s for s in (start_a, start_b) if s in defined_names(body)), None)
            kept = min(len(_code_indices(code_a[:i])), len(_code_indices(code_b[j:])))
            if (
                start is not None
                and kept >= min(2, len(_code_indices(code_a)), len(_code_indices(code_b)))
                and _resolved(child)
                and len(_code_indices(body)) <= config.maxlength
            ):
                return _finished(child, start), "the first's head spliced to the second's tail"
    taken = defined_names(first) | defined_names(second)
    launch = next(f"launch{n}" for n in range(1, 999) if f"launch{n}" not in taken)
    launcher = [
        parse_line(f"{launch:<8}spl     {start_b}"),
        parse_line(f"        jmp     {start_a}"),
    ]
    child = head + constants_a + constants_b + launcher + code_a + code_b
    return _finished(child, launch), "both, the second launched with SPL"
