"""Strategy recognition: which family a warrior plays, judged from what it does in the VM.

:func:`profile` runs the warrior in seven short, seeded battles and measures
its behaviour; :func:`classify` is its family.  The same warrior and settings
always give the same :class:`Profile`.  Nothing here reads a warrior's name,
headers or library tags.

The battles, all with the warrior loaded at cell 0, over a horizon of
``min(cycles, 2 * coresize)`` cycles (a full clear pass of the core):

* *alone*, traced (who wrote each cell, and the processes, every 1/200 of the
  horizon), and again to 1/8 of the horizon for the core it leaves;
* *with a decoy*, traced, at four places (golden-ratio steps from the middle
  of the core), and at the middle again to 1/4 of the horizon.  The decoy
  never writes: one maxlength of ``spl 2, 1`` / ``jmp 0, 1`` pairs, a process
  on each ``jmp``, so whatever looks at the core sees non-empty cells.

The features (``Profile.features``), each a float:

``coverage``
    Distinct cells it executed alone, per instruction of its code: above 2 it
    runs code outside where it was loaded (a replicator).
``peak_processes``
    Most processes it had at once, alone.
``written``
    Share of the core it wrote alone by the horizon.
``silence``
    Share of the horizon before it had written 2% of the core alone (1: never).
``sweep_run``
    Mean length of the runs of adjacent cells it had written at that moment:
    1 for a bomber's spaced bombs, long for a clear's sweep.
``copies``
    Share of the core, outside its own cells, at 1/8 of the horizon alone, in
    three consecutive cells shaped (opcode, modifier, modes) like three
    consecutive instructions of its code: self-copies.
``imp_trail``
    Share of the core at that moment in runs of three or more identical MOVs,
    leaving out runs that start in a copy (a paper's imp tail): imps.
``other_writes``
    Share of the cells it had written by then that are neither.
``fangs``
    Most JMPs seen at least a warrior's length away from its cells that jump
    into them, in the cores the battles end with: a vampire's fangs.
``reaction``
    Most cells, at any moment, that it had written with a decoy present but
    not alone by the same cycle: writes that depend on what it read.
``pounce``
    How fast those cells grew, per cycle, over the second sixteenth of the
    horizon after the first of them: a clear started where something was seen.
``pspace``, ``code_imps``, ``code_writers``
    Read from the code: LDP/STP instructions; imp instructions (``MOV.I`` that
    copies itself); other instructions that write (MOV, ADD, SUB, MUL, DIV, MOD).

The rules: any ``pspace`` → pspace.  A replicator has parts: paper (copies
≥ 0.2% of the core), imp (trail ≥ 0.5%), vampire (2 fangs or more), and, for
an imp without copies, a bomber (``other_writes`` ≥ 5%); two parts make a
hybrid, one names the family, none is paper.  Otherwise 2 fangs make a
vampire; any reaction a scanner, or a one-shot when ``pounce`` is 0.1 cells
per cycle or more; silence for half the horizon a scanner that saw nothing;
the rest is a clear when ``sweep_run`` is 3 or more, else a stone.  Last, the
code may show a part that play hid (a spiral that overwrote its stone at
launch, a clear that wiped its own imp launcher): an imp with other writers
in its code, or a non-replicator with an imp instruction, is a hybrid.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

import warriors
from mars import (
    BattleResult,
    Instruction,
    MarsConfig,
    Mode,
    Modifier,
    Opcode,
    Trace,
    Warrior,
    assemble,
    run_battle,
)

FAMILIES: tuple[str, ...] = (
    "imp",
    "stone",
    "paper",
    "scanner",
    "clear",
    "vampire",
    "oneshot",
    "pspace",
    "hybrid",
)

_FRAMES = 200  # trace frames over the horizon
_PLACES = 4  # decoy places
_SEED = 1  # placement seed of the alone runs (a lone warrior sits at cell 0 anyway)
_REPLICATOR = 2.0  # coverage above which the warrior runs code it copied
_COPIES = 0.002  # share of the core in self-copies that makes a paper part
_TRAIL = 0.005  # share of the core in imp trail that makes an imp part
_HYBRID_OTHER = 0.05  # other writes beside an imp trail that make a second part
_POUNCE = 0.1  # cells per cycle: a sweep, not a few bombs
_SILENT = 0.5  # share of the horizon a scanner that saw nothing keeps still
_SWEEP = 3.0  # mean run of written cells from which writes are a sweep
# Opcodes that write a cell (DJN, JMN and the like only change one by side effect).
_WRITERS = (Opcode.MOV, Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.DIV, Opcode.MOD)


@dataclass(frozen=True)
class Profile:
    """A warrior's family and the measurements it was decided from.

    ``family`` is one of :data:`FAMILIES`; ``opcodes`` counts the opcodes of
    its code by name (``{"MOV": 3, "SPL": 1}``); ``length`` is its number of
    instructions; ``features`` holds the behaviour measurements named in the
    module docstring, all of them, always.
    """

    family: str
    opcodes: dict[str, int]
    length: int
    features: dict[str, float]


def profile(warrior: Warrior, config: MarsConfig | None = None) -> Profile:
    """Measure ``warrior`` under ``config`` (default: the library's standard settings).

    Deterministic: the same warrior and settings give the same profile.  A
    warrior that cannot fight under ``config`` (assembled for another core
    size, longer than maxlength) raises :class:`mars.ConfigError`.
    """
    config = (config or warriors.SETTINGS["standard"]).resolved()
    features = _measure(warrior, config)
    return Profile(
        family=_decide(features),
        opcodes=dict(Counter(ins.opcode.name for ins in warrior.instructions)),
        length=len(warrior),
        features=features,
    )


def classify(warrior: Warrior, config: MarsConfig | None = None) -> str:
    """The warrior's family, one of :data:`FAMILIES` (``profile(...).family``)."""
    return profile(warrior, config).family


def _decide(f: dict[str, float]) -> str:
    if f["pspace"] > 0:
        return "pspace"
    if f["coverage"] >= _REPLICATOR:
        parts = {
            "paper": f["copies"] >= _COPIES,
            "imp": f["imp_trail"] >= _TRAIL,
            "vampire": f["fangs"] >= 2,
        }
        if parts["imp"] and not parts["paper"] and f["other_writes"] >= _HYBRID_OTHER:
            parts["bomber"] = True
        found = [part for part, present in parts.items() if present]
        if len(found) > 1:
            return "hybrid"
        # A replicator without whole copies or trails still spreads code: paper-like.
        family = found[0] if found else "paper"
    elif f["fangs"] >= 2:
        family = "vampire"
    elif f["reaction"] > 0:
        family = "oneshot" if f["pounce"] >= _POUNCE else "scanner"
    elif f["silence"] >= _SILENT:
        family = "scanner"
    else:
        family = "clear" if f["sweep_run"] >= _SWEEP else "stone"
    # A part can be lost in play (overwritten by the other before it ran): the
    # code still shows it.
    if family == "imp" and f["code_writers"] > 0:
        return "hybrid"
    if family not in ("imp", "paper") and f["code_imps"] > 0:
        return "hybrid"
    return family


def _is_imp(ins: Instruction) -> bool:
    """A MOV.I that copies itself somewhere else: ``MOV.I #x, k`` or ``MOV.I $0, k``."""
    itself = ins.a_mode == Mode.IMMEDIATE or (ins.a_mode == Mode.DIRECT and ins.a == 0)
    return ins.opcode == Opcode.MOV and ins.modifier == Modifier.I and itself and ins.b != 0


def _decoy(config: MarsConfig) -> Warrior:
    pairs = max(1, config.maxlength // 2)
    return assemble("spl 2, 1\njmp 0, 1\n" * pairs, config)


def _decoy_places(config: MarsConfig) -> list[int]:
    """Where the decoy is put, one battle each: golden-ratio steps from the middle.

    A scanner looks at only part of the core before it clears (a few spots, or
    interleaved blocks); spread places make it likely that one is seen.
    """
    size, gap = config.coresize, config.mindistance
    places = (round(size * ((0.5 + i * 0.618) % 1)) for i in range(_PLACES))
    return [min(max(place, gap), size - gap) for place in places]


def _frames(trace: Trace) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The recorded frames only: owners, process counts, cycles."""
    count = int((trace.cycle > 0).sum()) + 1
    return trace.owner[:count], trace.tasks[:count], trace.cycle[:count]


def _runs(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of True in ``mask`` (not wrapping around the core)."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)


def _copies(core: np.ndarray, warrior: Warrior) -> np.ndarray:
    """Cells, outside the warrior's own, in three-cell copies of its code's shape.

    Fields are left out because copying code (``>`` and ``}`` pointers,
    counters) changes them; windows of mostly DAT are left out because bombs
    and clears write DATs next to each other.
    """
    shape = core[:, [0, 1, 3]]
    code = [(ins.pmars_opcode, ins.a_mode, ins.b_mode) for ins in warrior.instructions]
    found = np.zeros(len(core), bool)
    for start in range(len(code) - 2):
        window = warrior.instructions[start : start + 3]
        if sum(ins.opcode != Opcode.DAT for ins in window) < 2:
            continue
        match = np.ones(len(core), bool)
        for k in range(3):
            match &= (np.roll(shape, -k, axis=0) == code[start + k]).all(axis=1)
        found |= match | np.roll(match, 1) | np.roll(match, 2)
    found[: len(warrior)] = False
    return found


def _imp_trail(core: np.ndarray, length: int, copies: np.ndarray) -> np.ndarray:
    """Cells, outside the warrior's own, in runs of three or more identical MOVs.

    Runs that start in or just after a copy are left out: they are an imp tail
    of the copied code, part of the paper, not an imp launched on its own.
    """
    same = (core == np.roll(core, 1, axis=0)).all(axis=1)
    middle = same & np.roll(same, -1) & ((core[:, 0] >> 3) == Opcode.MOV)
    trail = middle | np.roll(middle, 1) | np.roll(middle, -1)
    starts = trail & ~np.roll(trail, 1)
    grown = starts & (copies | np.roll(copies, 1) | np.roll(copies, 2))
    run = np.cumsum(starts)
    trail &= ~np.isin(run, run[grown])
    trail[:length] = False
    return trail


def _fangs(core: np.ndarray, length: int) -> int:
    """JMPs with a direct A operand into the warrior's cells, from a warrior's length away.

    The distance leaves out copies of its own loops that land next to it.
    """
    size = len(core)
    target = (np.arange(size) + core[:, 2].astype(np.int64)) % size
    fang = ((core[:, 0] >> 3) == Opcode.JMP) & (core[:, 1] == 1) & (target < length)
    fang[: 2 * length] = False
    fang[size - length :] = False
    return int(fang.sum())


def _measure(warrior: Warrior, config: MarsConfig) -> dict[str, float]:
    size, length = config.coresize, len(warrior)
    horizon = min(config.cycles, 2 * size)
    every = max(1, horizon // _FRAMES)
    settings = replace(config, cycles=horizon)
    traced = {"run_to_end": True, "trace_every": every, "trace_frames": _FRAMES + 1}
    decoy = _decoy(config)

    alone = run_battle([warrior], settings, seed=_SEED, **traced)
    early = run_battle(
        [warrior], replace(config, cycles=max(1, horizon // 8)), seed=_SEED, run_to_end=True
    )
    lured = [
        run_battle([warrior, decoy], settings, fixed_position=place, **traced)
        for place in _decoy_places(config)
    ]
    lured_early = run_battle(
        [warrior, decoy],
        replace(config, cycles=max(1, horizon // 4)),
        fixed_position=size // 2,
        run_to_end=True,
    )

    own = np.zeros(size, bool)
    own[:length] = True
    owners, tasks, cycles = _frames(alone.trace)
    wrote = (owners == 0) & ~own  # frames x cells, only ever grows when alone
    counts = wrote.sum(axis=1)

    enough = np.flatnonzero(counts >= max(4, size // 50))
    silence = cycles[enough[0]] / horizon if len(enough) else 1.0
    sweep_run = float(_runs(wrote[enough[0]]).mean()) if len(enough) else 0.0

    copies = _copies(early.final_core, warrior)
    trail = _imp_trail(early.final_core, length, copies)
    at_early = wrote[min(len(cycles) - 1, int(np.searchsorted(cycles, horizon // 8)))]
    other = (at_early & ~copies & ~trail).sum() / max(1, at_early.sum())

    reaction, pounce = max(_reaction(run, wrote, cycles, own, every, horizon) for run in lured)
    code = warrior.instructions
    pspace = sum(ins.opcode in (Opcode.LDP, Opcode.STP) for ins in code)
    imps = sum(_is_imp(ins) for ins in code)
    writers = sum(ins.opcode in _WRITERS and not _is_imp(ins) for ins in code)
    return {
        "coverage": float(alone.records["coverage"][0, 0] / max(1, length)),
        "peak_processes": float(tasks[:, 0].max()),
        "written": float(counts[-1] / size),
        "silence": float(silence),
        "sweep_run": sweep_run,
        "copies": float(copies.sum() / size),
        "imp_trail": float(trail.sum() / size),
        "other_writes": float(other),
        "fangs": float(max(_fangs(c.final_core, length) for c in (alone, *lured, lured_early))),
        "reaction": reaction,
        "pounce": pounce,
        "pspace": float(pspace),
        "code_imps": float(imps),
        "code_writers": float(writers),
    }


def _reaction(
    lured: BattleResult,
    wrote: np.ndarray,
    cycles: np.ndarray,
    own: np.ndarray,
    every: int,
    horizon: int,
) -> tuple[float, float]:
    """``reaction`` and ``pounce``: the decoy run's writes beyond the alone run's."""
    owners, _, mine = _frames(lured.trace)
    keep = mine <= cycles[-1]
    mine = mine[keep]
    # Compare with the alone run a little later (never earlier): alone, what it
    # wrote only grows, so a warrior that ignores the core shows nothing extra.
    later = np.minimum(-(-mine // every), len(cycles) - 1)
    extra = (((owners[: len(mine)] == 0) & ~own) & ~wrote[later]).sum(axis=1)
    if not extra.any():
        return 0.0, 0.0
    window = max(1, horizon // 16)
    start = mine[int(np.argmax(extra > 0))]
    first = extra[np.searchsorted(mine, start + window, side="right") - 1]
    second = extra[np.searchsorted(mine, start + 2 * window, side="right") - 1]
    return float(extra.max()), float((second - first) / window)
