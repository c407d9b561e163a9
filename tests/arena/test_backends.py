"""Backends: Ray (embedded here; a cluster in test_ray_cluster.py) gives the serial tables.

One embedded Ray serves the whole module: starting Ray takes seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pandas as pd
import pytest

import arena.backends
from arena import Arena, ArenaConfig, BackendError, RayBackend, melee, round_robin
from tests.arena.conftest import TINY

pytestmark = pytest.mark.slow

CONFIG = ArenaConfig(mars=TINY, rounds=20, seed=6)


@pytest.fixture(scope="module")
def ray_backend() -> Iterator[RayBackend]:
    """The default embedded Ray, started on demand with two workers, stopped at the end."""
    backend = RayBackend(cpus=2)
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def serial(tiny_set):
    """The tables the serial backend gives."""
    return {
        "round robin": round_robin(tiny_set, arena=Arena(CONFIG)),
        "melee": melee(tiny_set, 3, arena=Arena(CONFIG)),
    }


def assert_same(first, second) -> None:
    pd.testing.assert_frame_equal(first.pairings, second.pairings)
    pd.testing.assert_frame_equal(first.standings, second.standings)


def test_embedded_ray_gives_the_serial_tables(ray_backend, serial, tiny_set):
    arena = Arena(CONFIG, backend=ray_backend)
    assert_same(round_robin(tiny_set, arena=arena), serial["round robin"])
    assert_same(melee(tiny_set, 3, arena=arena), serial["melee"])
    assert ray_backend.workers() == 2 and ray_backend.tasks > 0


def test_batches_hold_many_matches(ray_backend, tiny_set):
    """Quick matches are batched: far fewer tasks than matches."""
    quick = ArenaConfig(mars=TINY, rounds=2, seed=1, behaviour=False)
    matches = [quick.match([a, b])[0] for a in tiny_set for b in tiny_set]
    before = ray_backend.tasks
    results = dict(ray_backend.run(matches))
    assert sorted(results) == list(range(len(matches)))
    assert ray_backend.tasks - before < len(matches) / 3


def test_a_dead_worker_batch_is_retried(ray_backend, serial, tiny_set, tmp_path, monkeypatch):
    """The first task to run kills its worker process; Ray runs the batch again."""
    marker = str(tmp_path / "crashed")
    original = arena.backends.play_batch

    def crash_once(matches):
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)
        return original(matches)

    monkeypatch.setattr(arena.backends, "play_batch", crash_once)
    backend = RayBackend(max_retries=2)  # uses the module's Ray, does not stop it
    result = round_robin(tiny_set, arena=Arena(CONFIG, backend=backend))
    backend.close()
    assert os.path.exists(marker)
    assert_same(result, serial["round robin"])


def test_a_batch_that_always_fails_is_reported(ray_backend, tiny_set, monkeypatch):
    def crash(matches):
        os._exit(1)

    monkeypatch.setattr(arena.backends, "play_batch", crash)
    backend = RayBackend(max_retries=1)
    with pytest.raises(BackendError, match="a batch of 1 matches failed"):
        round_robin(tiny_set[:3], arena=Arena(CONFIG, backend=backend))
    backend.close()


def test_serial_use_never_imports_ray():
    code = (
        "import sys, warriors, arena\n"
        "config = arena.ArenaConfig(mars=warriors.SETTINGS['tiny'], rounds=2)\n"
        "arena.round_robin(warriors.load_all('tiny')[:3], arena=arena.Arena(config))\n"
        "assert 'ray' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
