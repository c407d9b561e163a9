"""A warrior against a suite: score, generality, and where suites come from."""

from __future__ import annotations

import pytest

import warriors
from arena import Arena, ArenaConfig, InputError, Suite, benchmark, load_suite, round_robin
from tests.arena.conftest import TINY, tiny


def test_score_and_generality_follow_the_table(tiny_arena, tiny_set):
    result = benchmark(tiny_set[0], tiny_set, arena=tiny_arena)
    table = result.table
    assert list(table["opponent"]) == list(range(1, len(tiny_set)))  # not itself
    assert list(table["name"]) == [w.name for w in tiny_set[1:]]
    assert result.score == pytest.approx(table["score"].mean())
    held = sum(wins >= losses for wins, losses in zip(table["wins"], table["losses"], strict=True))
    assert result.generality == held / len(table)
    # The same pairings as a round robin of the whole set.
    whole = round_robin(tiny_set, arena=Arena(tiny_arena.config)).pairings
    mine = whole[whole["warrior"] == 0]
    assert list(mine["wins"]) == list(table["wins"])


def test_generality_counts_wins_and_ties():
    imp = tiny("mov 0, 1", "imp")
    suicide, sitter = tiny("dat 0, 0", "suicide"), tiny("jmp 0", "sitter")
    result = benchmark(imp, Suite("mixed", TINY, (suicide, sitter)))
    # The imp kills the suicide every round and ties with the sitter it cannot kill.
    assert list(result.table["wins"]) == [100, 0]
    assert list(result.table["ties"]) == [0, 100]
    assert result.generality == 1.0
    assert result.score == (300 + 100) / 2


def test_suite_of_only_itself(tiny_set):
    with pytest.raises(InputError, match="no opponent other than the warrior itself"):
        benchmark(tiny_set[0], [tiny_set[0]])


def test_suites_by_name_family_and_directory(tmp_path):
    standard = load_suite()
    assert (standard.name, standard.config) == ("standard", warriors.SETTINGS["standard"])
    assert len(standard.warriors) == len(warriors.names("standard"))
    small = load_suite("tiny")
    assert small.config == TINY and len(small.warriors) == len(warriors.names("tiny"))
    papers = load_suite("paper")
    assert [w.name for w in papers.warriors] == [w.name for w in warriors.by_family("paper")]
    (tmp_path / "a.red").write_text(";name A\nmov 0, 1\n")
    (tmp_path / "b.red").write_text(";name B\nbogus 1\n")
    mine = load_suite(tmp_path, TINY)
    assert [w.name for w in mine.warriors] == ["A"] and mine.config == TINY
    assert "b.red" in str(mine.skipped[0])
    with pytest.raises(InputError, match="no such suite"):
        load_suite("nonsense")


def test_benchmark_uses_the_arena_config(tiny_set):
    config = ArenaConfig(mars=TINY, rounds=6, seed=2)
    result = benchmark(tiny_set[1], tiny_set, arena=Arena(config))
    assert (result.table["rounds"] == 6).all()
