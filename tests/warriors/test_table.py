"""Round-robin standings and the ``redqueen warriors`` command."""

from __future__ import annotations

import contextlib
import io

import warriors
from redqueen.cli import main
from warriors.table import round_robin, to_markdown

TINY = warriors.SETTINGS["tiny"]


def test_round_robin_scores():
    fighters = warriors.load_all("tiny")
    frame = round_robin(fighters, TINY, rounds=10, seed=5, threads=2)
    assert list(frame["rank"]) == list(range(1, len(fighters) + 1))
    assert sorted(frame["name"]) == sorted(w.name for w in fighters)
    fought = 10 * (len(fighters) - 1)
    assert ((frame["wins"] + frame["losses"] + frame["ties"]) == fought).all()
    assert frame["wins"].sum() == frame["losses"].sum()
    expected = ((3 * frame["wins"] + frame["ties"]) * 100 / fought).round(1)
    assert (frame["score"] == expected).all()
    assert frame["score"].is_monotonic_decreasing
    assert frame.equals(round_robin(fighters, TINY, rounds=10, seed=5, threads=1))


def test_to_markdown():
    frame = round_robin(warriors.load_all("tiny")[:3], TINY, rounds=4)
    lines = to_markdown(frame).splitlines()
    assert lines[0] == "| rank | name | score | wins | losses | ties |"
    assert len(lines) == 5 and lines[2].startswith("| 1 | ")


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def test_cli_lists_and_tables():
    listing = run("warriors", "--family", "paper").splitlines()
    assert [line.split()[0] for line in listing] == warriors.names(family="paper")
    table = run("warriors", "--settings", "tiny", "--table", "-r", "4").splitlines()
    assert len(table) == 2 + len(warriors.names("tiny"))
