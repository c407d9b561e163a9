"""Descriptor axes: the paper's bin edges, the program axes, cells."""

from __future__ import annotations

import pytest

from mars import ConfigError, assemble
from redqueen.descriptors import AXES, PAPER_AXES, Axis, axes, cell, describe
from redqueen.fitness import Evaluation


def evaluation(source: str = "mov.i 0, 1", *, coverage: float = 0.0, spawned: float = 0.0):
    return Evaluation(
        assemble(source), 0.5, coverage=coverage, written=0.0, spawned=spawned, peak_processes=1.0
    )


# Values below the first edge, on and between edges, above the last.
PAPER_BINS = {
    "spawned": [(0, 0), (0.99, 0), (1, 1), (9.99, 1), (10, 2), (100, 3), (1000, 4), (9999, 4),
                (10000, 5), (1e9, 5)],
    "coverage": [(0, 0), (9.99, 0), (10, 1), (99, 1), (100, 2), (500, 3), (999.5, 3), (1000, 4),
                 (3999, 4), (4000, 5), (8000, 5)],
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [(name, value, expected) for name, cases in PAPER_BINS.items() for value, expected in cases],
)
def test_the_paper_s_bins(name, value, expected):
    assert AXES[name].bin(value) == expected


def test_paper_axes_have_six_bins_each():
    assert [axis.name for axis in axes()] == list(PAPER_AXES) == ["spawned", "coverage"]
    assert [axis.bins for axis in axes()] == [6, 6]


def test_behaviour_axes_read_the_evaluation():
    grid = axes()
    values = describe(evaluation(coverage=250.5, spawned=12.0), grid)
    assert values == (12.0, 250.5)
    assert cell(values, grid) == (2, 2)


def test_program_axes_read_the_warrior():
    grid = axes(["length", "opcodes"])
    values = describe(evaluation("spl 0\nmov.i 0, 1\nmov.i 1, 2\ndat 0, 0"), grid)
    assert values == (4.0, 3.0)  # SPL, MOV, DAT
    assert cell(values, grid) == (2, 2)
    assert cell(describe(evaluation(), grid), grid) == (0, 0)  # a one-instruction imp


def test_unknown_or_no_axes_are_refused():
    with pytest.raises(ConfigError, match="choose from spawned, coverage, length, opcodes"):
        axes(["spawned", "colour"])
    with pytest.raises(ConfigError):
        axes([])


def test_edges_must_ascend():
    with pytest.raises(ConfigError, match="ascending"):
        Axis("bad", (10, 1), lambda evaluation: 0.0)


def test_a_cell_needs_a_value_per_axis():
    with pytest.raises(ValueError, match="1 descriptor values for 2 axes"):
        cell((1.0,), axes())
