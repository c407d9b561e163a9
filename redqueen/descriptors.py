"""Behaviour descriptors: the axes of the MAP-Elites grid and the bins along them.

An :class:`Axis` measures one number of a candidate's :class:`~redqueen.fitness.Evaluation`
and cuts it into bins at its ``edges``: bin 0 holds values below ``edges[0]``,
bin i values in ``[edges[i-1], edges[i])``, the last bin values from
``edges[-1]`` up, so an axis has ``len(edges) + 1`` bins.  The paper's axes
(:data:`PAPER_AXES`) are processes spawned (< 1, 10, 100, 1000, 10000, more)
and memory coverage (< 10, 100, 500, 1000, 4000, more), both per-round means
measured by the VM in the fitness battles.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mars import ConfigError
from redqueen.fitness import Evaluation


@dataclass(frozen=True)
class Axis:
    """A descriptor: its ``name``, the ascending bin ``edges``, and how it is ``measure`` d."""

    name: str
    edges: tuple[float, ...]
    measure: Callable[[Evaluation], float]

    def __post_init__(self) -> None:
        if not self.edges or list(self.edges) != sorted(set(self.edges)):
            raise ConfigError(f"axis {self.name}: edges must be strictly ascending")

    @property
    def bins(self) -> int:
        return len(self.edges) + 1

    def bin(self, value: float) -> int:
        """The bin of ``value`` (a value on an edge falls in the bin above it)."""
        return bisect.bisect_right(self.edges, value)


def _spawned(evaluation: Evaluation) -> float:
    return evaluation.spawned


def _coverage(evaluation: Evaluation) -> float:
    return evaluation.coverage


def _length(evaluation: Evaluation) -> float:
    return len(evaluation.warrior)


def _opcodes(evaluation: Evaluation) -> float:
    return len({instruction.opcode for instruction in evaluation.warrior.instructions})


AXES = {
    axis.name: axis
    for axis in (
        Axis("spawned", (1, 10, 100, 1000, 10000), _spawned),
        Axis("coverage", (10, 100, 500, 1000, 4000), _coverage),
        # Instructions: doubling bins up to the standard hill's 100-instruction limit.
        Axis("length", (2, 4, 8, 16, 32, 64), _length),
        # Distinct opcodes (of pMARS's 19): 1, 2, 3, 4-5, 6-7, 8 or more.
        Axis("opcodes", (2, 3, 4, 6, 8), _opcodes),
    )
}
PAPER_AXES = ("spawned", "coverage")


def axes(names: Sequence[str] = PAPER_AXES) -> tuple[Axis, ...]:
    """The named axes, in order."""
    unknown = [name for name in names if name not in AXES]
    if unknown or not names:
        raise ConfigError(
            f"unknown descriptor axes {unknown or list(names)}; choose from {', '.join(AXES)}"
        )
    return tuple(AXES[name] for name in names)


def describe(evaluation: Evaluation, grid: Sequence[Axis]) -> tuple[float, ...]:
    """The evaluation's value along each axis."""
    return tuple(float(axis.measure(evaluation)) for axis in grid)


def cell(values: Sequence[float], grid: Sequence[Axis]) -> tuple[int, ...]:
    """The grid cell (one bin index per axis) of these descriptor values."""
    if len(values) != len(grid):
        raise ValueError(f"{len(values)} descriptor values for {len(grid)} axes")
    return tuple(axis.bin(value) for axis, value in zip(grid, values, strict=True))
