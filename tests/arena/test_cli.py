"""``redqueen tournament`` and ``redqueen bench``: output, files written, bad input."""

from __future__ import annotations

import contextlib
import io
import shutil

import pandas as pd
import pytest

import warriors
from arena import Arena, ArenaConfig, benchmark, load_suite, melee, round_robin, to_markdown
from mars import RedcodeError, assemble_file
from redqueen.cli import main
from tests.conftest import Run

TINY = warriors.SETTINGS["tiny"]


def redqueen(*args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def folder(tmp_path):
    """Four tiny warriors and one that does not assemble."""
    folder = tmp_path / "hill"
    folder.mkdir()
    for key in warriors.names("tiny")[:4]:
        shutil.copy(warriors.entry(key).path, folder)
    (folder / "broken.red").write_text(";name Broken\nmov 0, 1\nspl @\n")
    return folder


def broken_message(folder) -> str:
    """What the assembler says about broken.red: ``path:3: message``."""
    with pytest.raises(RedcodeError) as error:
        assemble_file(folder / "broken.red", TINY)
    assert str(error.value).startswith(f"{folder / 'broken.red'}:3: ")
    return str(error.value)


def tiny_options(*extra: str) -> list[str]:
    return ["--settings", "tiny", "-r", "6", "--seed", "5", "--no-cache", *extra]


def test_tournament_prints_standings_and_writes_pairings(folder, tmp_path):
    csv, parquet = tmp_path / "p.csv", tmp_path / "p.parquet"
    done = redqueen("tournament", str(folder), *tiny_options("--out", str(csv)))
    assert done.code == 0
    assert done.err == f"{broken_message(folder)} (skipped)\n"
    fighters = [warriors.load(key) for key in warriors.names("tiny")[:4]]
    expected = round_robin(fighters, arena=Arena(ArenaConfig(mars=TINY, rounds=6, seed=5)))
    assert done.out == to_markdown(expected.standings) + "\n"
    written = pd.read_csv(csv)
    assert list(written["wins"]) == list(expected.pairings["wins"])
    assert redqueen("tournament", str(folder), *tiny_options("--out", str(parquet))).code == 0
    assert list(pd.read_parquet(parquet)["ties"]) == list(expected.pairings["ties"])


def test_tournament_of_melees(folder):
    done = redqueen("tournament", str(folder), "--melee", "3", *tiny_options())
    assert done.code == 0
    fighters = [warriors.load(key) for key in warriors.names("tiny")[:4]]
    expected = melee(fighters, 3, arena=Arena(ArenaConfig(mars=TINY, rounds=6, seed=5)))
    assert done.out == to_markdown(expected.standings) + "\n"
    assert done.out.startswith("| rank | name | score | share |")


def test_too_many_melees_need_a_sample():
    everything = [str(warriors.entry(key).path) for key in warriors.names("standard")]
    done = redqueen("tournament", *everything, "--melee", "5", "--no-cache")
    assert (done.code, done.out) == (2, "")
    assert "749398 melees of 5 among 41 warriors; give --sample K" in done.err
    done = redqueen("tournament", *everything, "--melee", "5", "--sample", "2", "-r", "1")
    assert done.code == 0
    assert len(done.out.splitlines()) == 2 + 41  # everyone has a row, played or not


def test_strict_stops_at_the_bad_warrior(folder):
    done = redqueen("tournament", str(folder), "--strict", *tiny_options())
    assert done.code == 3
    assert done.err == f"{broken_message(folder)}\n"
    assert done.out == ""


def test_missing_file_and_empty_set(folder, tmp_path):
    missing = tmp_path / "nowhere.red"
    done = redqueen("tournament", str(folder), str(missing), *tiny_options())
    assert (done.code, done.out) == (2, "")
    assert done.err == f"redqueen tournament: {missing}: no such file or directory\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    done = redqueen("tournament", str(empty), *tiny_options())
    assert done.code == 2 and f"{empty}: no .red files" in done.err
    done = redqueen("tournament", str(folder / "broken.red"), *tiny_options())
    assert done.code == 2 and "none of the 1 warrior files assembled" in done.err
    done = redqueen("tournament", str(folder / "broken.red"), *tiny_options("--out", "x.txt"))
    assert done.code == 2
    done = redqueen("bench", str(missing), "--suite", "tiny", "--no-cache")
    assert done.code == 2 and str(missing) in done.err


def test_one_warrior_is_not_a_tournament(folder):
    done = redqueen(
        "tournament", str(folder / "broken.red"), str(next(folder.glob("c*.red"))), *tiny_options()
    )
    assert done.code == 2 and "at least 2 warriors, got 1" in done.err


def test_bench_prints_score_generality_and_table(folder):
    target = next(folder.glob("c*.red"))
    done = redqueen("bench", str(target), "--suite", "tiny", "-r", "6", "--no-cache")
    assert done.code == 0, done.err
    suite = load_suite("tiny")
    warrior = warriors.load(target.stem)
    expected = benchmark(warrior, suite, arena=Arena(ArenaConfig(mars=TINY, rounds=6)))
    count = len(suite.warriors) - 1
    lines = done.out.splitlines()
    assert (
        lines[0] == f"{warrior.name}: score {expected.score:.1f} against {count} warriors of tiny"
    )
    held = round(expected.generality * count)
    assert lines[1] == f"generality {expected.generality:.3f} ({held} of {count} defeated or tied)"
    assert "\n".join(lines[2:]) == to_markdown(expected.table)


def test_bench_against_a_directory(folder):
    target = next(folder.glob("c*.red"))
    done = redqueen("bench", str(target), "--suite", str(folder), "--settings", "tiny", "-r", "4")
    assert done.code == 0
    assert done.err == f"{broken_message(folder)} (skipped)\n"
    assert f"against 3 warriors of {folder}" in done.out
    done = redqueen("bench", str(target), "--suite", "nonsense")
    assert done.code == 2 and "nonsense: no such suite" in done.err
