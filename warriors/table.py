"""A round robin of warriors scored like a King-of-the-Hill hill.

Every pair fights ``rounds`` rounds; a warrior earns 3 points per win and 1
per tie, and its score is its points x 100 / the rounds it fought, over all its
pairings: the average of its hill scores against each opponent, from 0 (lost
every round) to 300 (won every round).  Seeds are fixed per pair: the same
call gives the same table.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pandas as pd

from mars import DEFAULT_CONFIG, MarsConfig, Warrior, run_battles

COLUMNS = ["rank", "name", "score", "wins", "losses", "ties"]


def round_robin(
    warriors: Sequence[Warrior],
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    rounds: int = 100,
    seed: int = 0,
    threads: int | None = None,
) -> pd.DataFrame:
    """Standings, best first: rank, name, score, and wins/losses/ties over all pairings."""
    pairs = list(itertools.combinations(range(len(warriors)), 2))
    results = run_battles(
        [(warriors[i], warriors[j]) for i, j in pairs],
        config,
        rounds=rounds,
        seeds=[seed + n for n in range(len(pairs))],
        threads=threads,
        behaviour=False,
    )
    totals = {i: [0, 0, 0] for i in range(len(warriors))}
    for pair, result in zip(pairs, results, strict=True):
        for side, index in enumerate(pair):
            counts = totals[index]
            counts[0] += result.wins(side)
            counts[1] += result.losses(side)
            counts[2] += result.ties(side)
    frame = pd.DataFrame(
        [(w.name, *totals[i]) for i, w in enumerate(warriors)],
        columns=["name", "wins", "losses", "ties"],
    )
    fought = rounds * max(len(warriors) - 1, 1)
    frame["score"] = ((3 * frame["wins"] + frame["ties"]) * 100 / fought).round(1)
    frame = frame.sort_values(["score", "name"], ascending=[False, True], ignore_index=True)
    frame["rank"] = range(1, len(frame) + 1)
    return frame[COLUMNS]


def to_markdown(frame: pd.DataFrame) -> str:
    """The standings as a GitHub markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += [
        "| " + " | ".join(str(value) for value in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)
