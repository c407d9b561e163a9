"""The run store: creating and opening runs, atomic generations, kill -9, resume state, readers."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mars import assemble
from redqueen.archive import Archive, Elite
from redqueen.authors import Reply, Request
from redqueen.descriptors import axes
from redqueen.fitness import Evaluation, FitnessConfig
from redqueen.runstore import RunStore, RunStoreError, restore_rng, rng_state

CONFIG = {"seed": 3, "rounds": 4, "fitness": {"mode": "melee", "rounds": 20}, "author": "offline"}


def source(value: int) -> str:
    return f";redcode-94\n;name w{value}\nmov.i {value}, 1\n"


@pytest.fixture
def store(tmp_path):
    with RunStore.create(tmp_path / "run", CONFIG) as created:
        yield created


def add(generation, value: int, **fields) -> int:
    """A warrior that assembles, with fitness value / 100 and descriptors (value, value)."""
    text = source(value)
    wid = generation.add_warrior(text, origin="new", assembled=assemble(text), **fields)
    generation.add_evaluation(wid, value / 100, descriptors=(value, value))
    return wid


def test_create_then_open_gives_the_config_and_no_step(tmp_path, store):
    assert store.last_step() is None
    assert sorted(path.name for path in store.path.iterdir() if "sqlite-" not in path.name) == [
        "champions",
        "config.json",
        "run.sqlite",
        "writer.json",
    ]
    store.close()
    assert not (tmp_path / "run" / "writer.json").exists()
    with RunStore.open(tmp_path / "run") as reopened:
        assert reopened.config() == CONFIG
        assert reopened.last_step() is None


def test_a_non_empty_directory_or_a_file_is_refused(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(RunStoreError, match="busy"):
        RunStore.create(tmp_path / "busy", CONFIG)
    assert sorted(path.name for path in (tmp_path / "busy").iterdir()) == ["notes.txt"]
    with pytest.raises(RunStoreError, match="notes.txt"):
        RunStore.create(tmp_path / "busy" / "notes.txt", CONFIG)


def test_config_json_is_written_first_pretty_and_sorted(tmp_path, monkeypatch):
    seen = []
    connect = sqlite3.connect

    def watch(database, *args, **kwargs):
        # the first database file opened is the scratch one the schema is built in
        if not seen:
            run = Path(database).parent
            seen.append(json.loads((run / "config.json").read_text()))
            assert not (run / "run.sqlite").exists()
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", watch)
    RunStore.create(tmp_path / "run", FitnessConfig(mode="1v1")).close()
    expected = {"mode": "1v1", "rounds": 20, "seed": 0, "threshold": 0.8}
    assert seen == [expected]
    text = (tmp_path / "run" / "config.json").read_text()
    assert text == json.dumps(expected, indent=2, sort_keys=True) + "\n"


def test_a_config_that_is_not_json_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(RunStoreError, match="not plain JSON"):
        RunStore.create(tmp_path / "run", {"rng": random.Random(1)})
    assert not (tmp_path / "run").exists()


def test_opening_what_is_not_a_run_says_why(tmp_path, store):
    with pytest.raises(RunStoreError, match=f"{tmp_path}: not a run directory"):
        RunStore.open(tmp_path)
    store.close()
    database = sqlite3.connect(tmp_path / "run" / "run.sqlite")
    with database:
        database.execute("UPDATE schema_version SET version = 99")
    database.close()
    with pytest.raises(RunStoreError, match="unknown schema version 99"):
        RunStore.open(tmp_path / "run")
    (tmp_path / "run" / "config.json").unlink()
    with pytest.raises(RunStoreError, match="config.json is missing"):
        RunStore.open(tmp_path / "run")


def test_a_failed_generation_leaves_nothing_and_the_previous_step_intact(store):
    with store.generation(1, 0) as generation:
        add(generation, 1)
        generation.state = {"done": 0}
    with pytest.raises(KeyError), store.generation(1, 1) as generation:
        add(generation, 2)
        generation.state = {"done": 1}
        raise KeyError("the author failed")
    assert store.last_step() == (1, 0, {"done": 0})
    assert store.warriors()["name"].tolist() == ["w1"]
    assert len(store.evaluations()) == 1
    with store.generation(1, 1) as generation:  # the lost generation, played again
        add(generation, 2)
    assert store.warriors()["generation"].tolist() == [0, 1]


def test_rows_that_sqlite_refuses_roll_the_generation_back(store):
    with pytest.raises(RunStoreError, match="round 1 generation 0 not recorded"):  # noqa: SIM117
        with store.generation(1, 0) as generation:
            add(generation, 1)
            generation.add_evaluation(999, 0.5)  # no warrior 999
    assert store.last_step() is None and store.warriors().empty


def test_steps_only_go_forward_and_a_closed_writer_is_refused(store):
    with store.generation(2, 3) as generation:
        pass
    for round, number in [(2, 3), (2, 2), (1, 9)]:
        with pytest.raises(RunStoreError, match="does not come after"):  # noqa: SIM117
            with store.generation(round, number):
                pass
    with pytest.raises(RunStoreError, match="already closed"):
        add(generation, 1)


def test_a_warrior_is_assembled_or_has_an_error(store):
    with store.generation(1, 0) as generation:
        good = add(generation, 4)
        bad = generation.add_warrior(
            "mov 0", origin="mutate", parents=[good], author="offline", seed=9, error="line 1: ..."
        )
        generation.add_warrior(source(5), origin="crossover", parents=[good, bad], error="x")
        with pytest.raises(RunStoreError, match="either assembled or error"):
            generation.add_warrior("mov 0", origin="new")
        with pytest.raises(RunStoreError, match="origin must be one of"):
            generation.add_warrior("mov 0", origin="alien", error="x")
    warriors = store.warriors().set_index("id")
    assert warriors.loc[good, "hash"] == assemble(source(4)).content_hash()
    assert warriors["hash"].isna().tolist() == [False, True, True]
    assert warriors.loc[bad, ["error", "parent_a", "seed"]].tolist() == ["line 1: ...", good, 9]
    assert warriors["parent_b"].dropna().tolist() == [bad]


def test_the_rng_state_survives_the_store(tmp_path, store):
    rng = random.Random(42)
    rng.gauss(0, 1)  # leaves a cached second normal in the state
    with store.generation(1, 0) as generation:
        generation.state = {"rng": rng_state(rng)}
    store.close()
    restored = restore_rng(RunStore.open(tmp_path / "run").last_step().state["rng"])
    assert [restored.random() for _ in range(5)] == [rng.random() for _ in range(5)]
    assert restored.gauss(0, 1) == rng.gauss(0, 1)


def test_an_archive_snapshot_restores_the_same_archive(store):
    grid = axes()
    archive = Archive(grid)
    with store.generation(1, 0) as generation:
        for value in (0, 50, 5, 700, 3000):
            wid = add(generation, value)
            archive.add(Elite(str(wid), source(value), value / 100, (value, value * 2)))
        generation.snapshot(archive)
    first = Archive.from_records(grid, archive.to_records())
    with store.generation(1, 1) as generation:
        wid = add(generation, 60)
        archive.add(Elite(str(wid), source(60), 9.0, (50, 100)))  # improves a cell
        generation.snapshot(archive)
    with store.generation(1, 2):
        pass  # no snapshot: the latest stays generation 1's
    with store.generation(2, 0):
        pass
    assert store.restore_archive(1, grid) == archive != first
    assert store.archive_records(1) == archive.to_records()
    assert store.restore_archive(2, grid) is None
    frame = store.archive(1)
    assert frame.columns.tolist() == [
        "generation",
        "position",
        "cell",
        "warrior",
        "fitness",
        "descriptors",
        "source",
    ]
    assert frame["cell"].tolist() == [list(cell) for cell in archive.cells()]
    assert set(frame["generation"]) == {1}
    assert store.archive(2).empty


def test_a_snapshot_of_elites_that_are_not_warriors_of_the_run_is_refused(store):
    archive = Archive(axes())
    archive.add(Elite("abc123", source(1), 0.5, (0, 0)))
    with pytest.raises(RunStoreError, match="'abc123' is not a warrior"):  # noqa: SIM117
        with store.generation(1, 0) as generation:
            generation.snapshot(archive)


def test_a_champion_is_written_as_redcode_with_a_header(tmp_path, store):
    with store.generation(1, 4) as generation:
        wid = add(generation, 7)
        generation.record_champion(1, wid, 0.875)
    path = store.path / "champions" / "round-001.red"
    text = path.read_text()
    assert text.startswith(";round 1\n;fitness 0.875\n")
    assert text.removeprefix(";round 1\n;fitness 0.875\n") == source(7)
    assert assemble(text) == assemble(source(7))
    with store.generation(2, 0) as generation:  # generality, measured later
        generation.record_champion(1, wid, 0.875, remeasured=0.8, generality=0.25)
    assert store.champions()[["round", "warrior", "remeasured", "generality"]].values.tolist() == [
        [1, wid, 0.8, 0.25]
    ]
    assert path.read_text() == text  # unchanged: the header shows the champion's fitness
    store.close()
    path.write_text(";round 1\n;fitness 0.5\n")  # as if killed between the commit and the file
    (store.path / "champions" / "round-002.red").write_text("mine")
    RunStore.open(tmp_path / "run").close()
    assert path.read_text() == text
    assert (store.path / "champions" / "round-002.red").read_text() == "mine"


def test_a_second_writer_is_refused_while_the_first_lives(tmp_path, store):
    record = json.loads((store.path / "writer.json").read_text())
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        record["pid"] = sleeper.pid
        (store.path / "writer.json").write_text(json.dumps(record))
        with pytest.raises(RunStoreError, match=f"being written by process {sleeper.pid}"):
            RunStore.open(store.path)
        assert RunStore.read_only(store.path).status() == "running"
    finally:
        sleeper.kill()
        sleeper.wait()
    # the writer is gone (a kill -9 leaves its record): the run can be taken over
    assert RunStore.read_only(store.path).status() == "interrupted"
    RunStore.open(store.path).close()


def test_status_tells_running_finished_and_interrupted_apart(tmp_path, store):
    reader = RunStore.read_only(store.path)
    assert reader.status() == "running"
    with store.generation(1, 0) as generation:
        wid = add(generation, 1)
    store.close()
    assert reader.status() == "interrupted"
    # a writer on another host counts as running while it commits recently
    away = {"pid": 1, "host": "elsewhere", "since": 0}
    (store.path / "writer.json").write_text(json.dumps(away))
    assert reader.status() == "running"
    reader._db.close()
    with sqlite3.connect(store.path / "run.sqlite") as db:
        db.execute("UPDATE steps SET committed = committed - 3600")
    reader = RunStore.read_only(store.path)
    assert reader.status() == "interrupted"
    (store.path / "writer.json").unlink()
    with RunStore.open(store.path) as writer, writer.generation(1, 1) as generation:
        for round in range(1, CONFIG["rounds"] + 1):
            generation.record_champion(round, wid, 0.5)
    assert reader.status() == "finished"
    reader.close()


def test_a_read_only_store_reads_but_cannot_write(tmp_path, store):
    with store.generation(1, 0) as generation:
        add(generation, 1)
    reader = RunStore.read_only(tmp_path / "run")
    assert reader.last_step()[:2] == (1, 0) and len(reader.warriors()) == 1
    with pytest.raises(RunStoreError, match="read-only"):
        reader.generation(1, 1).__enter__()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader._db.execute("DELETE FROM steps")
    reader.close()


def test_the_readers_have_their_columns(store):
    warrior = assemble(source(3))
    measured = Evaluation(warrior, 0.5, coverage=12.0, written=3.0, spawned=0.0, peak_processes=1)
    reply = Reply(Request("new", seed=5, family="stone"), "```\nmov 0, 1\n```", "offline")
    with store.generation(1, 0) as generation:
        wid = add(generation, 3)
        generation.add_evaluation(wid, measured, purpose="remeasure", config=FitnessConfig())
        generation.add_llm_call(reply, wid)
        generation.record_champion(1, wid, 0.5)
    evaluations = store.evaluations()
    assert evaluations.columns.tolist() == [
        "id",
        "warrior",
        "round",
        "generation",
        "purpose",
        "fitness",
        "coverage",
        "written",
        "spawned",
        "peak_processes",
        "descriptors",
        "config",
    ]
    assert evaluations["config"].tolist()[1]["threshold"] == 0.8
    assert evaluations["coverage"].tolist()[1] == 12.0
    assert store.llm_calls().columns.tolist() == [
        "id",
        "round",
        "generation",
        "warrior",
        "author",
        "kind",
        "seed",
        "tokens_in",
        "tokens_out",
        "seconds",
        "cost",
        "error",
        "text",
    ]
    assert store.llm_calls()[["kind", "seed", "warrior"]].values.tolist() == [["new", 5, wid]]
    assert store.champions().columns.tolist() == [
        "round",
        "warrior",
        "fitness",
        "remeasured",
        "generality",
        "benchmark",
        "source",
    ]
    assert store.steps().columns.tolist() == ["round", "generation", "archive_size", "committed"]


# A writer that resumes from the store's last step, as the engine will: 3 rounds of 30
# generations, 10 warriors each, an archive snapshot and its RNG state per generation.
WRITER = """
import random, sys
from mars import assemble
from redqueen.archive import Archive, Elite
from redqueen.descriptors import axes
from redqueen.runstore import RunStore, restore_rng, rng_state

