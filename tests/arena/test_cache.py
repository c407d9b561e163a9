"""The result cache: nothing played twice, across connections and processes; JSON, not pickles."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pandas as pd

from arena import (
    Arena,
    ArenaConfig,
    RayBackend,
    ResultCache,
    arrange,
    default_path,
    play,
    round_robin,
)
from tests.arena.conftest import TINY, CountingBackend, tiny

CONFIG = ArenaConfig(mars=TINY, rounds=10, seed=3)


def test_second_run_plays_nothing(tmp_path, tiny_set):
    first, second = CountingBackend(), CountingBackend()
    with Arena(CONFIG, backend=first, cache=ResultCache(tmp_path / "c.sqlite")) as arena:
        before = round_robin(tiny_set, arena=arena)
    # A new connection to the same file.
    with Arena(CONFIG, backend=second, cache=ResultCache(tmp_path / "c.sqlite")) as arena:
        after = round_robin(tiny_set, arena=arena)
    pairs = len(tiny_set) * (len(tiny_set) - 1) // 2
    assert (first.played, second.played) == (pairs, 0)
    pd.testing.assert_frame_equal(before.pairings, after.pairings)
    pd.testing.assert_frame_equal(before.standings, after.standings)


def test_only_new_pairings_are_played(tmp_path, tiny_set):
    cache = ResultCache(tmp_path / "c.sqlite")
    round_robin(tiny_set[:4], arena=Arena(CONFIG, cache=cache))
    counting = CountingBackend()
    round_robin(tiny_set[:5], arena=Arena(CONFIG, backend=counting, cache=cache))
    assert counting.played == 4  # the fifth warrior against the first four
    counting = CountingBackend()
    other_seed = ArenaConfig(mars=TINY, rounds=10, seed=4)
    round_robin(tiny_set[:2], arena=Arena(other_seed, backend=counting, cache=cache))
    assert counting.played == 1


def test_cache_survives_the_process(tmp_path, tiny_set):
    """A tournament in another process fills the cache; this one then plays nothing."""
    path = tmp_path / "shared.sqlite"
    files = [warrior.filename for warrior in tiny_set[:3]]
    command = [sys.executable, "-m", "redqueen.cli", "tournament", *files]
    options = ["--settings", "tiny", "-r", "10", "--seed", "3", "--cache", str(path), "-q"]
    done = subprocess.run(command + options, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    counting = CountingBackend()
    with Arena(CONFIG, backend=counting, cache=ResultCache(path)) as arena:
        round_robin(tiny_set[:3], arena=arena)
    assert counting.played == 0


def test_stored_as_json_in_wal_mode(tmp_path):
    path = tmp_path / "c.sqlite"
    match, _ = arrange([tiny("mov 0, 1", "imp"), tiny("dat 0, 0", "dat")], TINY, rounds=2, seed=1)
    result = play(match)
    with ResultCache(path) as cache:
        cache.put([(match.key(), result)])
        assert cache.get([match.key(), "missing"]) == {match.key(): result}
        assert len(cache) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    ((text,),) = db.execute("SELECT result FROM results").fetchall()
    assert json.loads(text)[0]["ties"] == result.outcomes[0].ties


def test_many_keys_at_once(tmp_path, tiny_set):
    matches = [
        arrange([a, b], TINY, rounds=1, seed=seed)[0]
        for seed in range(100)
        for a, b in [(tiny_set[0], tiny_set[1]), (tiny_set[2], tiny_set[3])]
    ]
    with ResultCache(tmp_path / "c.sqlite") as cache:
        cache.put([(match.key(), play(match)) for match in matches])
        assert len(cache.get([match.key() for match in matches])) == len(matches) == 200


def test_default_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "redqueen" / "arena.sqlite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_path().parts[-3:] == (".cache", "redqueen", "arena.sqlite")


def test_ray_is_not_started_when_everything_is_cached(tmp_path, tiny_set):
    import ray

    cache = ResultCache(tmp_path / "c.sqlite")
    expected = round_robin(tiny_set[:3], arena=Arena(CONFIG, cache=cache))
    assert not ray.is_initialized()
    backend = RayBackend()
    again = round_robin(tiny_set[:3], arena=Arena(CONFIG, backend=backend, cache=cache))
    assert not ray.is_initialized()  # Ray takes seconds to start: not for nothing
    pd.testing.assert_frame_equal(expected.pairings, again.pairings)
