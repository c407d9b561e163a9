"""Fitness against the lineage: how well a candidate does against the round's opponents.

Two modes (:class:`FitnessConfig` ``mode``):

- ``"melee"`` (the Digital Red Queen paper's): one match of the candidate
  with every opponent at once, each round run to the end; fitness is the
  candidate's survival share (:func:`arena.survival_share`, mean per round)
  divided by the number of warriors in the melee.  The share of a warrior
  ranges from 0 (dead at once) to W (alone from the first cycle on), and is 1
  when all W warriors live to the cycle limit, so the fitness is in [0, 1] and
  a melee in which nobody dies gives 1/W.
- ``"1v1"``: one match against each opponent; fitness is the mean hill score
  (:func:`arena.hill_score`) divided by its maximum, 300, so also in [0, 1]:
  a tie in every round gives 1/3.

A melee holds at most :meth:`mars.MarsConfig.max_warriors` warriors (pMARS's
limit of 36, and what the core has room for at the minimum distance); when
the lineage is longer, the candidate meets only its most recent members
(:func:`melee_opponents`), the strongest by construction.

Every battle of a generation goes to the arena in one :meth:`arena.Arena.play`
call, so a Ray backend plays the candidates in parallel.  The arena supplies
the battle settings, backend and cache; rounds and seed are this module's.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from arena import BEHAVIOUR, Arena, InputError, Outcome, hill_score
from mars import ConfigError, MarsConfig, Warrior

log = logging.getLogger(__name__)

MODES = ("melee", "1v1")
# The hill score of a warrior that wins every round (arena.scoring).
MAX_HILL_SCORE = 300


@dataclass(frozen=True)
class FitnessConfig:
    """How candidates are scored against the lineage.

    ``rounds`` per match (the paper plays 20-24 melee rounds), ``threshold``
    the fitness (in [0, 1]) at which a candidate beats the lineage, ``seed``
    the arena seed of the placements.
    """

    mode: str = "melee"
    rounds: int = 20
    threshold: float = 0.8
    seed: int = 0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ConfigError(f"fitness mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if not 0 < self.threshold <= 1:
            raise ConfigError(f"threshold must be within (0, 1], got {self.threshold}")


@dataclass(frozen=True)
class Evaluation:
    """A candidate's fitness in [0, 1] and its behaviour means over its matches.

    The behaviour means are the candidate's :class:`arena.Outcome` fields
    (per round: distinct cells executed, cells written, processes spawned,
    peak processes), averaged over its matches in ``"1v1"`` mode.
    """

    warrior: Warrior
    fitness: float
    coverage: float
    written: float
    spawned: float
    peak_processes: float


def melee_opponents(opponents: Sequence[Warrior], mars: MarsConfig) -> Sequence[Warrior]:
    """The opponents a candidate meets in one melee: the last ones that fit beside it."""
    room = mars.resolved().max_warriors() - 1
    if room < 1:
        raise ConfigError(f"the core of {mars.coresize} cells holds no melee of 2 warriors")
    if len(opponents) > room:
        log.info("melee of the last %d of %d opponents (the VM's limit)", room, len(opponents))
        return opponents[-room:]
    return opponents


def _score(outcome: Outcome, warriors: int, rounds: int, mode: str) -> float:
    """One match's contribution to the fitness, in [0, 1] (see the module docstring)."""
    if mode == "melee":
        assert outcome.share is not None  # melees run to the end
        return outcome.share / warriors
    return hill_score(outcome.wins, outcome.ties, rounds) / MAX_HILL_SCORE


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def evaluate(
    candidates: Sequence[Warrior],
    opponents: Sequence[Warrior],
    arena: Arena,
    config: FitnessConfig | None = None,
) -> list[Evaluation]:
    """Each candidate's :class:`Evaluation` against ``opponents``, in order.

    All battles are played in one call to ``arena``; under the arena's battle
    settings, with ``config``'s rounds and seed, always recording behaviour.
    The same candidates, opponents and config give the same numbers, whether
    evaluated together or one by one.
    """
    config = config or FitnessConfig()
    if not opponents:
        raise InputError("fitness needs at least one opponent")
    settings = replace(arena.config, rounds=config.rounds, seed=config.seed, behaviour=True)
    melee = config.mode == "melee"
    if melee:
        field = melee_opponents(opponents, settings.mars)
        groups = [[candidate, *field] for candidate in candidates]
    else:
        groups = [[candidate, opponent] for candidate in candidates for opponent in opponents]
    arranged = [settings.match(group, run_to_end=melee) for group in groups]
    results = arena.play([match for match, _ in arranged], "fitness")
    per_candidate = 1 if melee else len(opponents)
    evaluations = []
    for index, candidate in enumerate(candidates):
        scores: list[float] = []
        outcomes: list[Outcome] = []
        for slot in range(index * per_candidate, (index + 1) * per_candidate):
            match, seats = arranged[slot]
            outcome = results[slot].outcomes[seats[0]]  # the candidate is first in its group
            scores.append(_score(outcome, len(match.warriors), match.rounds, config.mode))
            outcomes.append(outcome)
        behaviour = {
            name: _mean([getattr(outcome, name) for outcome in outcomes]) for name in BEHAVIOUR
        }
        evaluations.append(Evaluation(candidate, _mean(scores), **behaviour))
    return evaluations


def fresh_seed(seed: int, attempt: int) -> int:
    """An arena seed for re-measurement ``attempt`` (1, 2, ...) of results measured under ``seed``.

    Hashed rather than ``seed + attempt`` so that it never coincides with the
    seed of another round or run that counts seeds up from the same base.
    """
    text = f"redqueen-remeasure:{seed}:{attempt}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def remeasure(
    candidates: Sequence[Warrior],
    opponents: Sequence[Warrior],
    arena: Arena,
    config: FitnessConfig | None = None,
    *,
    attempt: int = 1,
) -> list[Evaluation]:
    """:func:`evaluate` again with fresh placements (:func:`fresh_seed`), e.g. for a champion."""
    config = config or FitnessConfig()
    return evaluate(
        candidates, opponents, arena, replace(config, seed=fresh_seed(config.seed, attempt))
    )


def beats_lineage(fitness: float, config: FitnessConfig) -> bool:
    """Whether a fitness reaches the threshold of beating the lineage."""
    return fitness >= config.threshold
