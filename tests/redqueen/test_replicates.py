"""Replicates: one run per seed side by side on Ray, each the same as a run on its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arena import Arena, ArenaConfig
from mars import ConfigError
from redqueen.coevolution import CoevolutionError, coevolve
from redqueen.fitness import FitnessConfig
from redqueen.replicates import coevolve_seeds, parse_seeds, seed_dir
from redqueen.runstore import RunStore
from tests.redqueen.test_coevolution import CONFIG as COEVOLUTION

# The coevolution tests' short nano run, a round shorter.
CONFIG = replace(COEVOLUTION, rounds=2, iterations=8, fitness=FitnessConfig(rounds=8))


def test_seed_lists_and_ranges():
    assert parse_seeds("0-3") == [0, 1, 2, 3]
    assert parse_seeds("5") == [5]
    assert parse_seeds("1,4,3-5") == [1, 4, 3, 5]
    for bad in ("", "a", "3-1", "1-", "-2"):
        with pytest.raises(ConfigError):
            parse_seeds(bad)


def sources(run_dir):
    with RunStore.read_only(run_dir) as store:
        return list(store.champions()["source"])


def test_each_seed_runs_as_it_would_alone_and_resume_keeps_them(tmp_path):
    table = coevolve_seeds(CONFIG, [3, 4], tmp_path / "seeds", cache=None, progress=False)
    assert list(table["seed"]) == [3, 3, 4, 4] and list(table["round"]) == [1, 2, 1, 2]
    for seed in (3, 4):
        alone = tmp_path / f"alone-{seed}"
        with Arena(ArenaConfig(mars=CONFIG.mars)) as hill:
            coevolve(replace(CONFIG, seed=seed), alone, arena=hill, progress=False)
        assert sources(seed_dir(tmp_path / "seeds", seed)) == sources(alone)
    again = coevolve_seeds(None, [], tmp_path / "seeds", resume=True, progress=False)
    assert again.equals(table)


def test_replicates_refuse_a_used_directory_and_an_empty_resume(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine\n")
    with pytest.raises(CoevolutionError, match="empty directory"):
        coevolve_seeds(CONFIG, [0], tmp_path / "used", progress=False)
    with pytest.raises(CoevolutionError, match="no seed-N runs"):
        coevolve_seeds(None, [], tmp_path / "used", resume=True, progress=False)
