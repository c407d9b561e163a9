"""Tournaments: round robins scored like a hill, and melees scored two ways.

Both return a :class:`Tournament`: ``pairings`` has one row per warrior per
match, from that warrior's side; ``standings`` one row per warrior, best
first.  Warriors are identified by their index in the list given (names may
repeat); ``file`` is where each was assembled from.
"""

from __future__ import annotations

import itertools
import math
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from arena.errors import InputError
from arena.match import BEHAVIOUR, Match, Outcome
from arena.scheduler import Arena
from arena.scoring import hill_score
from mars import Warrior

# Standings columns shown by to_markdown, in order, when present.
DISPLAY = ("rank", "name", "score", "share", "wins", "losses", "ties")


@dataclass(frozen=True)
class Tournament:
    """What a tournament produced: ``pairings`` (per warrior per match) and ``standings``."""

    pairings: pd.DataFrame
    standings: pd.DataFrame

    def write_pairings(self, path: str | os.PathLike[str]) -> None:
        """Save the pairings as ``.csv`` or ``.parquet`` (which needs pyarrow), by the suffix."""
        path = Path(path)
        if path.suffix == ".csv":
            self.pairings.to_csv(path, index=False)
        elif path.suffix == ".parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError(
                    "writing parquet needs pyarrow: pip install 'redqueen[parquet]'", str(path)
                ) from None
            self.pairings.to_parquet(path, index=False)
        else:
            raise InputError("the pairings file must end in .csv or .parquet", str(path))


def _record(outcome: Outcome, match: Match, scores: dict[str, object]) -> dict[str, object]:
    """A pairings row's outcome columns: counts, ``scores``, seed, what the match recorded."""
    return {
        "rounds": match.rounds,
        "wins": outcome.wins,
        "losses": outcome.losses,
        "ties": outcome.ties,
        **scores,
        "seed": match.seed,
        **({name: getattr(outcome, name) for name in BEHAVIOUR} if match.behaviour else {}),
        "death_cycle": math.nan if outcome.death_cycle is None else outcome.death_cycle,
    }


def _totals(
    pairings: pd.DataFrame, warriors: Sequence[Warrior], columns: list[str]
) -> pd.DataFrame:
    """Per warrior (index 0..n-1), the sums of these pairings columns; 0 if it has no row."""
    sums = pairings.groupby("warrior")[columns].sum()
    sums = sums.reindex(range(len(warriors)), fill_value=0).reset_index(drop=True)
    sums.insert(0, "name", [warrior.name for warrior in warriors])
    return sums


