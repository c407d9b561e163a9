"""The library's files, headers, index and loader."""

from __future__ import annotations

import pytest

import warriors
from mars import run_battle

KEYS = warriors.names(settings=None)


def test_library_size():
    standard = warriors.index().query("settings == 'standard'")
    assert len(standard) >= 40
    assert set(standard["family"]) == set(warriors.families())
    assert standard.groupby("family").size().min() >= 3
    assert len(warriors.names("tiny")) >= 6
    assert len(warriors.names("nano")) >= 3


def test_keys_are_unique():
    files = sorted(warriors.ROOT.rglob("*.red"))
    assert len(files) == len(KEYS) == len({path.stem for path in files})


@pytest.mark.parametrize("key", KEYS)
def test_headers(key):
    entry = warriors.entry(key)
    text = entry.path.read_text()
    assert text.startswith(";redcode-94\n")
    assert entry.name and entry.author == "redqueen" and entry.strategy
    assert entry.family in warriors.families()
    assert all(part in warriors.families() for part in entry.parts)
    assert bool(entry.parts) == (entry.family == "hybrid")
    assert ";assert " in text


@pytest.mark.parametrize("key", KEYS)
def test_assembles_and_survives_alone(key):
    """Each warrior assembles for its settings and does not kill itself."""
    warrior = warriors.load(key)
    config = warriors.config(key)
    assert warrior.name == warriors.entry(key).name
    assert 0 < len(warrior) <= config.maxlength
    result = run_battle([warrior], config, rounds=2, seed=1)
    assert result.records["survived"].all()


def behaviour(key: str):
    return run_battle([warriors.load(key)], warriors.config(key), rounds=2, seed=3).to_dataframe()


@pytest.mark.parametrize("key", warriors.names(family="paper") + ["confetti"])
def test_papers_replicate(key):
    frame = behaviour(key)
    assert (frame["peak_processes"] >= 8).all()
    # A copy runs its code where it lands: the paper executes a good share of the core.
    assert (frame["coverage"] > warriors.config(key).coresize // 8).all()


@pytest.mark.parametrize("key", sorted(set(warriors.names(family="imp")) - {"imp_pump"}) + ["mite"])
def test_imps_cover_the_core(key):
    assert (behaviour(key)["coverage"] == warriors.config(key).coresize).all()


def test_pump_launches_a_train():
    frame = behaviour("imp_pump")
    assert (frame["peak_processes"] == 65).all()
    assert (frame["coverage"] > 1000).all()


@pytest.mark.parametrize("key", warriors.names(family="clear"))
def test_clears_write_the_whole_core(key):
    assert (behaviour(key)["written"] >= 7900).all()


def test_index_columns():
    frame = warriors.index()
    assert list(frame.columns) == [
        "key",
        "name",
        "author",
        "family",
        "parts",
        "settings",
        "path",
        "strategy",
    ]
    assert sorted(frame["key"]) == list(frame["key"])


def test_loader():
    assert warriors.load("dwarf").name == "Dwarf"
    assert warriors.load("pip").coresize == 800
    stones = warriors.by_family("stone")
    assert {w.name for w in stones} >= {"Dwarf", "Quintet"}
    assert [w.name for w in warriors.load_all("tiny")] == [
        warriors.entry(key).name for key in warriors.names("tiny")
    ]
    assert warriors.names(family="imp") == [
        "heptagon",
        "imp",
        "imp_pump",
        "imp_ring",
        "triple_spiral",
    ]


def test_loader_errors():
    with pytest.raises(KeyError, match="no warrior 'nobody'"):
        warriors.load("nobody")
    with pytest.raises(ValueError, match="unknown family"):
        warriors.by_family("bomber")
    with pytest.raises(ValueError, match="unknown settings"):
        warriors.load_all("huge")
