"""The MAP-Elites archive: add statuses, ties, uniform sampling, best, the record round trip."""

from __future__ import annotations

import collections
import json
import math
import random

import pandas as pd
import pytest

from redqueen.archive import AddStatus, Archive, Elite
from redqueen.descriptors import axes


def elite(name: str, fitness: float, spawned: float = 0.0, coverage: float = 0.0) -> Elite:
    return Elite(name, f";name {name}\nmov.i 0, 1\n", fitness, (spawned, coverage))


@pytest.fixture
def archive() -> Archive:
    return Archive(axes())


def test_a_new_cell_then_an_improvement_then_no_change(archive):
    assert archive.add(elite("a", 0.5, 0, 5)) is AddStatus.NEW
    assert archive.add(elite("b", 0.7, 0.5, 9)) is AddStatus.IMPROVED  # same cell (0, 0)
    assert archive.add(elite("c", 0.6, 0, 0)) is AddStatus.NOT_ADDED
    assert archive.add(elite("d", 0.1, 50, 50)) is AddStatus.NEW
    assert len(archive) == 2
    assert archive.get((0, 0)).identifier == "b"
    assert archive.cells() == [(0, 0), (2, 1)]
    assert archive.get((5, 5)) is None


def test_a_tie_keeps_the_incumbent(archive):
    archive.add(elite("first", 0.5))
    assert archive.add(elite("second", 0.5)) is AddStatus.NOT_ADDED
    assert archive.get((0, 0)).identifier == "first"


def test_statuses_say_whether_the_archive_changed():
    assert not AddStatus.NOT_ADDED and AddStatus.IMPROVED and AddStatus.NEW


def test_nan_fitness_is_refused(archive):
    with pytest.raises(ValueError, match="NaN"):
        archive.add(elite("x", math.nan))


def test_sampling_is_uniform_over_cells_whatever_the_fitness(archive):
    for index, fitness in enumerate([0.0, 0.01, 0.5, 1.0]):
        archive.add(elite(f"e{index}", fitness, spawned=10**index))
    rng = random.Random(1)
    draws = collections.Counter(archive.sample(rng).identifier for _ in range(4000))
    assert set(draws) == {"e0", "e1", "e2", "e3"}
    # Each expects 1000 draws with a standard deviation of about 27.
    assert all(850 < count < 1150 for count in draws.values()), draws


def test_best_is_the_fittest(archive):
    for index, fitness in enumerate([0.3, 0.9, 0.2]):
        archive.add(elite(f"e{index}", fitness, spawned=10**index))
    assert archive.best().identifier == "e1"


def test_an_empty_archive_has_no_sample_nor_best(archive):
    with pytest.raises(LookupError):
        archive.sample(random.Random(0))
    with pytest.raises(LookupError):
        archive.best()


def test_the_dataframe_has_a_row_per_cell(archive):
    archive.add(elite("a", 0.25, 3.5, 120.0))
    archive.add(elite("b", 0.75, 20000.0, 7.0))
    expected = pd.DataFrame(
        {
            "bin_spawned": [1, 5],
            "bin_coverage": [2, 0],
            "spawned": [3.5, 20000.0],
            "coverage": [120.0, 7.0],
            "fitness": [0.25, 0.75],
            "identifier": ["a", "b"],
        }
    )
    pd.testing.assert_frame_equal(archive.to_dataframe(), expected)
    assert list(Archive(axes()).to_dataframe().columns) == list(expected.columns)


def test_records_restore_the_archive_exactly(archive):
    rng = random.Random(7)
    for index in range(200):
        archive.add(elite(f"e{index}", rng.random(), rng.expovariate(1e-3), rng.random() * 8000))
    text = json.dumps(archive.to_records())  # plain data: JSON, no pickle
    restored = Archive.from_records(axes(), json.loads(text))
    assert restored == archive
    assert restored.to_records() == archive.to_records()
    pd.testing.assert_frame_equal(restored.to_dataframe(), archive.to_dataframe())
    # The same cells in the same order: the same draws from the same generator.
    first, second = random.Random(3), random.Random(3)
    assert [archive.sample(first) for _ in range(50)] == [
        restored.sample(second) for _ in range(50)
    ]


def test_records_with_two_elites_in_a_cell_are_refused(archive):
    records = [elite("a", 0.5).to_record(), elite("b", 0.6).to_record()]
    with pytest.raises(ValueError, match=r"two elites of cell \(0, 0\)"):
        Archive.from_records(axes(), records)
