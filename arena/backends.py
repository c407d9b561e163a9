"""Where matches are played: in this process, or on Ray, behind one small interface.

A backend's :meth:`~Backend.run` takes matches and yields ``(index, result)``
pairs as they finish, in any order; the caller (:class:`arena.Arena`) owns
the cache, the progress bar and the order of the tables.  Ray is imported only
when a :class:`RayBackend` first plays, so serial use never pays for it.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from arena.errors import BackendError
from arena.match import Match, MatchResult, play

log = logging.getLogger(__name__)


class Backend(Protocol):
    """Plays matches; yields ``(index into matches, result)`` as each finishes."""

    def run(self, matches: Sequence[Match]) -> Iterator[tuple[int, MatchResult]]: ...

    def close(self) -> None: ...


class SerialBackend:
    """Every match in turn, in this process: for debugging and small jobs."""

    def run(self, matches: Sequence[Match]) -> Iterator[tuple[int, MatchResult]]:
        for index, match in enumerate(matches):
            yield index, play(match)

    def close(self) -> None:
        pass


def play_batch(matches: Sequence[Match]) -> tuple[list[MatchResult], float]:
    """What one Ray task does: play the matches, and say how long it took (seconds)."""
    start = time.perf_counter()
    results = [play(match) for match in matches]
    return results, time.perf_counter() - start


def _work(match: Match) -> int:
    """A match's size for batching: battles take time in proportion to rounds x warriors."""
    return match.rounds * len(match.warriors)


def connect_ray(
    address: str | None = None,
    cpus: int | None = None,
    runtime_env: dict[str, Any] | None = None,
) -> bool:
    """Join the Ray cluster at ``address`` (or ``RAY_ADDRESS``), with ``runtime_env``
    for the work sent there, or else start a private local Ray with ``cpus``
    workers (default: every core); a session already started is used as it
    is.  Returns whether this call started one (whoever did shuts it down)."""
    import ray

    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS")
    options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
    if address:
        ray.init(address=address, runtime_env=runtime_env, **options)
    else:
        # "local": a new instance even if a cluster runs on this machine.
        cpus = cpus or os.cpu_count() or 1
        ray.init(address="local", num_cpus=cpus, include_dashboard=False, **options)
    return True


class RayBackend:
    """Matches in batches of Ray tasks, on an embedded local Ray or an existing cluster.

    ``address`` (or else the ``RAY_ADDRESS`` environment variable, Ray's
    convention) names a running cluster to join; without either, a private
    local Ray starts on first use with ``cpus`` workers (default: every core)
    and stops on :meth:`close`.  ``runtime_env`` goes with the work sent to a
    cluster (e.g. the packages its nodes should import).  A Ray session the
    caller already started is used as it is, and left running.

    Batches are sized from the time batches have taken so far so that a task
    lasts about ``task_seconds`` (the first tasks hold one match each, to
    measure), and shrink near the end (to a quarter of that) so that no
    worker idles long while another finishes a big batch.  Each task is
    retried up to ``max_retries`` times if its worker dies.  Results stream
    back as tasks finish (``ray.wait``).
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        cpus: int | None = None,
        task_seconds: float = 0.2,
        max_retries: int = 3,
        runtime_env: dict[str, Any] | None = None,
    ):
        self.address = address
        self.runtime_env = runtime_env
        self.cpus = cpus
        self.task_seconds = task_seconds
        self.max_retries = max_retries
        self._ray: Any = None
        self._remote: Any = None
        self._started = False
        # For measurements: tasks submitted, and seconds the finished ones spent playing.
        self.tasks = 0
        self.busy = 0.0

    def _connect(self) -> Any:
        if self._ray is not None:
            return self._ray
        import ray

        self._started = connect_ray(self.address, self.cpus, self.runtime_env)
        # Looked up now, not at import, so that a test may stand in for play_batch.
        self._remote = ray.remote(num_cpus=1, max_retries=self.max_retries)(play_batch)
        self._ray = ray
        return ray

    def workers(self) -> int:
        """The CPUs of the Ray cluster (connecting to it if need be)."""
        return max(1, int(self._connect().cluster_resources().get("CPU", 1)))

    def run(self, matches: Sequence[Match]) -> Iterator[tuple[int, MatchResult]]:
        if not matches:
            return  # without starting Ray
        ray = self._connect()
        workers = self.workers()
        pending = deque(range(len(matches)))
        left = sum(map(_work, matches))  # work units not yet submitted
        in_flight: dict[Any, list[int]] = {}
        spent = measured = 0.0  # seconds of battle time, and the work units they played
        while pending or in_flight:
            # Two tasks per worker: one running, one queued behind it.
            while pending and len(in_flight) < 2 * workers:
                if measured:
                    # About task_seconds each, but near the end share what is left
                    # (down to a quarter of task_seconds, so overhead stays small).
                    target = self.task_seconds * measured / spent
                    budget = max(min(target, left / workers), target / 4)
                else:
                    budget = 0  # one match per task until there is a measurement
                batch = [pending.popleft()]
                work = _work(matches[batch[0]])
                while pending and work + _work(matches[pending[0]]) <= budget:
                    work += _work(matches[pending[0]])
                    batch.append(pending.popleft())
                left -= work
                in_flight[self._remote.remote([matches[i] for i in batch])] = batch
                self.tasks += 1
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in ready:
                batch = in_flight.pop(ref)
                try:
                    results, seconds = ray.get(ref)
                except ray.exceptions.RayError as error:
                    for other in in_flight:
                        ray.cancel(other)
                    raise BackendError(
                        f"a batch of {len(batch)} matches failed "
                        f"(after up to {self.max_retries} retries): {error}"
                    ) from error
                self.busy += seconds
                spent += max(seconds, 1e-6)
                measured += sum(_work(matches[i]) for i in batch)
                yield from zip(batch, results, strict=True)

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False
        self._ray = self._remote = None