store = RunStore.open(sys.argv[1])
step = store.last_step()
if step is None:
    round, number, rng, archive = 1, 0, random.Random(7), Archive(axes())
else:
    round, number, rng = step.round, step.generation + 1, restore_rng(step.state["rng"])
    archive = store.restore_archive(round, axes())
while round <= 3:
    if number == 30:
        round, number, archive = round + 1, 0, Archive(axes())
        continue
    with store.generation(round, number) as generation:
        for _ in range(10):
            value = rng.randrange(5000)
            text = f";name w{value}\\nmov.i {value}, 1\\n"
            wid = generation.add_warrior(text, origin="new", assembled=assemble(text))
            generation.add_evaluation(wid, value / 5000, descriptors=(value % 50, value))
            archive.add(Elite(str(wid), text, value / 5000, (value % 50, value)))
        generation.snapshot(archive)
        generation.state = {"rng": rng_state(rng)}
    print(round, number, flush=True)
    number += 1
"""


def write(path: Path, kill_after: int | None = None, delay: float = 0.0) -> list[str]:
    """Run the writer on ``path``; SIGKILL it ``delay`` s after its ``kill_after``-th step."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    printed = []
    if kill_after is not None:
        while len(printed) < kill_after and (line := process.stdout.readline()):
            printed.append(line.strip())
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == (-signal.SIGKILL if kill_after is not None else 0)
    return printed + out.split("\n")[:-1]


