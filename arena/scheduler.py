"""The arena's one door to battles: settings, cache, backend and progress together.

:class:`ArenaConfig` says what is played (settings, rounds, seed, whether to
record behaviour); :class:`Arena` plays matches under it: results already in
the cache are not played again, the same match asked for twice is played
once, the rest goes to the backend, and each result is stored as it arrives
(an interrupted run keeps what it played).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from arena.backends import Backend, SerialBackend
from arena.cache import ResultCache
from arena.match import Match, MatchResult, arrange
from arena.progress import progress
from mars import DEFAULT_CONFIG, ConfigError, MarsConfig, Warrior, check_battle

log = logging.getLogger(__name__)

# pMARS counts rounds in C shorts (see mars.pmars_cli.total_scores).
MAX_ROUNDS = 32767


@dataclass(frozen=True)
class ArenaConfig:
    """What the arena plays: battle settings, rounds per match, the seed, what to record.

    ``seed`` decides every match's placements together with the warriors'
    code (:func:`arena.match.derive_seed`).  ``behaviour`` (on by default:
    coevolution needs the statistics) records coverage, cells written and
    process counts at about 15% more battle time; the outcomes are the same.
    """

    mars: MarsConfig = field(default_factory=DEFAULT_CONFIG.resolved)
    rounds: int = 100
    seed: int = 0
    behaviour: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.rounds <= MAX_ROUNDS:
            raise ConfigError(f"rounds must be within 1..{MAX_ROUNDS}, got {self.rounds}")
        object.__setattr__(self, "mars", self.mars.resolved())

    def match(
        self, warriors: Sequence[Warrior], *, run_to_end: bool = False
    ) -> tuple[Match, tuple[int, ...]]:
        """The match these warriors play here, and each one's seat (see :func:`arrange`)."""
        return arrange(
            warriors,
            self.mars,
            rounds=self.rounds,
            seed=self.seed,
            behaviour=self.behaviour,
            run_to_end=run_to_end,
        )


class Arena:
    """Plays matches for tournaments, melees and benchmarks.

    ``backend`` defaults to :class:`SerialBackend`; ``cache`` ``None`` plays
    everything; ``show_progress`` draws a bar on standard error.  Close the
    arena (or use it in a ``with``) to stop a Ray it started and close the cache.
    """

    def __init__(
        self,
        config: ArenaConfig | None = None,
        *,
        backend: Backend | None = None,
        cache: ResultCache | None = None,
        show_progress: bool = False,
    ):
        self.config = config or ArenaConfig()
        self.backend = backend or SerialBackend()
        self.cache = cache
        self.show_progress = show_progress

    def play(self, matches: Sequence[Match], description: str = "battles") -> list[MatchResult]:
        """The result of each match, in order."""
        for match in matches:  # raise here what the backend would
            check_battle(match.warriors, match.config)
        keys = [match.key() for match in matches]
        found = self.cache.get(keys) if self.cache is not None else {}
        todo = {key: match for key, match in zip(keys, matches, strict=True) if key not in found}
        log.info("%d matches: %d to play, the rest cached", len(matches), len(todo))
        todo_keys = list(todo)
        with progress(len(set(keys)), description, enabled=self.show_progress) as bar:
            bar.update(len(set(keys)) - len(todo))
            for index, result in self.backend.run(list(todo.values())) if todo else ():
                found[todo_keys[index]] = result
                if self.cache is not None:
                    self.cache.put([(todo_keys[index], result)])
                bar.update(1)
        return [found[key] for key in keys]

    def close(self) -> None:
        self.backend.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Arena:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
