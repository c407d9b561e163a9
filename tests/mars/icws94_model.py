"""A deliberately plain model of one ICWS'94 instruction cycle, for checking the VM.

Written from the draft standard's description (section 5 and its reference
code), not from the VM: operands are evaluated A then B into instruction
registers, with pre-decrement before and post-increment after each read, then
the opcode acts on the registers and writes to the B-pointer.  Where pMARS
0.9.2 fixes a detail the draft leaves open, the model follows pMARS (noted).
"""

from __future__ import annotations

from dataclasses import dataclass

from mars.instruction import Instruction, Mode, Modifier, Opcode

A_FIELD_MODES = {Mode.A_INDIRECT, Mode.A_PREDECREMENT, Mode.A_POSTINCREMENT}
PREDECREMENT = {Mode.A_PREDECREMENT, Mode.B_PREDECREMENT}
POSTINCREMENT = {Mode.A_POSTINCREMENT, Mode.B_POSTINCREMENT}


@dataclass
class Outcome:
    core: list[Instruction]
    queued: list[int]  # addresses appended to the process queue
    died: bool


def _operand(core: list[Instruction], pc: int, mode: Mode, value: int, size: int):
    """Return (pointer, register) for one operand, updating core for < > { }."""
    if mode == Mode.IMMEDIATE:
        return pc, core[pc]
    pointer = (pc + value) % size
    if mode == Mode.DIRECT:
        return pointer, core[pointer]
    cell = core[pointer]
    use_a = mode in A_FIELD_MODES
    offset = cell.a if use_a else cell.b
    if mode in PREDECREMENT:
        offset = (offset - 1) % size
        core[pointer] = cell._replace(a=offset) if use_a else cell._replace(b=offset)
    target = (pointer + offset) % size
    register = core[target]
    if mode in POSTINCREMENT:
        cell = core[pointer]
        bumped = (offset + 1) % size
        core[pointer] = cell._replace(a=bumped) if use_a else cell._replace(b=bumped)
    return target, register


def step(
    core: list[Instruction], pc: int, size: int, tasks: int, processes: int, last_result: int
) -> Outcome:
    """Execute the instruction at ``pc`` for a warrior with ``tasks`` processes.

    ``last_result`` is what P-space cell 0 reads (pMARS: coresize - 1 before the
    first round ends); other P-space cells read 0 in a fresh battle.
    """
    core = list(core)
    ir = core[pc]
    pa, ira = _operand(core, pc, ir.a_mode, ir.a, size)
    if ir.a_mode == Mode.IMMEDIATE:
        ira = ir  # the A-instruction register is the instruction itself
    pb, irb = _operand(core, pc, ir.b_mode, ir.b, size)
    if ir.b_mode == Mode.IMMEDIATE:
        irb = ir
    op, mod = ir.opcode, ir.modifier
    nxt, skip = (pc + 1) % size, (pc + 2) % size
    target = core[pb]

    def pairs():
        """(destination field, B value, A value) pairs the modifier selects."""
        return {
            Modifier.A: [("a", irb.a, ira.a)],
            Modifier.B: [("b", irb.b, ira.b)],
            Modifier.AB: [("b", irb.b, ira.a)],
            Modifier.BA: [("a", irb.a, ira.b)],
            Modifier.F: [("a", irb.a, ira.a), ("b", irb.b, ira.b)],
            Modifier.X: [("b", irb.b, ira.a), ("a", irb.a, ira.b)],
            Modifier.I: [("a", irb.a, ira.a), ("b", irb.b, ira.b)],
        }[mod]

    if op == Opcode.DAT:
        return Outcome(core, [], True)
    if op == Opcode.MOV:
        if mod == Modifier.I:
            core[pb] = ira
        else:
            values = {f: a for f, _, a in pairs()}
            core[pb] = target._replace(**values)
        return Outcome(core, [nxt], False)
    if op in (Opcode.ADD, Opcode.SUB, Opcode.MUL):
        fn = {
            Opcode.ADD: lambda b, a: (b + a) % size,
            Opcode.SUB: lambda b, a: (b - a) % size,
            Opcode.MUL: lambda b, a: (b * a) % size,
        }[op]
        core[pb] = target._replace(**{f: fn(b, a) for f, b, a in pairs()})
        return Outcome(core, [nxt], False)
    if op in (Opcode.DIV, Opcode.MOD):
        values, died = {}, False
        for f, b, a in pairs():
            if a == 0:
                died = True
            else:
                values[f] = b // a if op == Opcode.DIV else b % a
        core[pb] = target._replace(**values)
        return Outcome(core, [] if died else [nxt], died)
    if op == Opcode.JMP:
        return Outcome(core, [pa], False)
    if op in (Opcode.JMZ, Opcode.JMN):
        values = [b for _, b, _ in pairs()]
        zero = all(v == 0 for v in values)
        jump = zero if op == Opcode.JMZ else not zero
        return Outcome(core, [pa] if jump else [nxt], False)
    if op == Opcode.DJN:
        # The cell is decremented; the test uses the B register decremented.
        values = {f: (b - 1) % size for f, b, _ in pairs()}
        core[pb] = core[pb]._replace(**{f: (getattr(core[pb], f) - 1) % size for f in values})
        jump = any(v != 0 for v in values.values())
        return Outcome(core, [pa] if jump else [nxt], False)
    if op in (Opcode.CMP, Opcode.SEQ, Opcode.SNE):
        equal = ira == irb if mod == Modifier.I else all(b == a for _, b, a in pairs())
        taken = equal if op != Opcode.SNE else not equal
        return Outcome(core, [skip] if taken else [nxt], False)
    if op == Opcode.SLT:
        taken = all(a < b for _, b, a in pairs())
        return Outcome(core, [skip] if taken else [nxt], False)
    if op == Opcode.SPL:
        # pMARS: the following cell is queued first; the new process only if there is room.
        return Outcome(core, [nxt, pa] if tasks < processes else [nxt], False)
    if op == Opcode.NOP:
        return Outcome(core, [nxt], False)
    if op == Opcode.LDP:
        # pMARS: .F .X .I act as .B (one value moves); index 0 is the last result.
        field, _, index = (
            pairs()[0] if mod in (Modifier.A, Modifier.AB, Modifier.BA) else ("b", 0, ira.b)
        )
        index %= _pspace_size(size)
        core[pb] = target._replace(**{field: last_result if index == 0 else 0})
        return Outcome(core, [nxt], False)
    if op == Opcode.STP:
        return Outcome(core, [nxt], False)
    raise AssertionError(op)


def _pspace_size(size: int) -> int:
    return next(size // i for i in range(16, 0, -1) if size % i == 0)
