"""Every opcode x modifier x A-mode x B-mode against the plain ICWS'94 model."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from mars.battle import run_battle
from mars.config import MarsConfig
from mars.instruction import Instruction, Mode, Modifier, Opcode
from mars.warrior import Warrior
from tests.mars.icws94_model import step

SIZE = 32  # small, so pointers often land on the instruction itself or on each other


def random_cell(rng: random.Random) -> Instruction:
    return Instruction(
        rng.choice(list(Opcode)),
        rng.choice(list(Modifier)),
        rng.choice(list(Mode)),
        rng.choice([0, 1, 2, SIZE - 1, rng.randrange(SIZE)]),
        rng.choice(list(Mode)),
        rng.choice([0, 1, 2, SIZE - 1, rng.randrange(SIZE)]),
    )


def run_one_cycle(core: list[Instruction], pc: int, processes: int):
    """The whole core is one warrior at address 0; run exactly one instruction."""
    config = MarsConfig(coresize=SIZE, cycles=1, processes=processes, maxlength=SIZE)
    warrior = Warrior(tuple(core), start=pc, coresize=SIZE)
    return run_battle([warrior], config, rounds=1, seed=1)


def as_rows(core: list[Instruction]) -> np.ndarray:
    return np.array([[c.pmars_opcode, c.a_mode, c.a, c.b_mode, c.b] for c in core])


@pytest.mark.parametrize("opcode", list(Opcode), ids=lambda o: o.name)
def test_every_form_matches_the_model(opcode: Opcode) -> None:
    rng = random.Random(int(opcode))
    for modifier, a_mode, b_mode in itertools.product(Modifier, Mode, Mode):
        for _ in range(2):
            core = [random_cell(rng) for _ in range(SIZE)]
            pc = rng.randrange(SIZE)
            core[pc] = Instruction(
                opcode, modifier, a_mode, rng.randrange(SIZE), b_mode, rng.randrange(SIZE)
            )
            processes = rng.choice([1, 2, 8])
            expected = step(core, pc, SIZE, tasks=1, processes=processes, last_result=SIZE - 1)
            result = run_one_cycle(core, pc, processes)
            form = f"{core[pc].load_form(SIZE)} at {pc}"
            np.testing.assert_array_equal(result.final_core, as_rows(expected.core), err_msg=form)
            assert result.final_queues[0] == expected.queued, form
            assert bool(result.records["survived"][0, 0]) != expected.died, form


def test_spl_with_full_queue_keeps_only_the_following_cell() -> None:
    spl = Instruction(Opcode.SPL, Modifier.B, Mode.DIRECT, 5, Mode.DIRECT, 0)
    core = [spl] + [Instruction(Opcode.DAT, Modifier.F, Mode.DIRECT, 0, Mode.DIRECT, 0)] * 7
    config = MarsConfig(coresize=8, cycles=1, processes=1, maxlength=8)
    result = run_battle([Warrior(tuple(core), coresize=8)], config, seed=1)
    assert result.final_queues[0] == [1]
    assert result.records["spawned"][0, 0] == 0


def test_spawn_counts_and_peak() -> None:
    # SPL 0 then JMP -1: the process count doubles until the limit.
    core = (
        Instruction(Opcode.SPL, Modifier.B, Mode.DIRECT, 0, Mode.DIRECT, 0),
        Instruction(Opcode.JMP, Modifier.B, Mode.DIRECT, -1 % 64, Mode.DIRECT, 0),
    )
    config = MarsConfig(coresize=64, cycles=200, processes=16, maxlength=64)
    result = run_battle([Warrior(core, coresize=64)], config, seed=1)
    assert result.records["peak_processes"][0, 0] == 16
    assert result.records["spawned"][0, 0] == 15
    assert result.records["executed"][0, 0] == 200
    assert result.records["coverage"][0, 0] == 2
