"""One warrior against a suite: a hill score, and the generality coevolution selects for.

A suite is the bundled library by default: a settings name (``standard``,
``tiny``, ``nano``: every library warrior for it, under its settings), a
family (``paper``: its standard members), or a directory of ``.red`` files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import warriors as library
from arena.errors import InputError
from arena.roster import load_roster
from arena.scheduler import Arena, ArenaConfig
from arena.scoring import hill_score
from arena.tournament import round_robin
from mars import DEFAULT_CONFIG, MarsConfig, RedcodeError, Warrior


@dataclass(frozen=True)
class Suite:
    """Opponents to benchmark against, the settings they are written for, and files skipped."""

    name: str
    config: MarsConfig
    warriors: tuple[Warrior, ...]
    skipped: tuple[RedcodeError, ...] = ()


@dataclass(frozen=True)
class Benchmark:
    """``score``: hill score over the suite (0-300).  ``generality``: the fraction of
    opponents defeated or tied (wins >= losses).  ``table``: one row per opponent."""

    score: float
    generality: float
    table: pd.DataFrame


def load_suite(
    spec: str | os.PathLike[str] = "standard",
    config: MarsConfig | None = None,
    *,
    strict: bool = False,
    rounds: int = 1,
) -> Suite:
    """The suite ``spec`` names.  A library suite brings its own settings; a directory's
    warriors are assembled for ``config`` (default: pMARS's), as by :func:`load_roster`."""
    text = str(spec)
    if text in library.SETTINGS:
        return Suite(text, library.SETTINGS[text], tuple(library.load_all(text)))
    if text in library.families():
        return Suite(text, library.SETTINGS["standard"], tuple(library.by_family(text)))
    if Path(text).is_dir():
        config = (config or DEFAULT_CONFIG).resolved()
        roster = load_roster([text], config, strict=strict, rounds=rounds)
        return Suite(text, config, roster.warriors, roster.skipped)
    choices = ", ".join([*library.SETTINGS, *library.families()])
    raise InputError(f"no such suite: not a directory nor one of {choices}", text)


def benchmark(
    warrior: Warrior, suite: Suite | Sequence[Warrior], *, arena: Arena | None = None
) -> Benchmark:
    """Play ``warrior`` against every opponent of the suite but copies of itself.

    Without ``arena``: serial, uncached, 100 rounds, under the suite's settings.

    The table has, per opponent: ``opponent`` (its index in the suite),
    ``name``, and the round-robin pairing columns (``rounds``, ``wins``,
    ``losses``, ``ties``, ``score``, ``seed``, behaviour, ``death_cycle``).
    """
    if isinstance(suite, Suite):
        arena = arena or Arena(ArenaConfig(mars=suite.config))
        opponents = list(suite.warriors)
    else:
        opponents = list(suite)
    own = warrior.content_hash()
    indices = [i for i, other in enumerate(opponents) if other.content_hash() != own]
    if not indices:
        raise InputError("the suite has no opponent other than the warrior itself")
    tournament = round_robin([warrior], opponents=[opponents[i] for i in indices], arena=arena)
    table = tournament.pairings.drop(columns=["warrior", "name"])
    table = table.rename(columns={"opponent_name": "name"})
    table["opponent"] = indices
    score = hill_score(table["wins"].sum(), table["ties"].sum(), table["rounds"].sum())
    generality = float((table["wins"] >= table["losses"]).mean())
    return Benchmark(float(score), generality, table)
