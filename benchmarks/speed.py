"""Redcode instructions per second of the redqueen VM, exhaust-ma and pMARS on one fight set.

Usage: ``python benchmarks/speed.py [--rounds N] [--repeat N] [--set duel|melee|all] [--quick]
[--per-fight]``
(needs redqueen installed; exhaust-ma and the reference pMARS are optional columns).

Every simulator fights the same fights with the same per-round positions and
move order, and every fight's wins/ties/losses must agree between them; a fight
where they do not is reported and left out of the figures.  pMARS and exhaust-ma
do not count executed instructions, so all three are credited with the count
the redqueen VM reports for the identical rounds.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

import warriors as library
from mars import (
    DEFAULT_CONFIG,
    BattleResult,
    Instruction,
    Modifier,
    Opcode,
    Warrior,
    run_battle,
)

try:
    import _exhaust_ma  # the cffi module of the exhaust-ma package
except ImportError:
    _exhaust_ma = None

ROOT = Path(__file__).resolve().parent.parent
PMARS = ROOT / ".tools" / "pmars" / "pmars"
CONFIG = DEFAULT_CONFIG.resolved()  # 8000 cells, 80000 cycles, 8000 processes, 100/100
MELEE_SIZES = (3, 4, 5)

# (wins, ties, losses) of each warrior in one fight.
Outcome = tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class Fight:
    """Warriors that fight together; ``position`` is pMARS's ``-F`` (round 1's placement)."""

    warriors: tuple[Warrior, ...]
    position: int

    @property
    def label(self) -> str:
        return " vs ".join(w.name for w in self.warriors)


@dataclass(frozen=True)
class Simulator:
    """One column of the table: ``run`` fights the rounds of ``reference`` and times itself."""

    name: str
    run: Callable[[Fight, BattleResult], tuple[Outcome, float]]


# ---------------------------------------------------------------- fight set


def load_warriors() -> tuple[list[Warrior], dict[str, str]]:
    """The library's standard warriors (in key order, so the fights are fixed), and those
    exhaust-ma would run differently."""
    warriors = library.load_all("standard")
    excluded = {w.name: why for w in warriors if (why := exhaust_difference(w))}
    return [w for w in warriors if w.name not in excluded], excluded


def exhaust_difference(warrior: Warrior) -> str | None:
    """Why exhaust-ma may give this warrior other results than pMARS, if it may."""
    opcodes = {(i.opcode, i.modifier) for i in warrior.instructions}
    if warrior.pin is not None or any(op in (Opcode.LDP, Opcode.STP) for op, _ in opcodes):
        # exhaust-ma keys P-space by move order, which the driver rotates each round.
        return "uses P-space"
    both_fields = (Modifier.F, Modifier.X, Modifier.I)
    if any(op in (Opcode.DIV, Opcode.MOD) and mod in both_fields for op, mod in opcodes):
        # pMARS still divides the other field when one divisor is zero; exhaust-ma does not.
        return "DIV/MOD on both fields"
    return None


def choose_fights(warriors: Sequence[Warrior], sizes: Sequence[int], count: int) -> list[Fight]:
    """Up to ``count`` distinct fights, warrior counts cycling through ``sizes``, fixed per run."""
    rng = random.Random(0)
    groups: dict[tuple[int, ...], tuple[Warrior, ...]] = {}
    attempts = itertools.islice(itertools.cycle(sizes), 20 * count)
    for size in attempts:
        if len(groups) == count:
            break
        if size <= len(warriors):
            chosen = rng.sample(range(len(warriors)), size)
            groups.setdefault(tuple(sorted(chosen)), tuple(warriors[i] for i in chosen))
    last = CONFIG.coresize - CONFIG.mindistance
    return [Fight(group, rng.randint(CONFIG.mindistance, last)) for group in groups.values()]


# ---------------------------------------------------------------- simulators


def run_vm(fight: Fight, reference: BattleResult) -> tuple[Outcome, float]:
    """Outcomes only, like the other simulators compute."""
    return timed_vm(fight, reference, behaviour=False)


def run_vm_behaviour(fight: Fight, reference: BattleResult) -> tuple[Outcome, float]:
    """Also coverage, cells written and process statistics, as coevolution uses."""
    return timed_vm(fight, reference, behaviour=True)


def timed_vm(fight: Fight, reference: BattleResult, behaviour: bool) -> tuple[Outcome, float]:
    start = time.perf_counter()
    result = run_battle(
        fight.warriors,
        CONFIG,
        rounds=reference.rounds,
        fixed_position=fight.position,
        behaviour=behaviour,
    )
    return vm_outcome(result), time.perf_counter() - start


def vm_outcome(result: BattleResult) -> Outcome:
    return tuple(
        (result.wins(i), result.ties(i), result.losses(i)) for i in range(len(result.warriors))
    )


# exhaust-ma's encoding of an instruction's ``in`` field (its insn.h): opcode << 9 |
# modifier << 6 | b-mode << 3 | a-mode, each numbered by its position below.
EXHAUST_OPCODES = (
    *("DAT", "SPL", "MOV", "DJN", "ADD", "JMZ", "SUB", "SEQ", "SNE"),
    *("SLT", "JMN", "JMP", "NOP", "MUL", "MOD", "DIV", "LDP", "STP"),
)
EXHAUST_MODIFIERS = ("F", "A", "B", "AB", "BA", "X", "I")
EXHAUST_MODES = "$#@<>*{}"


def exhaust_cell(ins: Instruction) -> tuple[int, int, int]:
    """``ins`` as exhaust-ma's ``insn_t`` fields (a, b, in)."""
    opcode = "SEQ" if ins.opcode is Opcode.CMP else ins.opcode.name
    code = (
        EXHAUST_OPCODES.index(opcode) << 9
        | EXHAUST_MODIFIERS.index(ins.modifier.name) << 6
        | EXHAUST_MODES.index(ins.b_mode.symbol) << 3
        | EXHAUST_MODES.index(ins.a_mode.symbol)
    )
    return ins.a, ins.b, code


