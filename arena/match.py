"""A match: warriors, settings, rounds and a seed in; a compact per-warrior record out.

A :class:`Match` is everything that decides a battle, so its :meth:`Match.key`
names the result for the cache, and every backend plays it with :func:`play`.
Seats are in the order of the warriors' content hashes, and the seed is a
function of the arena seed and those hashes (:func:`arrange`), so the same
warriors meet the same way whichever list, tournament or benchmark they come
from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from arena.scoring import pmars_points, survival_share
from mars import MarsConfig, Warrior, run_battle

# Part of every cache key: change it when the VM's results or the record change.
RESULT_FORMAT = 1
# Seeds are pMARS RNG states in 1 .. 2**29, so that ``-F seed + mindistance``
# stays within pMARS's range for -F (and 0, which the generator never leaves, is out).
SEED_SPAN = 2**29
# Behaviour statistics, each a per-round mean, in Outcome and DataFrame column order.
BEHAVIOUR = ("coverage", "written", "spawned", "peak_processes")


@dataclass(frozen=True)
class Match:
    """One battle to play.

    ``warriors`` are in seat order (seat 0 sits at core address 0, as pMARS's
    first warrior).  ``config`` is resolved.  ``seed`` is the pMARS RNG state
    before round 1's placement: the battle is ``redqueen mars -F seed+d``
    (``d`` the mindistance) with the options of :meth:`pmars_arguments`, and
    so is pMARS's.  ``behaviour`` records coverage and the like;
    ``run_to_end`` plays each round until all are dead or the cycles run
    out, which the survival share needs.
    """

    warriors: tuple[Warrior, ...]
    config: MarsConfig
    rounds: int
    seed: int
    behaviour: bool = True
    run_to_end: bool = False

    def key(self) -> str:
        """SHA-256 of what decides the result: code, settings, rounds, seed, what is recorded."""
        spec = {
            "format": RESULT_FORMAT,
            "warriors": [warrior.content_hash() for warrior in self.warriors],
            "config": asdict(self.config),
            "rounds": self.rounds,
            "seed": self.seed,
            "behaviour": self.behaviour,
            "run_to_end": self.run_to_end,
        }
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()

    def pmars_arguments(self) -> list[str]:
        """The ``pmars`` / ``redqueen mars`` options (before the files) that fight this match."""
        config = self.config
        values = {
            "-r": self.rounds,
            "-s": config.coresize,
            "-c": config.cycles,
            "-p": config.processes,
            "-l": config.maxlength,
            "-d": config.mindistance,
            "-S": config.pspacesize,
            "-F": self.seed + config.mindistance,
        }
        return [text for option, value in values.items() for text in (option, str(value))]


@dataclass(frozen=True)
class Outcome:
    """One warrior's record in a match.

    ``wins``, ``losses``, ``ties`` and ``points`` (pMARS's score) are pMARS's.
    ``death_cycle`` is the mean cycle of death over the rounds it died in
    (``None`` if it never died).  The behaviour means are ``None`` unless the
    match recorded behaviour, ``share`` (the DRQ survival share, mean per
    round) unless it ran to the end.
    """

    wins: int
    losses: int
    ties: int
    points: int
    death_cycle: float | None
    coverage: float | None = None
    written: float | None = None
    spawned: float | None = None
    peak_processes: float | None = None
    share: float | None = None


@dataclass(frozen=True)
class MatchResult:
    """The outcomes of a match, one per seat, and nothing that needs pickling to store."""

    outcomes: tuple[Outcome, ...]

    def to_json(self) -> str:
        return json.dumps([asdict(outcome) for outcome in self.outcomes])

    @classmethod
    def from_json(cls, text: str) -> MatchResult:
        return cls(tuple(Outcome(**fields) for fields in json.loads(text)))


def derive_seed(seed: int, hashes: Sequence[str]) -> int:
    """The match seed for warriors with these content hashes (in seat order) under ``seed``."""
    text = ":".join(["redqueen-arena", str(seed), *hashes])
    digest = hashlib.sha256(text.encode()).digest()
    return 1 + int.from_bytes(digest[:8], "big") % SEED_SPAN


def arrange(
    warriors: Sequence[Warrior],
    config: MarsConfig,
    *,
    rounds: int,
    seed: int,
    behaviour: bool = True,
    run_to_end: bool = False,
) -> tuple[Match, tuple[int, ...]]:
    """The match these warriors play, and the seat each one (in the given order) takes."""
    hashes = [warrior.content_hash() for warrior in warriors]
    order = sorted(range(len(warriors)), key=lambda i: hashes[i])
    seats = [0] * len(warriors)
    for seat, index in enumerate(order):
        seats[index] = seat
    match = Match(
        warriors=tuple(warriors[i] for i in order),
        config=config.resolved(),
        rounds=rounds,
        seed=derive_seed(seed, [hashes[i] for i in order]),
        behaviour=behaviour,
        run_to_end=run_to_end,
    )
    return match, tuple(seats)


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if len(values) else None


def play(match: Match) -> MatchResult:
    """Fight the match and reduce the battle to its record."""
    result = run_battle(
        match.warriors,
        match.config,
        rounds=match.rounds,
        fixed_position=match.seed + match.config.mindistance,
        run_to_end=match.run_to_end,
        behaviour=match.behaviour,
    )
    records = result.records
    deaths = records["death_cycle"]
    points = pmars_points(result.scores)
    share = survival_share(deaths, match.config.cycles) if match.run_to_end else None
    outcomes = []
    for seat in range(len(match.warriors)):
        behaviour = {
            name: float(records[name][:, seat].mean()) if match.behaviour else None
            for name in BEHAVIOUR
        }
        outcomes.append(
            Outcome(
                wins=result.wins(seat),
                losses=result.losses(seat),
                ties=result.ties(seat),
                points=points[seat],
                death_cycle=_mean(deaths[deaths[:, seat] >= 0, seat]),
                share=None if share is None else float(share[:, seat].mean()),
                **behaviour,
            )
        )
    return MatchResult(tuple(outcomes))
