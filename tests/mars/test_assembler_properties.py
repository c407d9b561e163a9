"""Properties of the assembler on arbitrary input: it refuses cleanly, and round-trips."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mars.assembler import assemble
from mars.config import DEFAULT_CONFIG, MarsConfig
from mars.errors import RedcodeError
from mars.instruction import Instruction, Mode, Modifier, Opcode
from mars.warrior import Warrior
from tests.mars._redcode_fuzz import damage, random_program

# Pieces of Redcode, so that random texts get past the first token more often.
WORDS = "mov dat jmp spl add.ab djn.f seq.i nop ldp stp org end pin equ for rof CURLINE CORESIZE"
SYMBOLS = "x y lab i start # $ @ < > * { } , . : & && || ! = == ( ) + - / % ; ;assert ;redcode"
REDCODE_WORDS = st.sampled_from(
    [
        *WORDS.split(),
        *SYMBOLS.split(),
        ";name",
        "\\",
        "\n",
        "\r\n",
        "\t",
        "0",
        "1",
        "7",
        "-1",
        "8000",
        "99999999999",
        "x&i",
    ]
)
redcode_soup = st.lists(REDCODE_WORDS, max_size=80).map(" ".join)


def assembles_or_refuses(text: str, config: MarsConfig = DEFAULT_CONFIG) -> Warrior | None:
    """Assemble ``text``: a warrior or a RedcodeError, nothing else, and quickly."""
    started = time.perf_counter()
    try:
        warrior = assemble(text, config)
    except RedcodeError as error:
        assert error.message
        warrior = None
    assert time.perf_counter() - started < 5
    return warrior


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=()), max_size=600))  # surrogates too
def test_any_text_is_assembled_or_refused(text):
    assembles_or_refuses(text)


@settings(max_examples=300, deadline=None)
@given(redcode_soup)
def test_redcode_soup_is_assembled_or_refused(text):
    assembles_or_refuses(text)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**6), st.randoms(use_true_random=False))
def test_damaged_programs_are_assembled_or_refused(seed, rng):
    assembles_or_refuses(damage(rng, random_program(seed)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.integers(0, 10**6),
    st.sampled_from([MarsConfig(), MarsConfig(coresize=97, maxlength=40, mindistance=45)]),
)
def test_load_text_round_trips_assembled_programs(seed, config):
    warrior = assembles_or_refuses(random_program(seed, valid=True), config)
    if warrior is not None:
        assert assemble(warrior.load_text(), config) == warrior


def warriors(coresize: int, maxlength: int):
    field = st.integers(0, coresize - 1)
    instruction = st.builds(
        Instruction,
        st.sampled_from(Opcode),
        st.sampled_from(Modifier),
        st.sampled_from(Mode),
        field,
        st.sampled_from(Mode),
        field,
    )
    # Text as pMARS can read it back: one line, no leading blank, no final "\" (which
    # would join the next line).
    line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).filter(
        lambda s: not s.endswith("\\")
    )
    name = line.filter(lambda s: s.strip() == s and s != "")
    return st.builds(
        Warrior,
        instructions=st.lists(instruction, min_size=1, max_size=maxlength).map(tuple),
        start=field,
        name=name,
        author=name,
        strategy=st.lists(line.map(str.lstrip), max_size=3).map("\n".join),
        pin=st.none() | st.integers(-(2**63), 2**63 - 1),
        coresize=st.just(coresize),
    )


@settings(max_examples=150, deadline=None)
@given(warriors(8000, 100))
def test_load_text_round_trips_any_warrior(warrior):
    assert assemble(warrior.load_text()) == warrior


@settings(max_examples=50, deadline=None)
@given(warriors(61, 10))
def test_load_text_round_trips_on_a_small_core(warrior):
    assert assemble(warrior.load_text(), MarsConfig(coresize=61, maxlength=10)) == warrior