def _ranked(frame: pd.DataFrame, warriors: Sequence[Warrior], columns: list[str]) -> pd.DataFrame:
    """``columns`` of the totals, best ``score`` first (then name, then input order), ranked."""
    frame = frame.assign(warrior=range(len(warriors)), file=[w.filename for w in warriors])
    frame = frame.sort_values(
        ["score", "name", "warrior"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[["rank", *columns, "warrior", "file"]]


def round_robin(
    warriors: Sequence[Warrior],
    *,
    opponents: Sequence[Warrior] | None = None,
    arena: Arena | None = None,
) -> Tournament:
    """Every pair of ``warriors`` (or every warrior against every one of ``opponents``).

    Each pairing is one match of ``arena.config.rounds`` rounds.  Pairings
    rows: ``warrior``, ``name``, ``opponent`` (an index into ``opponents``, or
    into ``warriors`` when there are none), ``opponent_name``, ``rounds``,
    ``wins``, ``losses``, ``ties``, ``score`` (hill score), ``seed``, the
    behaviour means if recorded, ``death_cycle``; both sides of a pair have a
    row.  Standings: ``rank``, ``name``, ``score`` (hill score over every
    round fought, 1 decimal), ``wins``, ``losses``, ``ties``, ``warrior``,
    ``file``; with ``opponents``, only ``warriors`` are ranked.
    """
    arena = arena or Arena()
    if opponents is None:
        if len(warriors) < 2:
            raise InputError(f"a round robin needs at least 2 warriors, got {len(warriors)}")
        others = warriors
        pairs = list(itertools.combinations(range(len(warriors)), 2))
    else:
        if not warriors or not opponents:
            raise InputError("a round robin against opponents needs warriors and opponents")
        others = opponents
        pairs = list(itertools.product(range(len(warriors)), range(len(opponents))))
    arranged = [arena.config.match([warriors[i], others[j]]) for i, j in pairs]
    results = arena.play([match for match, _ in arranged], "round robin")
    rows = []
    for (i, j), (match, seats), result in zip(pairs, arranged, results, strict=True):
        sides = [(i, warriors, j, others, seats[0])]
        if opponents is None:  # both sides are ranked
            sides.append((j, warriors, i, warriors, seats[1]))
        for me, mine, other, theirs, seat in sides:
            outcome = result.outcomes[seat]
            wins, ties = outcome.wins, outcome.ties
            rows.append(
                {
                    "warrior": me,
                    "name": mine[me].name,
                    "opponent": other,
                    "opponent_name": theirs[other].name,
                    **_record(outcome, match, {"score": hill_score(wins, ties, match.rounds)}),
                }
            )
    pairings = pd.DataFrame(rows)
    totals = _totals(pairings, warriors, ["rounds", "wins", "losses", "ties"])
    totals["score"] = hill_score(totals["wins"], totals["ties"], totals["rounds"]).round(1)
    standings = _ranked(totals, warriors, ["name", "score", "wins", "losses", "ties"])
    return Tournament(pairings, standings)


def _melee_scores(outcome: Outcome, rounds: int) -> dict[str, object]:
    """pMARS's points, as a score per 100 rounds, and the DRQ survival share."""
    return {
        "points": outcome.points,
        "score": outcome.points * 100 / rounds,
        "share": outcome.share,
    }


def melee(
    warriors: Sequence[Warrior],
    size: int,
    *,
    sample: int | None = None,
    arena: Arena | None = None,
) -> Tournament:
    """Melees of ``size`` warriors: every combination, or ``sample`` of them drawn at random.

    Rounds run to the end (until all are dead or the cycles run out) for the
    survival share.  Pairings rows: ``melee`` (its number), ``warrior``,
    ``name``, ``opponents`` (indices), ``rounds``, ``wins``, ``losses``,
    ``ties``, ``points`` (pMARS's ``(W*W-1)/S`` score), ``score`` (points x
    100 / rounds), ``share`` (DRQ survival share, mean per round), ``seed``,
    the behaviour means, ``death_cycle``.  Standings rank by ``score`` (1
    decimal), with ``share`` averaged over every round played (3 decimals); a
    warrior drawn into no melee has no score and comes last.  The sample is
    drawn with the arena's seed, so it is the same every time.
    """
    arena = arena or Arena()
    if not 2 <= size <= len(warriors):
        raise InputError(f"a melee of {size} needs 2 to {len(warriors)} warriors")
    if sample is None or sample >= math.comb(len(warriors), size):
        groups = list(itertools.combinations(range(len(warriors)), size))
    else:
        rng = random.Random(arena.config.seed)
        chosen: set[tuple[int, ...]] = set()
        while len(chosen) < sample:
            chosen.add(tuple(sorted(rng.sample(range(len(warriors)), size))))
        groups = sorted(chosen)
    arranged = [
        arena.config.match([warriors[i] for i in group], run_to_end=True) for group in groups
    ]
    results = arena.play([match for match, _ in arranged], "melee")
    rows = []
    for number, (group, (match, seats), result) in enumerate(
        zip(groups, arranged, results, strict=True)
    ):
        for me, seat in zip(group, seats, strict=True):
            outcome = result.outcomes[seat]
            rows.append(
                {
                    "melee": number,
                    "warrior": me,
                    "name": warriors[me].name,
                    "opponents": [i for i in group if i != me],
                    **_record(outcome, match, _melee_scores(outcome, match.rounds)),
                }
            )
    pairings = pd.DataFrame(rows)
    totals = _totals(
        pairings.assign(share=pairings["share"] * pairings["rounds"]),
        warriors,
        ["rounds", "wins", "losses", "ties", "points", "share"],
    )
    played = totals["rounds"].where(totals["rounds"] > 0)
    totals["score"] = (totals["points"] * 100 / played).round(1)
    totals["share"] = (totals["share"] / played).round(3)
    columns = ["name", "score", "share", "wins", "losses", "ties"]
    return Tournament(pairings, _ranked(totals, warriors, columns))


def to_markdown(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> str:
    """``frame`` as a GitHub markdown table, each value as ``str`` gives it: the standings'
    columns (rank, name, score, [share,] wins, losses, ties), or else ``columns``."""
    if columns is None:
        columns = [column for column in DISPLAY if column in frame]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += [
        "| " + " | ".join(str(value) for value in row) + " |"
        for row in frame[columns].itertuples(index=False)
    ]
    return "\n".join(lines)