def run_exhaust(fight: Fight, reference: BattleResult) -> tuple[Outcome, float]:
    """Fight round by round through exhaust-ma's ``sim_mw`` with pMARS's placement and order.

    Only the exhaust-ma calls are timed.  In melees exhaust-ma leaves one cycle
    more than pMARS after a death unless the cycles left divide by the warriors
    alive, which changes a result only if someone dies on the very last cycle;
    the per-fight check in :func:`measure` would catch that.
    """
    ffi, lib = _exhaust_ma.ffi, _exhaust_ma.lib
    count = len(fight.warriors)
    plan = exhaust_rounds(fight, reference)
    deaths = ffi.new("unsigned int[]", count)
    dead_per_round = []
    core = lib.sim_alloc_bufs2(
        count, CONFIG.coresize, CONFIG.processes, CONFIG.cycles, CONFIG.pspacesize
    )
    if core == ffi.NULL:
        raise MemoryError("exhaust-ma could not allocate its core")
    try:
        start = time.perf_counter()
        for order, loads, starts in plan:
            lib.sim_clear_core()
            for position, code, length in loads:
                lib.sim_load_warrior(position, code, length)
            alive = lib.sim_mw(count, starts, deaths)
            dead_per_round.append([order[d] for d in deaths[0 : count - alive]])
        seconds = time.perf_counter() - start
    finally:
        lib.sim_free_bufs()
    return tally(count, dead_per_round), seconds


class ExhaustRound(NamedTuple):
    order: list[int]  # warrior indices in this round's move order
    loads: list[tuple[int, Any, int]]  # (position, insn_t array, length) in that order
    starts: Any  # field_t array of starting addresses in that order


def exhaust_rounds(fight: Fight, reference: BattleResult) -> list[ExhaustRound]:
    """Per round: move order, (position, code, length) loads, and ``sim_mw``'s start table.

    exhaust-ma starts each warrior at its first cell and lets the warriors move
    in the order it is given them, so each round lists the warriors in pMARS's
    order for that round (the starter first) and passes load position + start
    offset as the starting address.
    """
    ffi = _exhaust_ma.ffi
    warriors, count = fight.warriors, len(fight.warriors)
    codes = [ffi.new("insn_t[]", [exhaust_cell(i) for i in w.instructions]) for w in warriors]
    plan = []
    for positions, starter in zip(
        reference.records["position"].tolist(), reference.starter.tolist(), strict=True
    ):
        order = rotated(count, starter)
        loads = [(positions[i], codes[i], len(warriors[i])) for i in order]
        starts = [(positions[i] + warriors[i].start) % CONFIG.coresize for i in order]
        plan.append(ExhaustRound(order, loads, ffi.new("field_t[]", starts)))
    return plan


