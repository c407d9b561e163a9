"""How results become scores: hill points, pMARS's melee formula, the DRQ survival share.

- Hill scoring (King of the Hill): 3 points per win, 1 per tie, and a score of
  points x 100 / rounds, from 0 (lost every round) to 300 (won every round).
- pMARS's score: each round a warrior survives with S of W warriors alive is
  worth ``(W*W-1)/S`` points in C integer arithmetic (``mars.pmars_cli``
  computes it, for ``redqueen mars`` as for the arena).  For W = 2 it is the
  hill's 3 per win and 1 per tie.
- The Digital Red Queen survival share: each cycle every living warrior earns
  1 / (warriors alive), summed over the cycle limit, multiplied by W and
  divided by the cycle limit.  A round in which every warrior lives to the
  limit gives each 1; a lone survivor from the first cycle on gets W.
"""

from __future__ import annotations

import numpy as np

from mars.pmars_cli import total_scores

WIN_POINTS = 3
TIE_POINTS = 1


def hill_points(wins: int, ties: int) -> int:
    """King-of-the-Hill points: 3 per win, 1 per tie."""
    return WIN_POINTS * wins + TIE_POINTS * ties


def hill_score(wins: int, ties: int, rounds: int) -> float:
    """Hill points x 100 / rounds (works on numbers and on pandas columns alike)."""
    return hill_points(wins, ties) * 100 / rounds


def pmars_points(scores: np.ndarray) -> list[int]:
    """Each warrior's pMARS score for a battle, from ``BattleResult.scores``."""
    return total_scores(scores)


def survival_share(death_cycle: np.ndarray, cycles: int) -> np.ndarray:
    """The DRQ survival share of each warrior in each round, shape (rounds, W).

    ``death_cycle`` is ``BattleResult.records["death_cycle"]`` of a battle run
    with ``run_to_end=True``: the cycle (the warrior's own instruction count)
    in which it died, -1 if it lived to the end.  A warrior counts as alive in
    cycle t when it is still alive after it: one that dies in cycle d earns
    for cycles 1 .. d-1, a survivor for all ``cycles``.  Between deaths the
    number alive is constant, so the sum is taken interval by interval.
    """
    rounds, count = death_cycle.shape
    # The last cycle each warrior is alive after.
    last = np.where(death_cycle < 0, cycles, np.minimum(death_cycle - 1, cycles))
    share = np.zeros((rounds, count))
    for r in range(rounds):
        start = 0
        for end in np.unique(last[r]):
            living = last[r] >= end
            if end > start:
                share[r, living] += (end - start) / np.count_nonzero(living)
            start = end
    return share * count / cycles
