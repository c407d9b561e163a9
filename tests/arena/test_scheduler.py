"""The arena's door to battles: settings, deduplication, checks before playing, progress."""

from __future__ import annotations

import dataclasses

import pytest

import warriors
from arena import Arena, ArenaConfig, play
from mars import ConfigError, MarsConfig
from tests.arena.conftest import TINY, tiny


def test_config_resolves_and_checks():
    config = ArenaConfig(mars=MarsConfig(coresize=800, maxlength=20))
    assert config.mars.mindistance == 20 and config.mars.pspacesize == 50
    for rounds in (0, 40000):
        with pytest.raises(ConfigError, match="rounds"):
            ArenaConfig(rounds=rounds)


def test_results_come_back_in_order_and_repeats_play_once(tiny_arena, counting, tiny_set):
    matches = [tiny_arena.config.match(pair)[0] for pair in [tiny_set[:2], tiny_set[2:4]]]
    results = tiny_arena.play([matches[0], matches[1], matches[0]])
    assert counting.played == 2
    assert results == [play(matches[0]), play(matches[1]), play(matches[0])]


def test_unfit_warriors_are_refused_before_playing(tiny_arena, counting, tiny_set):
    standard = warriors.load("dwarf")  # assembled for 8000 cells
    match = tiny_arena.config.match([tiny_set[0], tiny_set[1]])[0]
    bad = dataclasses.replace(match, warriors=(tiny_set[0], standard))
    with pytest.raises(ConfigError, match="dwarf.red: assembled for coresize 8000"):
        tiny_arena.play([match, bad])
    assert counting.played == 0


def test_progress_bar_on_standard_error(capsys, tiny_set):
    with Arena(ArenaConfig(mars=TINY, rounds=2), show_progress=True) as arena:
        arena.play([arena.config.match(tiny_set[:2])[0]], "checking")
    assert "checking" in capsys.readouterr().err
    with Arena(ArenaConfig(mars=TINY, rounds=2)) as arena:
        arena.play([arena.config.match([tiny("dat 0, 0", "a"), tiny("jmp 0", "b")])[0]])
    assert capsys.readouterr().err == ""
