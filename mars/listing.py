"""pMARS's assembly listing of a warrior (what ``pmars -r 0 file`` prints for it)."""

from __future__ import annotations

from mars.instruction import signed
from mars.warrior import Warrior


def format_listing(warrior: Warrior) -> str:
    """pMARS's listing of one warrior (``pmars.c`` ``body``, ``disasm.c``), blank line included."""
    length = len(warrior)
    out = [f'Program "{warrior.name}" (length {length}) by "{warrior.author}"', ""]
    if 0 <= warrior.start < length:
        out.append(f"{'':<6} {'ORG':>3}{'':>3}  {'START':>6}")
    for index, ins in enumerate(warrior.instructions):
        cell = (
            f"{ins.opcode.name:>3}.{ins.modifier.name:<2} "
            f"{ins.a_mode.symbol}{signed(ins.a, warrior.coresize):6d}, "
            f"{ins.b_mode.symbol}{signed(ins.b, warrior.coresize):6d} {'':>4}"
        )
        out.append(f"{'START' if index == warrior.start else '':<6} {cell}")
    return "\n".join(out) + "\n\n"
