"""The library against pMARS: assembly listings, and ``redqueen mars`` battles.

A seeded sample of pairs, a few melees, and the tiny set under its own
settings; every battle is seeded with ``-f`` or ``-F`` so both programs place
the warriors alike.
"""

from __future__ import annotations

import itertools
import random

import pytest

import warriors
from tests.mars.test_assembler import check_same_as_pmars
from tests.mars.test_differential import assert_same

pytestmark = pytest.mark.differential

RNG = random.Random(94)
STANDARD = [str(warriors.entry(key).path) for key in warriors.names("standard")]
TINY = [str(warriors.entry(key).path) for key in warriors.names("tiny")]
TINY_SETTINGS = ["-s", "800", "-c", "8000", "-p", "800", "-l", "20", "-d", "20"]

# The sample, and every P-space switcher against a stone, whose results make it switch.
PAIRS = RNG.sample(list(itertools.combinations(STANDARD, 2)), 24) + [
    (str(warriors.entry(key).path), str(warriors.entry("quintet").path))
    for key in warriors.names(family="pspace")
]
MELEES = [RNG.sample(STANDARD, size) for size in (3, 4, 6)]


def name(files: list[str]) -> str:
    return "-".join(file.rsplit("/", 1)[-1].removesuffix(".red") for file in files)


@pytest.mark.parametrize("key", warriors.names("tiny"))
def test_tiny_listing(pmars_path, tmp_path, key):
    """The standard set's listings are checked in tests/mars/test_assembler.py."""
    text = warriors.entry(key).path.read_bytes()
    config = warriors.SETTINGS["tiny"]
    assert check_same_as_pmars(pmars_path, tmp_path, text, tuple(TINY_SETTINGS), config)


@pytest.mark.parametrize("files", [list(pair) for pair in PAIRS], ids=name)
def test_pair(pmars, redqueen_mars, files):
    assert_same(pmars, redqueen_mars, ["-b", "-r", "30", "-f", *files])


@pytest.mark.parametrize("files", MELEES, ids=name)
def test_melee(pmars, redqueen_mars, files):
    assert_same(pmars, redqueen_mars, ["-b", "-r", "6", "-f", *files])


def test_tiny_round_robin(pmars, redqueen_mars):
    for pair in itertools.combinations(TINY, 2):
        assert_same(pmars, redqueen_mars, ["-b", "-r", "10", "-f", *TINY_SETTINGS, *pair])


def test_tiny_melee(pmars, redqueen_mars):
    assert_same(pmars, redqueen_mars, ["-b", "-r", "10", "-F", "300", *TINY_SETTINGS, *TINY])
