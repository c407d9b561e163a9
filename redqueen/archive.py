"""The MAP-Elites archive: the best warrior found in each cell of a grid of behaviours.

An :class:`Archive` is a grid over descriptor :class:`~redqueen.descriptors.Axis`
es; each cell holds at most one :class:`Elite`.  :meth:`Archive.add` keeps an
elite when its cell is empty or when it is strictly fitter than the cell's
incumbent (a tie keeps the incumbent, so an archive does not churn between
equals), and says which happened with an :class:`AddStatus`.  How fitness is
computed is not the archive's business: it compares numbers.

An archive is saved as plain data (:meth:`Archive.to_records`, JSON-able
dicts, one per elite in the order the cells were first filled) and restored
exactly by :meth:`Archive.from_records`, sampling order included.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import pandas as pd

from redqueen.descriptors import Axis, cell


class AddStatus(IntEnum):
    """What :meth:`Archive.add` did; true when the archive changed (as pyribs's)."""

    NOT_ADDED = 0
    IMPROVED = 1
    NEW = 2


@dataclass(frozen=True)
class Elite:
    """A warrior in the archive.

    ``identifier`` names it for the run store (e.g. its content hash, or an id
    the engine assigns); ``source`` is its Redcode; ``descriptors`` its value
    along each of the archive's axes, in order.
    """

    identifier: str
    source: str
    fitness: float
    descriptors: tuple[float, ...]

    def to_record(self) -> dict[str, Any]:
        """The elite as a JSON-able dict."""
        return {
            "identifier": self.identifier,
            "source": self.source,
            "fitness": self.fitness,
            "descriptors": list(self.descriptors),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Elite:
        return cls(
            identifier=record["identifier"],
            source=record["source"],
            fitness=record["fitness"],
            descriptors=tuple(record["descriptors"]),
        )


class Archive:
    """A grid MAP-Elites archive over ``axes``: one elite per occupied cell."""

    def __init__(self, axes: Sequence[Axis]):
        if not axes:
            raise ValueError("an archive needs at least one axis")
        self.axes = tuple(axes)
        # Cells in the order they were first filled: sample() draws from this order.
        self._elites: dict[tuple[int, ...], Elite] = {}

    def cell(self, elite: Elite) -> tuple[int, ...]:
        """The cell (one bin index per axis) the elite belongs in."""
        return cell(elite.descriptors, self.axes)

    def add(self, elite: Elite) -> AddStatus:
        """Put the elite in its cell if the cell is empty or it is strictly fitter."""
        if math.isnan(elite.fitness):
            raise ValueError(f"elite {elite.identifier} has no fitness (NaN)")
        where = self.cell(elite)
        incumbent = self._elites.get(where)
        if incumbent is None:
            self._elites[where] = elite
            return AddStatus.NEW
        if elite.fitness > incumbent.fitness:
            self._elites[where] = elite
            return AddStatus.IMPROVED
        return AddStatus.NOT_ADDED

    def get(self, where: tuple[int, ...]) -> Elite | None:
        """The elite of a cell, ``None`` if it is empty."""
        return self._elites.get(tuple(where))

    def sample(self, rng: random.Random) -> Elite:
        """An elite drawn uniformly over the occupied cells."""
        if not self._elites:
            raise LookupError("sampling an empty archive")
        return rng.choice(list(self._elites.values()))

    def best(self) -> Elite:
        """The fittest elite (the first filled cell's among equals)."""
        if not self._elites:
            raise LookupError("the best of an empty archive")
        return max(self._elites.values(), key=lambda elite: elite.fitness)

    def __len__(self) -> int:
        return len(self._elites)

    def __iter__(self) -> Iterator[Elite]:
        """The elites, in the order their cells were first filled."""
        return iter(self._elites.values())

    def cells(self) -> list[tuple[int, ...]]:
        """The occupied cells, in the order they were first filled."""
        return list(self._elites)

    def to_dataframe(self) -> pd.DataFrame:
        """One row per occupied cell: ``bin_<axis>`` and ``<axis>`` per axis, ``fitness``,
        ``identifier``, in the order the cells were first filled."""
        names = [axis.name for axis in self.axes]
        columns = [f"bin_{name}" for name in names] + names + ["fitness", "identifier"]
        rows = [
            [*where, *elite.descriptors, elite.fitness, elite.identifier]
            for where, elite in self._elites.items()
        ]
        return pd.DataFrame(rows, columns=columns)

    def to_records(self) -> list[dict[str, Any]]:
        """The elites as JSON-able dicts (:meth:`Elite.to_record`), in cell-filling order."""
        return [elite.to_record() for elite in self._elites.values()]

    @classmethod
    def from_records(cls, axes: Sequence[Axis], records: Sequence[dict[str, Any]]) -> Archive:
        """The archive :meth:`to_records` saved, over the same axes."""
        archive = cls(axes)
        for record in records:
            elite = Elite.from_record(record)
            if archive.add(elite) is not AddStatus.NEW:
                raise ValueError(f"records hold two elites of cell {archive.cell(elite)}")
        return archive

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Archive):
            return NotImplemented
        # Same axes, same elites, same filling order (which decides sampling).
        return self.axes == other.axes and list(self._elites.items()) == list(other._elites.items())

    __hash__ = None  # type: ignore[assignment]  # mutable
