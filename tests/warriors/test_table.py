"""``redqueen warriors``: the library listed, and played as a round robin (``--table``).

The round robin itself is the arena's (tests/arena/test_tournament.py).
"""

from __future__ import annotations

import contextlib
import io

import warriors
from arena import Arena, ArenaConfig, round_robin, to_markdown
from redqueen.cli import main


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def test_cli_lists_and_tables():
    listing = run("warriors", "--family", "paper").splitlines()
    assert [line.split()[0] for line in listing] == warriors.names(family="paper")
    table = run("warriors", "--settings", "tiny", "--table", "-r", "4", "--seed", "2")
    assert len(table.splitlines()) == 2 + len(warriors.names("tiny"))
    config = ArenaConfig(mars=warriors.SETTINGS["tiny"], rounds=4, seed=2, behaviour=False)
    standings = round_robin(warriors.load_all("tiny"), arena=Arena(config)).standings
    assert table == to_markdown(standings) + "\n"
