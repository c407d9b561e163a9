"""Round robins and melees: the tables' arithmetic, symmetry and reproducibility."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from arena import Arena, ArenaConfig, InputError, melee, round_robin, to_markdown
from tests.arena.conftest import TINY


def test_round_robin_standings_are_hill_scored(tiny_arena, tiny_set):
    result = round_robin(tiny_set, arena=tiny_arena)
    frame = result.standings
    assert list(frame["rank"]) == list(range(1, len(tiny_set) + 1))
    assert sorted(frame["name"]) == sorted(w.name for w in tiny_set)
    fought = 10 * (len(tiny_set) - 1)
    assert ((frame["wins"] + frame["losses"] + frame["ties"]) == fought).all()
    assert frame["wins"].sum() == frame["losses"].sum()
    expected = ((3 * frame["wins"] + frame["ties"]) * 100 / fought).round(1)
    assert (frame["score"] == expected).all()
    assert frame["score"].is_monotonic_decreasing
    again = round_robin(tiny_set, arena=Arena(tiny_arena.config))
    pd.testing.assert_frame_equal(frame, again.standings)


def test_pairings_show_both_sides(tiny_arena, tiny_set):
    pairings = round_robin(tiny_set, arena=tiny_arena).pairings
    n = len(tiny_set)
    assert len(pairings) == n * (n - 1)
    mine = pairings.set_index(["warrior", "opponent"])
    theirs = pairings.set_index(["opponent", "warrior"]).loc[mine.index]
    assert (mine["wins"].values == theirs["losses"].values).all()
    assert (mine["ties"].values == theirs["ties"].values).all()
    assert (mine["seed"].values == theirs["seed"].values).all()
    assert (pairings["score"] == (3 * pairings["wins"] + pairings["ties"]) * 10).all()
    for column in ("coverage", "written", "spawned", "peak_processes", "death_cycle"):
        assert column in pairings
    # A warrior that never died has no death cycle.
    never = pairings["losses"] == 0
    assert pairings.loc[never, "death_cycle"].isna().all()
    assert pairings.loc[~never, "death_cycle"].notna().all()


def test_a_pair_is_the_same_match_in_any_tournament(tiny_arena, tiny_set):
    """Order and company do not change a pairing: results depend on the pair and the seed."""
    whole = round_robin(tiny_set, arena=tiny_arena).pairings
    part = round_robin([tiny_set[5], tiny_set[2]], arena=tiny_arena).pairings
    first = whole[(whole["warrior"] == 5) & (whole["opponent"] == 2)].iloc[0]
    second = part[part["warrior"] == 0].iloc[0]
    for column in ("wins", "losses", "ties", "seed", "coverage"):
        assert first[column] == second[column]


def test_against_opponents_ranks_the_warriors_only(tiny_arena, tiny_set):
    result = round_robin(tiny_set[:2], opponents=tiny_set[2:], arena=tiny_arena)
    assert len(result.pairings) == 2 * (len(tiny_set) - 2)
    assert list(result.standings["warrior"].sort_values()) == [0, 1]
    assert set(result.pairings["opponent"]) == set(range(len(tiny_set) - 2))


def test_too_few_warriors(tiny_set):
    with pytest.raises(InputError, match="at least 2 warriors, got 1"):
        round_robin(tiny_set[:1])
    with pytest.raises(InputError, match="needs warriors and opponents"):
        round_robin(tiny_set[:1], opponents=[])


def test_melee_plays_every_combination(tiny_arena, counting, tiny_set):
    result = melee(tiny_set[:5], 3, arena=tiny_arena)
    assert counting.played == math.comb(5, 3)
    pairings = result.pairings
    assert len(pairings) == 3 * math.comb(5, 3)
    per_melee = pairings.groupby("melee")
    # Rounds each warrior survived alone, shared, or died in add up; one lone survivor at most.
    assert ((pairings["wins"] + pairings["ties"] + pairings["losses"]) == 10).all()
    assert (per_melee["wins"].sum() <= 10).all()
    # Shares of a melee add up to N times the fraction of cycles anyone was alive.
    assert (per_melee["share"].sum() <= 3 + 1e-9).all()
    assert (pairings["score"] == pairings["points"] * 100 / pairings["rounds"]).all()
    standings = result.standings.set_index("warrior")
    for index in range(5):
        mine = pairings[pairings["warrior"] == index]
        assert standings.loc[index, "wins"] == mine["wins"].sum()
        assert standings.loc[index, "score"] == round(mine["points"].sum() * 100 / 60, 1)
        assert standings.loc[index, "share"] == round(mine["share"].mean(), 3)
    assert to_markdown(result.standings).splitlines()[0] == (
        "| rank | name | score | share | wins | losses | ties |"
    )


def test_melee_sample_is_reproducible(tiny_set):
    config = ArenaConfig(mars=TINY, rounds=2, seed=8)
    first = melee(tiny_set, 4, sample=5, arena=Arena(config)).pairings
    second = melee(tiny_set, 4, sample=5, arena=Arena(config)).pairings
    pd.testing.assert_frame_equal(first, second)
    assert first["melee"].nunique() == 5
    with pytest.raises(InputError, match="a melee of 9"):
        melee(tiny_set, 9)


def test_to_markdown(tiny_set):
    frame = round_robin(tiny_set[:3], arena=Arena(ArenaConfig(mars=TINY, rounds=4))).standings
    lines = to_markdown(frame).splitlines()
    assert lines[0] == "| rank | name | score | wins | losses | ties |"
    assert len(lines) == 5 and lines[2].startswith("| 1 | ")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_write_pairings(tmp_path, tiny_set, suffix):
    result = round_robin(tiny_set[:3], arena=Arena(ArenaConfig(mars=TINY, rounds=4)))
    path = tmp_path / f"pairings{suffix}"
    result.write_pairings(path)
    read = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    assert list(read.columns) == list(result.pairings.columns)
    assert (read["wins"].values == result.pairings["wins"].values).all()
    with pytest.raises(InputError, match="must end in .csv or .parquet"):
        result.write_pairings(tmp_path / "pairings.txt")
