"""The battle API: seeding, extras beyond pMARS, results as data."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mars.assembler import assemble
from mars.battle import BattleResult, checksum, pspace_slots, rng, run_battle, run_battles
from mars.config import MarsConfig
from mars.errors import ConfigError
from mars.instruction import Instruction, Mode, Modifier, Opcode
from mars.warrior import Warrior
from tests.mars.redcode_gen import generate_warrior


def cell(op: Opcode, mod: Modifier, a_mode: Mode, a: int, b_mode: Mode, b: int) -> Instruction:
    return Instruction(op, mod, a_mode, a % 8000, b_mode, b % 8000)


IMP = Warrior((cell(Opcode.MOV, Modifier.I, Mode.DIRECT, 0, Mode.DIRECT, 1),), name="imp")
DWARF = Warrior(
    (
        cell(Opcode.ADD, Modifier.AB, Mode.IMMEDIATE, 4, Mode.DIRECT, 3),
        cell(Opcode.MOV, Modifier.I, Mode.DIRECT, 2, Mode.B_INDIRECT, 2),
        cell(Opcode.JMP, Modifier.B, Mode.DIRECT, -2, Mode.DIRECT, 0),
        cell(Opcode.DAT, Modifier.F, Mode.IMMEDIATE, 0, Mode.IMMEDIATE, 0),
    ),
    name="dwarf",
)
SUICIDE = Warrior((cell(Opcode.DAT, Modifier.F, Mode.IMMEDIATE, 0, Mode.IMMEDIATE, 0),), name="dat")


def test_rng_is_the_minimal_standard_generator() -> None:
    # Park & Miller's published check: 10,000 steps from 1 give 1043618065.
    value = 1
    for _ in range(10000):
        value = rng(value)
    assert value == 1043618065


def test_pin_zero_shares_with_later_pinless_warriors() -> None:
    plain = Warrior(IMP.instructions)
    pinned = Warrior(IMP.instructions, pin=0)
    other = Warrior(IMP.instructions, pin=7)
    assert pspace_slots([plain, plain]) == [0, 1]
    assert pspace_slots([other, plain, other]) == [0, 1, 0]
    assert pspace_slots([pinned, plain]) == [0, 0]
    assert pspace_slots([plain, pinned]) == [0, 1]


def test_checksum_depends_on_code_and_order() -> None:
    assert checksum([IMP, DWARF]) != checksum([DWARF, IMP])
    assert checksum([IMP]) == checksum([Warrior(IMP.instructions, name="other name")])


def test_fixed_position_places_the_second_warrior() -> None:
    result = run_battle([DWARF, IMP], rounds=3, fixed_position=4000)
    assert result.records["position"][0].tolist() == [0, 4000]
    assert result.starter.tolist() == [0, 1, 0]


def test_same_seed_same_battle_and_different_seed_different_positions() -> None:
    first = run_battle([DWARF, IMP], rounds=20, seed=11)
    again = run_battle([DWARF, IMP], rounds=20, seed=11)
    other = run_battle([DWARF, IMP], rounds=20, seed=12)
    np.testing.assert_array_equal(first.scores, again.scores)
    assert not np.array_equal(first.records["position"], other.records["position"])


def test_outcomes_add_up() -> None:
    result = run_battle([DWARF, IMP], rounds=30, seed=3)
    for i in range(2):
        assert result.wins(i) + result.ties(i) + result.losses(i) == 30
    assert result.wins(0) == result.losses(1)


def test_run_to_end_keeps_scores_and_times_the_last_death() -> None:
    config = MarsConfig(cycles=2000)
    normal = run_battle([DWARF, SUICIDE], config, rounds=4, seed=5)
    to_end = run_battle([DWARF, SUICIDE], config, rounds=4, seed=5, run_to_end=True)
    np.testing.assert_array_equal(normal.scores, to_end.scores)
    # The dwarf never dies, so it runs the whole cycle budget only when run to the
    # end, less the turn sim.c's death accounting takes from the cycle count.
    assert (to_end.records["executed"][:, 0] == 1999).all()
    assert (normal.records["executed"][:, 0] <= 1).all()
    assert (to_end.records["death_cycle"][:, 1] == 1).all()


def test_trace_is_bounded_and_changes_nothing() -> None:
    plain = run_battle([DWARF, IMP], rounds=2, seed=9)
    traced = run_battle([DWARF, IMP], rounds=2, seed=9, trace_every=100, trace_frames=50)
    np.testing.assert_array_equal(plain.scores, traced.scores)
    trace = traced.trace
    assert trace is not None and 1 <= len(trace.owner) <= 50
    assert trace.owner.shape[1] == 8000
    # Frame 0 is the loaded core: each warrior owns exactly its own cells.
    start = traced.records["position"][0]
    assert set(np.flatnonzero(trace.owner[0] == 0)) == set(range(start[0], start[0] + 4))
    assert set(np.flatnonzero(trace.owner[0] == 1)) == {int(start[1])}
    # The imp writes one new cell per cycle.
    assert (trace.owner[-1] == 1).sum() > (trace.owner[0] == 1).sum()
    assert np.all(np.diff(trace.cycle) == 100)


def test_trace_frames_count_cycles_after_a_death() -> None:
    """Once a warrior dies the others have every turn: frames still come every
    ``trace_every`` cycles, labelled with the turns each survivor has had."""
    suicide = assemble(";name suicide\ndat 0, 0")
    config = MarsConfig(cycles=1000)
    traced = run_battle([suicide, IMP], config, seed=3, trace_every=50, run_to_end=True)
    trace = traced.trace
    assert trace is not None
    assert list(trace.cycle) == list(range(0, 1000, 50))
    # the imp moves one cell a turn: by a frame's cycle it has written that many cells
    written = (trace.owner == 1).sum(axis=1) - 1
    assert np.all(np.abs(written - trace.cycle) <= 1), (written, trace.cycle)


def test_dataframe_has_a_row_per_round_and_warrior() -> None:
    frame = run_battle([DWARF, IMP], rounds=5, seed=2).to_dataframe()
    assert len(frame) == 10
    assert {"round", "warrior", "name", "survived", "death_cycle", "coverage"} <= set(frame)
    assert frame.groupby("round")["first_to_move"].sum().tolist() == [1] * 5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"config": MarsConfig(coresize=150)},
        {"config": MarsConfig(mindistance=50)},
        {"fixed_position": 20},
        {"rounds": -1},
    ],
)
def test_bad_settings_raise_config_error(kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        run_battle([DWARF, IMP], **kwargs)


def test_warrior_assembled_for_another_core_is_refused() -> None:
    with pytest.raises(ConfigError, match="coresize"):
        run_battle([DWARF, Warrior(IMP.instructions, coresize=800)])


@pytest.mark.parametrize("size", [2, 3])
def test_outcomes_only_mode_gives_the_same_results(size: int) -> None:
    # Outcomes-only battles skip statistics and end rounds whose outcome is
    # settled; scores and death cycles must not change.
    config = MarsConfig(coresize=800, cycles=8000, processes=800, maxlength=40)
    rng = random.Random(size)
    for case in range(40):
        warriors = [
            assemble(generate_warrior(rng.randrange(10**6), coresize=800, maxlength=40), config)
            for _ in range(size)
        ]
        full = run_battle(warriors, config, rounds=6, seed=case)
        fast = run_battle(warriors, config, rounds=6, seed=case, behaviour=False)
        np.testing.assert_array_equal(full.scores, fast.scores)
        np.testing.assert_array_equal(full.records["death_cycle"], fast.records["death_cycle"])
        assert (fast.records["coverage"] == 0).all()


def factory_duel(second: Instruction) -> tuple[BattleResult, BattleResult]:
    """Two copies of ``SPL 0`` + ``second``, fought with and without statistics.

    They reach the process limit long before the cycle limit, so their
    rounds can be settled early.
    """
    factory = Warrior((cell(Opcode.SPL, Modifier.B, Mode.DIRECT, 0, Mode.DIRECT, 0), second))
    config = MarsConfig(cycles=20000, processes=1000)
    full = run_battle([factory, factory], config, rounds=4, seed=8)
    fast = run_battle([factory, factory], config, rounds=4, seed=8, behaviour=False)
    return full, fast


def test_settled_rounds_end_early_with_the_same_outcome() -> None:
    # Once no warrior can lose all its processes the round is a tie.
    full, fast = factory_duel(cell(Opcode.MOV, Modifier.I, Mode.DIRECT, 0, Mode.DIRECT, 1))
    np.testing.assert_array_equal(full.scores, fast.scores)
    assert full.ties(0) == 4
    assert (fast.records["executed"] < full.records["executed"]).all()


def test_rounds_with_stp_never_end_early() -> None:
    # STP later in a round would change P-space for the next round.
    full, fast = factory_duel(cell(Opcode.STP, Modifier.B, Mode.IMMEDIATE, 1, Mode.IMMEDIATE, 1))
    np.testing.assert_array_equal(full.records["executed"], fast.records["executed"])


@pytest.mark.parametrize("behaviour", [True, False])
def test_instruction_counts_survive_deaths_in_any_order(behaviour: bool) -> None:
    # Counts are credited in bulk when a warrior dies; each countdown must
    # still die after exactly its own number of instructions.
    def countdown(n: int) -> Warrior:
        return Warrior(
            (
                cell(Opcode.DJN, Modifier.B, Mode.DIRECT, 0, Mode.IMMEDIATE, n),
                cell(Opcode.DAT, Modifier.F, Mode.IMMEDIATE, 0, Mode.IMMEDIATE, 0),
            )
        )

    loop = Warrior((cell(Opcode.JMP, Modifier.B, Mode.DIRECT, 0, Mode.DIRECT, 0),))
    warriors = [SUICIDE, countdown(5), countdown(50), loop, countdown(9)]
    result = run_battle(
        warriors, MarsConfig(cycles=500), rounds=5, seed=4, run_to_end=True, behaviour=behaviour
    )
    deaths = result.records["death_cycle"]
    assert (deaths == [1, 6, 51, -1, 10]).all()
    executed = result.records["executed"]
    assert (executed[:, [0, 1, 2, 4]] == [1, 6, 51, 10]).all()
    assert (executed[:, 3] > 400).all()


def test_batches_in_threads_equal_one_by_one() -> None:
    battles = [[DWARF, IMP], [IMP, DWARF], [DWARF, SUICIDE, IMP], [IMP]] * 3
    seeds = list(range(100, 100 + len(battles)))
    batch = run_battles(battles, rounds=5, seeds=seeds, threads=2)
    for warriors, seed, result in zip(battles, seeds, batch, strict=True):
        alone = run_battle(warriors, rounds=5, seed=seed)
        np.testing.assert_array_equal(result.scores, alone.scores)
        np.testing.assert_array_equal(result.records["executed"], alone.records["executed"])


def test_batch_needs_a_seed_per_battle() -> None:
    with pytest.raises(ConfigError, match="seeds"):
        run_battles([[DWARF, IMP]] * 2, seeds=[1])
