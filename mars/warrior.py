"""An assembled warrior: what the assembler produces and the VM loads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from mars.instruction import Instruction


@dataclass(frozen=True)
class Warrior:
    """Assembled Redcode, normalised for one core size.

    ``start`` is the offset of the first instruction to run (``ORG``/``END``).
    ``pin`` is the P-space identifier from ``PIN`` (``None`` when absent: the
    warrior's P-space is private).
    """

    instructions: tuple[Instruction, ...]
    start: int = 0
    name: str = "Unknown"
    author: str = "Anonymous"
    strategy: str = ""
    pin: int | None = None
    coresize: int = 8000
    filename: str = "<string>"
    comments: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __len__(self) -> int:
        return len(self.instructions)

    def load_text(self) -> str:
        """The warrior as pMARS load-file Redcode; assembling it gives this warrior back."""
        lines = [";redcode-94", f";name {self.name}", f";author {self.author}"]
        # split("\n"), not splitlines(): the assembler reads lines split at "\n" only.
        lines += [f";strategy {line}" for line in self.strategy.split("\n") if self.strategy]
        if self.pin is not None:
            # pMARS's literals saturate at 2**63 - 1: the lowest PIN needs arithmetic.
            lines.append(f"PIN {self.pin}" if self.pin > -(2**63) else f"PIN {self.pin + 1}-1")
        lines.append(f"ORG {self.start}")
        lines += [ins.load_form(self.coresize) for ins in self.instructions]
        return "\n".join(lines) + "\nEND\n"

    def content_hash(self) -> str:
        """Hash of what decides battles (code, start, PIN), not of names or comments."""
        text = "\n".join(
            [f"{self.coresize} {self.start} {self.pin}"]
            + [ins.load_form(self.coresize) for ins in self.instructions]
        )
        return hashlib.sha256(text.encode()).hexdigest()
