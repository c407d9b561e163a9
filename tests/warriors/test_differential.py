"""The library against pMARS: assembly listings, and ``redqueen mars`` battles.

A seeded sample of pairs, a few melees, and the small sets (tiny, nano) under
their own settings; every battle is seeded with ``-f`` or ``-F`` so both
programs place the warriors alike.
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
SMALL_SETS = ("tiny", "nano")


def files(settings: str) -> list[str]:
    return [str(warriors.entry(key).path) for key in warriors.names(settings)]


def pmars_settings(settings: str) -> list[str]:
    """The pMARS switches for one of the library's settings."""
    config = warriors.SETTINGS[settings]
    return [
        *("-s", str(config.coresize), "-c", str(config.cycles), "-p", str(config.processes)),
        *("-l", str(config.maxlength), "-d", str(config.mindistance)),
    ]


# The sample, and every P-space switcher against a stone, whose results make it switch.
PAIRS = RNG.sample(list(itertools.combinations(STANDARD, 2)), 24) + [
    (str(warriors.entry(key).path), str(warriors.entry("quintet").path))
    for key in warriors.names(family="pspace")
]
MELEES = [RNG.sample(STANDARD, size) for size in (3, 4, 6)]


def name(files: list[str]) -> str:
    return "-".join(file.rsplit("/", 1)[-1].removesuffix(".red") for file in files)


@pytest.mark.parametrize(
    ("settings", "key"),
    [(settings, key) for settings in SMALL_SETS for key in warriors.names(settings)],
)
def test_small_set_listing(pmars_path, tmp_path, settings, key):
    """The standard set's listings are checked in tests/mars/test_assembler.py."""
    text = warriors.entry(key).path.read_bytes()
    config = warriors.SETTINGS[settings]
    assert check_same_as_pmars(pmars_path, tmp_path, text, tuple(pmars_settings(settings)), config)


@pytest.mark.parametrize("files", [list(pair) for pair in PAIRS], ids=name)
def test_pair(pmars, redqueen_mars, files):
    assert_same(pmars, redqueen_mars, ["-b", "-r", "30", "-f", *files])


@pytest.mark.parametrize("files", MELEES, ids=name)
def test_melee(pmars, redqueen_mars, files):
    assert_same(pmars, redqueen_mars, ["-b", "-r", "6", "-f", *files])


@pytest.mark.parametrize("settings", SMALL_SETS)
def test_small_set_round_robin(pmars, redqueen_mars, settings):
    switches = pmars_settings(settings)
    for pair in itertools.combinations(files(settings), 2):
        assert_same(pmars, redqueen_mars, ["-b", "-r", "10", "-f", *switches, *pair])


@pytest.mark.parametrize("settings", SMALL_SETS)
def test_small_set_melee(pmars, redqueen_mars, settings):
    position = str(warriors.SETTINGS[settings].coresize // 2)
    assert_same(
        pmars,
        redqueen_mars,
        ["-b", "-r", "10", "-F", position, *pmars_settings(settings), *files(settings)],
    )
