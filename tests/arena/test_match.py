"""Matches: seats and seeds from content, cache keys, records, and pMARS's results."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

import warriors
from arena import Arena, ArenaConfig, MatchResult, arrange, play, round_robin
from mars import MarsConfig, assemble
from tests.arena.conftest import TINY, tiny

IMP = tiny("mov 0, 1", "imp")
STONE = tiny("add #4, 3\nmov 2, @2\njmp -2\ndat 0, 0", "stone")
PAPER = tiny("spl 1\nmov -1, 0\nmov }-1, >-1\njmp -1", "paper")


def test_seats_and_seed_do_not_depend_on_the_order_given():
    forward, seats = arrange([IMP, STONE], TINY, rounds=5, seed=9)
    backward, reversed_seats = arrange([STONE, IMP], TINY, rounds=5, seed=9)
    assert forward == backward
    assert [forward.warriors[s] for s in seats] == [IMP, STONE]
    assert [backward.warriors[s] for s in reversed_seats] == [STONE, IMP]
    assert forward.seed != arrange([IMP, STONE], TINY, rounds=5, seed=10)[0].seed
    assert forward.seed != arrange([IMP, PAPER], TINY, rounds=5, seed=9)[0].seed


def test_a_renamed_warrior_is_the_same_match():
    renamed = tiny("mov 0, 1", "another name")
    assert arrange([IMP, STONE], TINY, rounds=5, seed=9)[0].key() == (
        arrange([renamed, STONE], TINY, rounds=5, seed=9)[0].key()
    )


def test_key_changes_with_everything_that_decides_the_result():
    match, _ = arrange([IMP, STONE], TINY, rounds=5, seed=9)
    variants = [
        dataclasses.replace(match, rounds=6),
        dataclasses.replace(match, seed=match.seed + 1),
        dataclasses.replace(match, config=dataclasses.replace(TINY, cycles=7000)),
        dataclasses.replace(match, config=dataclasses.replace(TINY, processes=100)),
        dataclasses.replace(match, warriors=(match.warriors[0], PAPER)),
        dataclasses.replace(match, behaviour=False),
        dataclasses.replace(match, run_to_end=True),
    ]
    keys = {match.key(), *(variant.key() for variant in variants)}
    assert len(keys) == 1 + len(variants)


def test_record_survives_json():
    match, _ = arrange([IMP, STONE, PAPER], TINY, rounds=3, seed=1, run_to_end=True)
    result = play(match)
    assert MatchResult.from_json(result.to_json()) == result
    assert all(outcome.share is not None for outcome in result.outcomes)
    quick = play(dataclasses.replace(match, behaviour=False, run_to_end=False))
    assert all(outcome.coverage is None and outcome.share is None for outcome in quick.outcomes)
    assert [(o.wins, o.losses, o.ties) for o in quick.outcomes] == [
        (o.wins, o.losses, o.ties) for o in result.outcomes
    ]


def koth_lines(run, match) -> list[list[int]]:
    """``-b -k`` output of pMARS or ``redqueen mars`` for the match, one list per seat."""
    files = [warrior.filename for warrior in match.warriors]
    done = run(["-b", "-k", *match.pmars_arguments(), *files])
    assert done.code == 0, done.err
    return [list(map(int, line.split())) for line in done.out.splitlines()]


def as_koth(result: MatchResult) -> list[list[int]]:
    """What ``-k`` prints: "wins ties" for a duel (pMARS's KotH form)."""
    return [[outcome.wins, outcome.ties] for outcome in result.outcomes]


LIBRARY = ["imp", "dwarf", "papier", "quintet", "sniper", "mule"]


@pytest.mark.differential
def test_tournament_is_the_sum_of_redqueen_mars_battles(redqueen_mars):
    fighters = [warriors.load(key) for key in LIBRARY]
    arena = Arena(ArenaConfig(rounds=20, seed=11))
    standings = round_robin(fighters, arena=arena).standings.set_index("warrior")
    totals = {i: [0, 0, 0] for i in range(len(fighters))}  # wins, losses, ties
    for pair in itertools.combinations(range(len(fighters)), 2):
        match, seats = arena.config.match([fighters[i] for i in pair])
        lines = koth_lines(redqueen_mars, match)
        for index, seat in zip(pair, seats, strict=True):
            wins, ties = lines[seat]
            totals[index][0] += wins
            totals[index][1] += match.rounds - wins - ties
            totals[index][2] += ties
    for index, (wins, losses, ties) in totals.items():
        row = standings.loc[index]
        assert (row["wins"], row["losses"], row["ties"]) == (wins, losses, ties), LIBRARY[index]


@pytest.mark.differential
def test_matches_are_pmars_battles(pmars):
    config = ArenaConfig(rounds=15, seed=4)
    for pair in [("dwarf", "papier"), ("sniper", "mule"), ("imp", "quintet")]:
        match, _ = config.match([warriors.load(key) for key in pair])
        assert koth_lines(pmars, match) == as_koth(play(match)), pair


@pytest.mark.differential
def test_melees_are_pmars_battles(pmars):
    """``-k`` for more than two warriors: score, rounds survived with 1..W alive, deaths."""
    config = ArenaConfig(rounds=8, seed=2)
    for keys in [LIBRARY[:3], LIBRARY[2:6]]:
        match, _ = config.match([warriors.load(key) for key in keys], run_to_end=True)
        lines = koth_lines(pmars, match)
        for line, outcome in zip(lines, play(match).outcomes, strict=True):
            points, alone, *shared, deaths = line
            assert (outcome.points, outcome.wins) == (points, alone)
            assert (outcome.ties, outcome.losses) == (sum(shared), deaths)


def test_small_settings_reach_pmars_options():
    config = MarsConfig(coresize=80, cycles=800, processes=80, maxlength=5, mindistance=5)
    imp = assemble("mov 0, 1", config)
    match, _ = arrange([imp, imp], config, rounds=2, seed=1)
    options = dict(zip(match.pmars_arguments()[::2], match.pmars_arguments()[1::2], strict=True))
    assert options == {
        "-r": "2",
        "-s": "80",
        "-c": "800",
        "-p": "80",
        "-l": "5",
        "-d": "5",
        "-S": "5",
        "-F": str(match.seed + 5),
    }
