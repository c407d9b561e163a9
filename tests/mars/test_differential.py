"""``redqueen mars`` against the reference pMARS 0.9.2, output for output.

Every case writes seeded random warriors (``redcode_gen``), runs both programs
with the same arguments and requires identical standard output and exit code.
pMARS seeds its placement RNG from ``time(0)`` unless given ``-f`` or ``-F``, so
every battle here uses one of the two.  The smoke cases come first.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.mars.redcode_gen import ARCHETYPES, generate_warrior

pytestmark = pytest.mark.differential

ROOT = Path(__file__).resolve().parents[2]
IMP = str(ROOT / "warriors" / "imp" / "imp.red")
DWARF = str(ROOT / "warriors" / "stone" / "dwarf.red")


def assert_same(pmars, redqueen_mars, args: list[str], files: Sequence[Path] = ()) -> None:
    """Same stdout and exit code; pMARS must succeed, so that a case cannot pass vacuously."""
    expected = pmars(args)
    sources = "".join(f"\n--- {path}\n{path.read_text()}" for path in files)
    command = f"pmars {' '.join(args)}"
    assert expected.code == 0, f"{command}\npMARS failed: {expected.err}{sources}"
    actual = redqueen_mars(args)
    assert (actual.code, actual.out) == (0, expected.out), f"{command}\n{actual.err}{sources}"


@pytest.mark.parametrize(
    "args",
    [
        ["-r", "0", IMP, DWARF],
        ["-r", "10", "-f", IMP, DWARF],
        ["-b", "-r", "10", "-F", "4000", DWARF, IMP],
        ["-bk", "-r", "7", "-f", IMP, DWARF],
        ["-b", "-o", "-r", "9", "-f", IMP, DWARF, DWARF],
        ["-r", "3", "-f", DWARF],
    ],
    ids=["listing", "battle", "fixed", "koth", "melee-sorted", "alone"],
)
def test_smoke(pmars, redqueen_mars, args):
    assert_same(pmars, redqueen_mars, args)


def test_full_process_rings(pmars, redqueen_mars, tmp_path):
    """Warriors that reach the VM's 65,536 processes, so each process ring wraps when full."""
    splitter = tmp_path / "splitter.red"
    # one process more every other turn, and no writes: both warriors fill their rings
    splitter.write_text(";name Splitter\nspl 0\njmp -1\n")
    args = ["-r", "2", "-p", "65536", "-c", "200000", "-f", str(splitter), str(splitter)]
    assert_same(pmars, redqueen_mars, args, [splitter])


@dataclass(frozen=True)
class Scenario:
    """A family of random battles: how to pick the settings and the warriors."""

    name: str
    battles: int
    warriors: tuple[int, int] = (2, 2)
    coresizes: tuple[int, ...] = (8000,)
    rounds: tuple[int, int] = (4, 10)
    seeding: str = "f"  # "f" (-f), "F" (-F position) or "either"
    archetypes: tuple[str, ...] = tuple(sorted(ARCHETYPES))
    extra: Callable[[random.Random, int], list[str]] = field(default=lambda rng, coresize: [])
    brief: bool = True


def _choice(*values: list[str]) -> Callable[[random.Random, int], list[str]]:
    return lambda rng, coresize: list(rng.choice(values))


