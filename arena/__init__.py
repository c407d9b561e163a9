"""The arena: who beats whom, by how much, and with what behaviour.

The one place that schedules battles, for the command line, for coevolution
and for the dashboard.  An :class:`Arena` plays :class:`Match` es under an
:class:`ArenaConfig`, on a backend (:class:`SerialBackend`, :class:`RayBackend`),
skipping those its :class:`ResultCache` already holds.  On top of it:
:func:`round_robin` and :func:`melee` (a :class:`Tournament` of pairings and
standings) and :func:`benchmark` (a warrior against a :class:`Suite`).
Scores are defined in :mod:`arena.scoring`.
"""

from arena.backends import Backend, RayBackend, SerialBackend, connect_ray
from arena.benchmark import Benchmark, Suite, benchmark, load_suite
from arena.cache import ResultCache, default_path
from arena.errors import ArenaError, BackendError, InputError
from arena.match import BEHAVIOUR, Match, MatchResult, Outcome, arrange, play
from arena.roster import Roster, load_roster, warrior_files
from arena.scheduler import Arena, ArenaConfig
from arena.scoring import hill_score, pmars_points, survival_share
from arena.tournament import Tournament, melee, round_robin, to_markdown

__all__ = [
    "BEHAVIOUR",
    "Arena",
    "ArenaConfig",
    "ArenaError",
    "Backend",
    "BackendError",
    "Benchmark",
    "InputError",
    "Match",
    "MatchResult",
    "Outcome",
    "RayBackend",
    "ResultCache",
    "Roster",
    "SerialBackend",
    "Suite",
    "Tournament",
    "arrange",
    "benchmark",
    "connect_ray",
    "default_path",
    "hill_score",
    "load_roster",
    "load_suite",
    "melee",
    "play",
    "pmars_points",
    "round_robin",
    "survival_share",
    "to_markdown",
    "warrior_files",
]
