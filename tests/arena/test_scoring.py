"""Hill points, pMARS's melee score and the DRQ survival share, on hand-computed cases."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from arena import ArenaConfig, hill_score, melee, pmars_points, survival_share
from arena.scheduler import Arena
from tests.arena.conftest import TINY, tiny


def test_hill_score():
    assert hill_score(wins=10, ties=0, rounds=10) == 300
    assert hill_score(wins=0, ties=10, rounds=10) == 100
    assert hill_score(wins=0, ties=0, rounds=10) == 0
    assert hill_score(wins=3, ties=4, rounds=10) == pytest.approx(130)


def test_pmars_points_are_w_squared_minus_one_over_s():
    # Three warriors: a round survived alone is worth 8, with one other 8/2 = 4,
    # all three alive 8/3 = 2 (C integer division); deaths are worth nothing.
    scores = np.array(
        [
            [2, 1, 1, 0, 0],  # 2 alone, 1 with another, 1 with all: 16 + 4 + 2
            [0, 0, 3, 1, 0],  # 3 with all, one death: 6
            [0, 1, 0, 0, 3],
        ]
    )
    assert pmars_points(scores) == [22, 6, 4]


def test_pmars_points_of_a_duel_are_hill_points():
    wins, ties, losses = 7, 5, 3
    scores = np.array([[wins, ties, losses], [losses, ties, wins]])
    assert pmars_points(scores) == [3 * wins + ties, 3 * losses + ties]


def brute_force_share(death_cycle: list[int], cycles: int) -> list[Fraction]:
    """The paper's loop: after each cycle, the living share one point equally; x N / cycles."""
    count = len(death_cycle)
    earned = [Fraction(0)] * count
    for cycle in range(1, cycles + 1):
        alive = [d < 0 or d > cycle for d in death_cycle]
        if any(alive):
            for i in range(count):
                if alive[i]:
                    earned[i] += Fraction(1, sum(alive))
    return [value * count / cycles for value in earned]


@pytest.mark.parametrize(
    "deaths",
    [
        [-1, -1],  # both live: 1 each
        [1, -1],  # one dies in the first cycle: the other has the whole core
        [5, 5],  # both die in cycle 5: 4 cycles shared, then nobody
        [3, 7, -1, 12],
        [20, 20, 20],  # everybody lives until the last cycle, dies in it
        [2, 9, 9, 4, 1],
    ],
)
def test_survival_share_matches_the_cycle_by_cycle_sum(deaths):
    cycles = 20
    expected = [float(value) for value in brute_force_share(deaths, cycles)]
    assert survival_share(np.array([deaths]), cycles)[0] == pytest.approx(expected, rel=1e-12)


def test_survival_share_of_random_rounds():
    rng = np.random.default_rng(5)
    cycles = 50
    deaths = rng.integers(-1, cycles + 1, size=(30, 4))
    deaths[deaths == 0] = -1  # no warrior dies in cycle 0
    share = survival_share(deaths, cycles)
    for row, values in zip(deaths, share, strict=True):
        expected = [float(v) for v in brute_force_share(list(row), cycles)]
        assert values == pytest.approx(expected, rel=1e-12)


def test_share_in_a_real_melee():
    """A DAT dies in cycle 1, NOP NOP DAT in cycle 3, an imp lives: shares 0, 3/T, 3(T-1)/T."""
    fighters = [
        tiny("dat 0, 0", "suicide"),
        tiny("nop 0, 0\nnop 0, 0\ndat 0, 0", "late"),
        tiny("mov 0, 1", "imp"),
    ]
    arena = Arena(ArenaConfig(mars=TINY, rounds=4, seed=1))
    rows = melee(fighters, 3, arena=arena).pairings.set_index("name")
    cycles = TINY.cycles
    # Cycles 1 and 2: "late" and the imp alive, 1/2 each; then the imp alone.
    late = Fraction(3, cycles) * (2 * Fraction(1, 2))
    imp = Fraction(3, cycles) * (2 * Fraction(1, 2) + (cycles - 2))
    assert rows.loc["suicide", "share"] == 0
    assert rows.loc["late", "share"] == pytest.approx(float(late), rel=1e-12)
    assert rows.loc["imp", "share"] == pytest.approx(float(imp), rel=1e-12)
    assert rows.loc["late", "death_cycle"] == 3 and rows.loc["suicide", "death_cycle"] == 1
    assert list(rows["wins"]) == [0, 0, 4]
    # pMARS ends each round when the imp is alone: W*W-1 = 8 points for it.
    assert list(rows["points"]) == [0, 0, 8 * 4]
