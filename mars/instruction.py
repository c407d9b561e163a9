"""One Redcode instruction and the codes of its parts.

The numbering of opcodes, modifiers and modes is pMARS 0.9.2's (``global.h``
``enum op``, ``enum modifier`` and ``asm.c`` ``addr_sym``), because two pMARS
behaviours depend on the raw codes: the ``-f`` seed is a checksum of them, and
``CMP.I``/``SEQ.I`` compare them.  The VM packs the same numbers into its cells
(see ``_vm.pyx``); this module is the single description both sides use.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class Opcode(IntEnum):
    MOV = 0
    ADD = 1
    SUB = 2
    MUL = 3
    DIV = 4
    MOD = 5
    JMZ = 6
    JMN = 7
    DJN = 8
    CMP = 9
    SLT = 10
    SPL = 11
    DAT = 12
    JMP = 13
    SEQ = 14
    SNE = 15
    NOP = 16
    LDP = 17
    STP = 18


class Modifier(IntEnum):
    A = 0
    B = 1
    AB = 2
    BA = 3
    F = 4
    X = 5
    I = 6  # noqa: E741 - the ICWS'94 name


class Mode(IntEnum):
    """Addressing modes, numbered by their position in pMARS's ``addr_sym``."""

    IMMEDIATE = 0  # '#'
    DIRECT = 1  # '$'
    B_INDIRECT = 2  # '@'
    B_PREDECREMENT = 3  # '<'
    B_POSTINCREMENT = 4  # '>'
    A_INDIRECT = 5  # '*'
    A_PREDECREMENT = 6  # '{'
    A_POSTINCREMENT = 7  # '}'

    @property
    def symbol(self) -> str:
        return MODE_SYMBOLS[self]

    @property
    def pmars_code(self) -> int:
        """The byte pMARS stores: A-field modes set bit 7 (``SYM_TO_INDIR_A``)."""
        return int(self) if self < 5 else (int(self) - 3) | 0x80


MODE_SYMBOLS = "#$@<>*{}"


class Instruction(NamedTuple):
    """A core cell.  Field values are normalised to ``0 <= value < coresize``."""

    opcode: Opcode
    modifier: Modifier
    a_mode: Mode
    a: int
    b_mode: Mode
    b: int

    def load_form(self, coresize: int) -> str:
        """pMARS's load-file text, e.g. ``MOV.I $0, $1`` (fields shown signed)."""
        return (
            f"{self.opcode.name}.{self.modifier.name} "
            f"{self.a_mode.symbol}{signed(self.a, coresize)}, "
            f"{self.b_mode.symbol}{signed(self.b, coresize)}"
        )

    @property
    def pmars_opcode(self) -> int:
        """pMARS's opcode byte: ``opcode << 3 | modifier`` (``sim.c`` ``OP``)."""
        return (int(self.opcode) << 3) | int(self.modifier)


def signed(value: int, coresize: int) -> int:
    """Show a field the way pMARS's disassembler does (``disasm.c`` ``denormalize``)."""
    return value - coresize if value > coresize // 2 else value


INITIAL_INSTRUCTION = Instruction(Opcode.DAT, Modifier.F, Mode.DIRECT, 0, Mode.DIRECT, 0)