def check_consistent(path: Path) -> tuple[int, int] | None:
    """Every committed step has all its rows; nothing else has rows."""
    with RunStore.read_only(path) as store:
        steps = store.steps()
        committed = set(zip(steps["round"], steps["generation"], strict=True))
        for frame in (store.warriors(), store.evaluations()):
            counts = frame.groupby(["round", "generation"]).size()
            assert set(counts.index) == committed and set(counts) <= {10}
        assert steps["archive_size"].notna().all()
        last = store.last_step()
        assert (last is None) == (not committed)
        return None if last is None else last[:2]


def test_kill_9_loses_at_most_the_generation_in_flight_and_resume_matches(tmp_path):
    RunStore.create(tmp_path / "uninterrupted", {"seed": 7}).close()
    RunStore.create(tmp_path / "killed", {"seed": 7}).close()
    write(tmp_path / "uninterrupted")
    chance = random.Random()
    done: list[str] = []
    for attempt in range(3):
        kill_after, delay = chance.randint(1, 5), chance.uniform(0, 0.02)
        done += write(tmp_path / "killed", kill_after, delay)
        last = check_consistent(tmp_path / "killed")
        why = f"attempt {attempt}: killed {delay:.4f} s after step {kill_after}"
        assert last is not None and last >= tuple(map(int, done[-1].split())), why
    write(tmp_path / "killed")
    assert check_consistent(tmp_path / "killed") == (3, 29)
    stores = [RunStore.read_only(tmp_path / name) for name in ("uninterrupted", "killed")]
    for read in (lambda store: store.warriors()["source"].tolist(), lambda store: store.archive(3)):
        first, second = (read(store) for store in stores)
        assert (first == second) if isinstance(first, list) else first.equals(second)
    for store in stores:
        store.close()
