"""The textbook cycle, measured: paper beats stone, stone beats scanner, scanner beats paper.

Representatives: Origami (silk paper), Quintet (mod-5 stone), Smear (blur-style
scanner).  The margins asserted are below what 400 rounds gave with seeds 1
and 2 (wins-losses-ties of the first named):

- Origami v Quintet: 77-0-323 and 73-2-325.  Mostly ties: the stone cannot
  catch every copy and the paper rarely kills the stone, but the stone almost
  never wins, so the paper takes many more hill points.
- Quintet v Smear: 274-123-3 and 296-102-2.  The small stone is hard to see
  and its bombs land on the long scanner first.
- Smear v Origami: 279-37-84 and 282-47-71.  The SPL carpet stalls the copies
  and the clear kills them.
"""

from __future__ import annotations

import pytest

import warriors
from mars import run_battle

ROUNDS = 400


def record(first: str, second: str, seed: int) -> tuple[int, int, int]:
    """Wins, losses and ties of ``first`` against ``second``."""
    result = run_battle(
        [warriors.load(first), warriors.load(second)],
        rounds=ROUNDS,
        seed=seed,
        behaviour=False,
    )
    return result.wins(0), result.losses(0), result.ties(0)


def points(wins: int, ties: int) -> int:
    return 3 * wins + ties


@pytest.mark.parametrize("seed", [1, 2])
def test_paper_beats_stone(seed):
    wins, losses, ties = record("origami", "quintet", seed)
    assert wins >= 50 and wins >= 10 * losses
    assert points(wins, ties) > 1.5 * points(losses, ties)


@pytest.mark.parametrize("seed", [1, 2])
def test_stone_beats_scanner(seed):
    wins, losses, _ = record("quintet", "smear", seed)
    assert wins >= 2 * losses


@pytest.mark.parametrize("seed", [1, 2])
def test_scanner_beats_paper(seed):
    wins, losses, _ = record("smear", "origami", seed)
    assert wins >= 4 * losses
