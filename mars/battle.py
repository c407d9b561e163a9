"""Run battles: warriors and settings in, per-round records and pMARS scores out."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mars import _vm
from mars.config import DEFAULT_CONFIG, MarsConfig
from mars.errors import ConfigError
from mars.warrior import Warrior

# Per (round, warrior) arrays the VM returns, in DataFrame column order.
ROUND_FIELDS = (
    "position",
    "survived",
    "death_cycle",
    "executed",
    "spawned",
    "peak_processes",
    "coverage",
    "written",
)


def rng(seed: int) -> int:
    """pMARS's random number generator (``pos.c``), with C's signed division."""
    quotient = abs(seed) // 127773 * (1 if seed >= 0 else -1)
    remainder = seed - quotient * 127773
    value = 16807 * remainder - 2836 * quotient
    return value + 2147483647 if value < 0 else value


def checksum(warriors: Sequence[Warrior]) -> int:
    """The seed pMARS's ``-f`` derives from the warriors' code (``sim.c``)."""
    total = 0
    shuffle = 0
    for warrior in warriors:
        for ins in warrior.instructions:
            for value in (
                ins.pmars_opcode,
                ins.a_mode.pmars_code,
                ins.b_mode.pmars_code,
                ins.a,
                ins.b,
            ):
                total += value ^ shuffle
                shuffle += 1
    return total


def pspace_slots(warriors: Sequence[Warrior]) -> list[int]:
    """Which P-space each warrior uses, as ``pmars.c`` ``pspace_init`` assigns them.

    Warriors with the same PIN share one.  pMARS matches a PIN against the
    (zero) PIN field of later warriors without one, so ``PIN 0`` also shares
    with them; that quirk is kept.
    """
    unshared, pin_appeared = -1, -2
    index = [unshared if w.pin is None else pin_appeared for w in warriors]
    ident = [0 if w.pin is None else w.pin for w in warriors]
    slot = 0
    for i in range(len(warriors)):
        if index[i] == unshared:
            index[i] = slot
            slot += 1
        elif index[i] == pin_appeared:
            index[i] = slot
            for j in range(i + 1, len(warriors)):
                if ident[i] == ident[j]:
                    index[j] = slot
            slot += 1
    return index


@dataclass(frozen=True)
class Trace:
    """Round 1 seen every few cycles: who last wrote each cell, and process counts.

    ``owner`` has shape (frames, coresize) with the writer's warrior index or
    -1; ``tasks`` has shape (frames, warriors); ``cycle`` the cycle of each frame,
    as pMARS counts cycles (the turns each living warrior has had), so frames
    keep their spacing after a warrior dies.
    """

    owner: np.ndarray
    tasks: np.ndarray
    cycle: np.ndarray


@dataclass(frozen=True)
class BattleResult:
    """What a battle produced.

    ``scores`` is pMARS's per-warrior ``score[]`` array, shape (W, 2W-1):
    column k < W counts rounds the warrior survived with k+1 warriors alive at
    the end, the later columns count its deaths by how many were alive.
    ``records`` holds one array per name in ``ROUND_FIELDS``, shape
    (rounds, W).  ``death_cycle`` is the cycle (counted in the warrior's own
    instructions) its last process died, -1 if it did not; ``coverage`` is the
    number of distinct cells it executed and ``written`` of cells it wrote.
    ``final_core`` (coresize x 5: op, a_mode, a, b_mode, b, with ``op`` as in
    ``Instruction.pmars_opcode``) and ``final_queues`` (each warrior's process
    addresses, next to run first) are the state the last round ended in.
    """

    warriors: tuple[Warrior, ...]
    config: MarsConfig
    rounds: int
    scores: np.ndarray
    records: dict[str, np.ndarray]
    starter: np.ndarray
    survivors: np.ndarray
    final_core: np.ndarray
    final_queues: list[list[int]]
    trace: Trace | None = None

    def wins(self, index: int) -> int:
        """Rounds the warrior ended as the only survivor."""
        return int(self.scores[index, 0])

    def ties(self, index: int) -> int:
        """Rounds the warrior survived together with others."""
        return int(self.scores[index, 1 : len(self.warriors)].sum())

    def losses(self, index: int) -> int:
        """Rounds the warrior died (pMARS's ``deaths()``)."""
        count = len(self.warriors)
        return int(self.scores[index, count : 2 * count - 1].sum())

    def to_dataframe(self) -> pd.DataFrame:
        """One row per (round, warrior) with every field of ``records``."""
        rounds, count = self.records["position"].shape
        frame = pd.DataFrame(
            {
                "round": np.repeat(np.arange(1, rounds + 1), count),
                "warrior": np.tile(np.arange(count), rounds),
                "name": [w.name for w in self.warriors] * rounds,
            }
        )
        for field in ROUND_FIELDS:
            frame[field] = self.records[field].reshape(-1)
        frame["first_to_move"] = np.repeat(self.starter, count) == frame["warrior"]
        return frame


def initial_seed(
    warriors: Sequence[Warrior], config: MarsConfig, seed: int | None, fixed_position: int | None
) -> int:
    """The RNG state before the first placement, as ``sim.c`` computes it."""
    if fixed_position is not None:
        if seed is not None:
            raise ConfigError("give either a seed or a fixed position, not both")
        if fixed_position < config.mindistance:
            raise ConfigError(
                f"fixed position {fixed_position} is closer than mindistance {config.mindistance}"
            )
        return fixed_position - config.mindistance
    return rng(int(time.time()) if seed is None else seed)


def check_battle(warriors: Sequence[Warrior], config: MarsConfig) -> MarsConfig:
    """The resolved settings; ConfigError unless these warriors can fight under them."""
    config = config.resolved()
    config.check_warriors(len(warriors))
    if config.coresize > 65536:
        raise ConfigError(f"coresize {config.coresize} is above the VM's limit of 65536")
    if config.processes > 65536:
        raise ConfigError(f"processes {config.processes} is above the VM's limit of 65536")
    for warrior in warriors:
        if warrior.coresize != config.coresize:
            raise ConfigError(
                f"{warrior.filename}: assembled for coresize {warrior.coresize}, "
                f"battle uses {config.coresize}"
            )
        if len(warrior) > config.maxlength:
            raise ConfigError(f"{warrior.filename}: longer than maxlength {config.maxlength}")
    return config


def run_battle(
    warriors: Sequence[Warrior],
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    rounds: int = 1,
    seed: int | None = None,
    fixed_position: int | None = None,
    run_to_end: bool = False,
    behaviour: bool = True,
    trace_every: int = 0,
    trace_frames: int = 1000,
) -> BattleResult:
    """Fight ``rounds`` rounds exactly as pMARS would.

    Seeding follows pMARS: ``fixed_position`` is ``-F`` (warrior 2's position in
    round 1); otherwise ``seed`` is the number pMARS feeds its generator (its
    ``-f`` uses :func:`checksum`, without ``-f`` the time), ``None`` meaning the
    time.  ``run_to_end`` keeps a round going after pMARS would stop it (one
    survivor left) until every warrior is dead or the cycles run out; scores
    and P-space still follow pMARS.  ``behaviour=False`` skips the coverage,
    cells-written and process statistics (they read 0) for a faster battle
    when only outcomes matter.  ``trace_every`` > 0 records round 1 every
    that many cycles, at most ``trace_frames`` frames.
    """
    config = check_battle(warriors, config)
    if rounds < 0:
        raise ConfigError(f"rounds must not be negative, got {rounds}")
    state = initial_seed(warriors, config, seed, fixed_position)
    rows = [
        (ins.pmars_opcode, ins.a_mode, ins.a, ins.b_mode, ins.b)
        for warrior in warriors
        for ins in warrior.instructions
    ]
    out = _vm.run_battle(
        np.array(rows, dtype=np.uint16).reshape(-1, 5),
        np.array([len(w) for w in warriors], dtype=np.int32),
        np.array([w.start for w in warriors], dtype=np.int32),
        np.array(pspace_slots(warriors), dtype=np.int32),
        config.coresize,
        config.cycles,
        config.processes,
        config.mindistance,
        config.pspacesize,
        rounds,
        state,
        run_to_end,
        behaviour,
        trace_every,
        trace_frames,
    )
    trace = (
        Trace(out["frame_owner"], out["frame_tasks"], out["frame_cycle"]) if trace_every else None
    )
    return BattleResult(
        warriors=tuple(warriors),
        config=config,
        rounds=rounds,
        scores=out["scores"],
        records={field: out[field] for field in ROUND_FIELDS},
        starter=out["starter"],
        survivors=out["left"],
        final_core=out["final_core"],
        final_queues=out["final_queues"],
        trace=trace,
    )


def run_battles(
    battles: Sequence[Sequence[Warrior]],
    config: MarsConfig = DEFAULT_CONFIG,
    *,
    rounds: int = 1,
    seeds: Sequence[int] | None = None,
    threads: int | None = None,
    run_to_end: bool = False,
    behaviour: bool = True,
) -> list[BattleResult]:
    """Fight many battles in one call, in parallel threads.

    The VM releases the GIL for a whole battle, so ``threads`` battles run at
    once (default: one per CPU).  ``seeds[i]`` seeds battle ``i`` as in
    :func:`run_battle` (default: ``i``, so a batch is reproducible).  Results
    come back in the order of ``battles``.
    """
    if seeds is None:
        seeds = range(len(battles))
    if len(seeds) != len(battles):
        raise ConfigError(f"{len(seeds)} seeds for {len(battles)} battles")
    with ThreadPoolExecutor(max_workers=threads or os.cpu_count() or 1) as pool:
        return list(
            pool.map(
                lambda job: run_battle(
                    job[0],
                    config,
                    rounds=rounds,
                    seed=job[1],
                    run_to_end=run_to_end,
                    behaviour=behaviour,
                ),
                zip(battles, seeds, strict=True),
            )
        )