def tally(count: int, dead_per_round: Sequence[Sequence[int]]) -> Outcome:
    """Wins, ties and losses from the warriors that died in each round."""
    totals = np.zeros((count, 3), dtype=int)
    for dead in dead_per_round:
        survivors = [i for i in range(count) if i not in dead]
        totals[survivors, 0 if len(survivors) == 1 else 1] += 1
        totals[list(dead), 2] += 1
    return tuple(tuple(int(v) for v in row) for row in totals)


def pmars_command(fight: Fight, rounds: int) -> list[str]:
    c = CONFIG
    settings = {"-s": c.coresize, "-c": c.cycles, "-p": c.processes, "-l": c.maxlength}
    settings |= {"-d": c.mindistance, "-r": rounds, "-F": fight.position}
    options = [str(v) for pair in settings.items() for v in pair]
    return [str(PMARS), "-b", "-k", *options, *(w.filename for w in fight.warriors)]


def run_pmars(fight: Fight, reference: BattleResult) -> tuple[Outcome, float]:
    """Run pMARS and subtract the time of the same command with ``-r 0`` (start-up, assembly)."""
    startup, _ = timed_process(pmars_command(fight, 0))
    seconds, output = timed_process(pmars_command(fight, reference.rounds))
    return pmars_outcome(output, len(fight.warriors), reference.rounds), seconds - startup