SCENARIOS = [
    Scenario("duel", 150, rounds=(4, 20)),
    Scenario("listed", 30, brief=False),
    Scenario("fixed", 80, seeding="F"),
    Scenario("long", 15, rounds=(50, 100), archetypes=("bomber", "scanner", "paper", "spl")),
    Scenario("koth", 40, warriors=(2, 5), extra=_choice(["-k"], ["-k", "-o"])),
    Scenario("sorted", 40, warriors=(2, 5), extra=_choice(["-o"]), seeding="either"),
    Scenario(
        "small-core",
        100,
        warriors=(1, 4),
        coresizes=(80, 97, 200, 256, 555, 800),
        rounds=(4, 20),
        seeding="either",
    ),
    Scenario(
        "large-core",
        30,
        coresizes=(55440, 65000, 65535, 65536),
        rounds=(2, 5),
        extra=_choice(["-c", "20000"], ["-c", "100000"]),
        seeding="either",
    ),
    Scenario(
        "ties",
        50,
        warriors=(2, 3),
        rounds=(5, 20),
        extra=_choice(["-c", "1"], ["-c", "2"], ["-c", "17"], ["-c", "300"]),
    ),
    Scenario(
        "processes",
        60,
        warriors=(2, 3),
        archetypes=("spl", "paper", "imp", "soup"),
        extra=_choice(["-p", "1"], ["-p", "2"], ["-p", "3"], ["-p", "16"], ["-p", "64"]),
    ),
    Scenario(
        "pspace",
        80,
        warriors=(2, 4),
        rounds=(10, 40),
        archetypes=("pspace",) * 3 + ("soup",),
        extra=lambda rng, coresize: rng.choice(
            [[], ["-S", "1"], ["-S", "2"], ["-S", "7"], ["-S", str(coresize // 2)]]
        ),
        seeding="either",
    ),
    Scenario(
        "many-rounds",
        20,
        warriors=(2, 3),
        rounds=(200, 500),
        extra=_choice(["-c", "150"], ["-c", "400"]),
        seeding="either",
    ),
    Scenario("melee", 80, warriors=(3, 6), rounds=(3, 10), seeding="either"),
    Scenario("alone", 20, warriors=(1, 1), seeding="either"),
]


def _case(scenario: Scenario, index: int, tmp_path: Path) -> tuple[list[str], list[Path]]:
    """The arguments and warrior files of battle ``index`` of ``scenario``."""
    rng = random.Random(f"{scenario.name}-{index}")
    count = rng.randint(*scenario.warriors)
    coresize = rng.choice(scenario.coresizes)
    maxlength = rng.randint(1, min(100, coresize // count))
    args = ["-r", str(rng.randint(*scenario.rounds)), "-s", str(coresize), "-l", str(maxlength)]
    distance = maxlength  # pMARS's default for -d
    if rng.random() < 0.7:
        distance = rng.randint(maxlength, coresize // count)
        args += ["-d", str(distance)]
    args += scenario.extra(rng, coresize)
    seeding = rng.choice("fF") if scenario.seeding == "either" else scenario.seeding
    # -F may exceed the core size: pMARS takes it modulo the free positions.
    args += ["-f"] if seeding == "f" else ["-F", str(rng.randint(distance, coresize + distance))]
    if scenario.brief:
        args.append("-b")
    files = []
    for number in range(count):
        path = tmp_path / f"w{number}.red"
        path.write_text(
            generate_warrior(
                rng.randrange(2**32),
                coresize=coresize,
                maxlength=maxlength,
                archetype=rng.choice(scenario.archetypes),
            )
        )
        files.append(path)
    return args + [str(path) for path in files], files


@pytest.mark.parametrize(
    ("scenario", "index"),
    [pytest.param(s, i, id=f"{s.name}-{i}") for s in SCENARIOS for i in range(s.battles)],
)
def test_battle(pmars, redqueen_mars, tmp_path, scenario, index):
    args, files = _case(scenario, index, tmp_path)
    assert_same(pmars, redqueen_mars, args, files)


@pytest.mark.parametrize(("coresize", "maxlength"), [(8000, 100), (80, 20), (55440, 200)])
@pytest.mark.parametrize("batch", range(20))
def test_listing(pmars, redqueen_mars, tmp_path, coresize, maxlength, batch):
    """Assembly only (``-r 0``), up to five warriors per run."""
    files = []
    for number in range(min(5, coresize // maxlength)):
        path = tmp_path / f"w{number}.red"
        seed = coresize * 1000 + batch * 10 + number
        path.write_text(generate_warrior(seed, coresize=coresize, maxlength=maxlength))
        files.append(path)
    args = ["-r", "0", "-s", str(coresize), "-l", str(maxlength), *map(str, files)]
    assert_same(pmars, redqueen_mars, args, files)