def timed_process(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def pmars_outcome(output: str, count: int, rounds: int) -> Outcome:
    """Parse ``-k``: "wins ties" per warrior in duels, "score s1..sW deaths" in melees."""
    rows = [[int(v) for v in line.split()] for line in output.splitlines()[-count:]]
    if count == 2:
        return tuple((w, t, rounds - w - t) for w, t in rows)
    return tuple((row[1], sum(row[2:-1]), row[-1]) for row in rows)


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class FightSet:
    title: str
    sizes: tuple[int, ...]
    fights: int
    quick_fights: int


SETS = {
    "duel": FightSet("2-warrior fights", (2,), 45, 10),
    "melee": FightSet("melee fights", MELEE_SIZES, 6, 3),
}


@dataclass(frozen=True)
class Measurement:
    """Seconds per (simulator, pass, fight), instructions per fight, which fights agreed."""

    rounds: int
    instructions: np.ndarray
    seconds: np.ndarray
    agreed: np.ndarray
    mismatches: list[str]


def measure(
    fights: Sequence[Fight], simulators: Sequence[Simulator], rounds: int, repeat: int
) -> Measurement:
    """Time every simulator on every fight ``repeat`` times, interleaved, checking results.

    An untimed VM run per fight first fixes each round's positions and move
    order (and warms up); the simulators take turns fight by fight, in an order
    that rotates, so background load falls on all of them alike.
    """
    references = [
        run_battle(f.warriors, CONFIG, rounds=rounds, fixed_position=f.position) for f in fights
    ]
    instructions = np.array([int(r.records["executed"].sum()) for r in references])
    seconds = np.zeros((len(simulators), repeat, len(fights)))
    agreed = np.ones(len(fights), dtype=bool)
    mismatches = []
    for r, (i, fight) in itertools.product(range(repeat), enumerate(fights)):
        show_progress(f"pass {r + 1}/{repeat}, fight {i + 1}/{len(fights)}")
        expected = vm_outcome(references[i])
        for k in rotated(len(simulators), r + i):
            outcome, seconds[k, r, i] = simulators[k].run(fight, references[i])
            if outcome != expected and agreed[i]:
                agreed[i] = False
                mismatches.append(
                    f"{fight.label} (-F {fight.position}): {simulators[k].name} {outcome}, "
                    f"redqueen {expected} (wins, ties, losses)"
                )
    show_progress("")
    return Measurement(rounds, instructions, seconds, agreed, mismatches)


def rotated(count: int, shift: int) -> list[int]:
    return [(shift + k) % count for k in range(count)]


def show_progress(text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{text:<40}\r", end="", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- report


def report(title: str, result: Measurement, simulators: Sequence[Simulator]) -> None:
    """The table for one fight set: median seconds and instructions per second per simulator."""
    kept = result.agreed
    total = int(result.instructions[kept].sum())
    repeats = result.seconds.shape[1]
    print(
        f"\n{title}: {int(kept.sum())} fights x {result.rounds} rounds, "
        f"{total / 1e6:,.0f} M instructions; median of {repeats} passes"
    )
    for line in result.mismatches:
        print(f"  left out, results differ: {line}")
    if not total:
        return
    print(f"  {'simulator':<18}{'seconds':>10}{'M instr/s':>12}{'redqueen / it':>16}")
    seconds = [
        statistics.median(result.seconds[k][:, kept].sum(axis=1)) for k in range(len(simulators))
    ]
    for simulator, spent in zip(simulators, seconds, strict=True):
        ratio = spent / seconds[0]  # redqueen's instructions per second over this one's
        print(f"  {simulator.name:<18}{spent:>10.2f}{total / spent / 1e6:>12.1f}{ratio:>15.2f}x")


def report_fights(fights: Sequence[Fight], result: Measurement, simulators: Sequence[Simulator]):
    """Per fight, the redqueen VM's speed over each other simulator's, worst comparison first."""
    medians = np.median(result.seconds, axis=1)  # simulator x fight
    others = range(1, len(simulators))
    print(f"  per fight, redqueen VM's speed over: {', '.join(simulators[k].name for k in others)}")
    order = sorted(
        np.flatnonzero(result.agreed),
        key=lambda i: min(medians[k, i] / medians[0, i] for k in others),
    )
    for i in order:
        ratios = "".join(f"{medians[k, i] / medians[0, i]:>8.2f}x" for k in others)
        print(f"  {ratios}  {result.instructions[i] / 1e6:7.1f} M  {fights[i].label}")


# ---------------------------------------------------------------- command line


def available_simulators() -> tuple[list[Simulator], list[str]]:
    """The redqueen VM first, then whichever of exhaust-ma and pMARS is installed."""
    simulators = [
        Simulator("redqueen VM", run_vm),
        Simulator("redqueen +stats", run_vm_behaviour),
    ]
    missing = []
    if _exhaust_ma is None:
        missing.append("exhaust-ma is not installed (pip install exhaust-ma)")
    else:
        simulators.append(Simulator("exhaust-ma", run_exhaust))
    if PMARS.exists():
        simulators.append(Simulator("pMARS 0.9.2", run_pmars))
    else:
        missing.append(f"{PMARS} is missing (bash scripts/build-pmars.sh)")
    return simulators, missing


NOTES = """\
Instructions are the redqueen VM's counts for the identical rounds: exhaust-ma and
pMARS run the same per-round positions (pMARS -F, its RNG after round 1) and move
order, and every fight's wins/ties/losses are checked to agree.  exhaust-ma is
driven round by round through its C sim_mw() from Python (the per-round calls are
timed with it); it ends a round early once a tie is certain (every warrior has
more processes than cycles left), so it is credited with a few instructions it
does not run.  pMARS runs as a process (-b -k); the time of the same command
with -r 0 (start-up and assembly) is subtracted."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, help="rounds per fight (200; 20 with --quick)")
    parser.add_argument(
        "--repeat", type=int, help="timed passes over each set, medians shown (3; 1 with --quick)"
    )
    parser.add_argument(
        "--set", choices=("duel", "melee", "all"), default="all", help="fight set (all)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer fights")
    parser.add_argument(
        "--per-fight", action="store_true", help="also the speed ratios of every fight"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    rounds = args.rounds or (20 if args.quick else 200)
    repeat = args.repeat or (1 if args.quick else 3)
    simulators, missing = available_simulators()
    warriors, excluded = load_warriors()
    print(NOTES)
    for line in missing:
        print(f"Not measured: {line}")
    for name, why in excluded.items():
        print(f"Left out of the set, exhaust-ma would differ from pMARS: {name} ({why})")
    for key in ("duel", "melee") if args.set == "all" else (args.set,):
        fight_set = SETS[key]
        count = fight_set.quick_fights if args.quick else fight_set.fights
        fights = choose_fights(warriors, fight_set.sizes, count)
        result = measure(fights, simulators, rounds, repeat)
        report(fight_set.title, result, simulators)
        if args.per_fight:
            report_fights(fights, result, simulators)


if __name__ == "__main__":
    main()
