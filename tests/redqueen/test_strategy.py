"""Strategy recognition: hand-written warriors of each family, the library, the offline author."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import warriors
from mars import ConfigError, MarsConfig, Warrior, assemble, assemble_file
from redqueen.authors import OfflineAuthor, Request, extract_redcode
from redqueen.strategy import FAMILIES, Profile, classify, profile

STANDARD = warriors.SETTINGS["standard"]

# One textbook warrior per family, written here so the library's files play no part.
HAND_WRITTEN = {
    "imp": "mov.i #0, 1",
    "stone": """
        loop    add.ab  #4, bomb
                mov.i   bomb, @bomb
                jmp     loop
        bomb    dat     #0, #0
    """,
    "paper": """
                spl     1
                spl     1
        silk    spl     @0, >3000
                mov.i   }silk, >silk
                mov.i   bomb, {2000
        bomb    dat     <2667, <5334
    """,
    "clear": """
        gate    dat     #0, #6
        wipe    mov.i   kill, >gate
                djn.b   wipe, #7990
                jmp     0
        kill    dat     #0, #0
                end     wipe
    """,
    "scanner": """
        seek    add.ab  #97, spot
                jmz.f   seek, @spot
                mov.i   kill, @spot
                jmp     seek
        spot    dat     #0, #0
        kill    dat     #0, #0
    """,
    "vampire": """
        bite    add.f   reach, fang
                mov.i   fang, @fang
                jmp     bite
        fang    jmp     pit-fang-1000, 1000
        reach   dat     #-1000, #1000
        pit     spl     #0, 0
                jmp     pit
    """,
    "pspace": """
                ldp.ab  #0, last
                stp.b   last, #1
        loop    add.ab  #4, bomb
                mov.i   bomb, @bomb
                jmp     loop
        bomb    dat     #0, #0
        last    dat     #0, #0
                end
    """,
}


def _code(source: str) -> str:
    return "\n".join(line.strip() for line in source.strip().splitlines())


@pytest.mark.parametrize("family", sorted(HAND_WRITTEN))
def test_a_hand_written_warrior_is_its_family(family: str) -> None:
    warrior = assemble(_code(HAND_WRITTEN[family]), STANDARD)
    result = profile(warrior)
    assert result.family == family, result.features


def test_a_hand_written_hybrid_is_a_hybrid() -> None:
    # A silk paper beside a three-point imp spiral launched from the end of the code.
    paper_and_spiral = """
                spl     paper
                spl     second
                nop     0, 0
                jmp     imp
        second  spl     third
                jmp     imp+2667
        third   jmp     imp+5334
        paper   spl     1
                spl     1
        silk    spl     @0, >3000
                mov.i   }silk, >silk
                jmp     silk
        imp     mov.i   #0, 2667
    """
    assert classify(assemble(_code(paper_and_spiral), STANDARD)) == "hybrid"


def test_the_opcode_histogram_and_length_are_the_code_s() -> None:
    warrior = assemble(_code(HAND_WRITTEN["vampire"]), STANDARD)
    result = profile(warrior)
    assert result.opcodes == {"ADD": 1, "MOV": 1, "JMP": 3, "DAT": 1, "SPL": 1}
    assert result.length == len(warrior) == 7


def test_a_profile_is_deterministic_and_complete() -> None:
    warrior = assemble(_code(HAND_WRITTEN["paper"]), STANDARD)
    first, second = profile(warrior), profile(warrior, STANDARD)
    assert first == second and isinstance(first, Profile)
    assert first.family in FAMILIES and classify(warrior) == first.family
    assert set(first.features) == set(profile(assemble("dat 0, 0", STANDARD)).features)
    assert all(isinstance(value, float) for value in first.features.values())


def test_a_warrior_for_other_settings_needs_them() -> None:
    nano = warriors.SETTINGS["nano"]
    imp = assemble("mov.i $0, $1", nano)
    assert classify(imp, nano) == "imp"
    with pytest.raises(ConfigError):
        profile(imp)


def _accuracy(labelled: list[tuple[Warrior, MarsConfig, str]]) -> tuple[float, Counter]:
    misses: Counter[tuple[str, str, str]] = Counter()
    for warrior, config, family in labelled:
        got = classify(warrior, config)
        if got != family:
            misses[(warrior.name, family, got)] += 1
    return 1 - sum(misses.values()) / len(labelled), misses


def test_the_library_s_families_are_recognised() -> None:
    # A hybrid counts as right only when it is called "hybrid", not one of its parts.
    labelled = []
    for row in warriors.index().itertuples():
        config = warriors.SETTINGS[row.settings]
        labelled.append((assemble_file(row.path, config), config, row.family))
    accuracy, misses = _accuracy(labelled)
    report = ", ".join(f"{name}: {tag} -> {got}" for name, tag, got in sorted(misses))
    print(f"strategy accuracy on the library: {accuracy:.1%} of {len(labelled)}; misses: {report}")
    assert accuracy >= 0.9, f"accuracy {accuracy:.1%}; misses (tag -> label): {report}"


def test_the_offline_author_s_families_are_recognised() -> None:
    replies = OfflineAuthor(STANDARD).write([Request("new", seed=seed) for seed in range(40)])
    labelled = []
    for reply in replies:
        text = extract_redcode(reply.text)
        family = re.search(r"^;family (\w+)", text, re.MULTILINE)
        assert family, text
        labelled.append((assemble(text, STANDARD), STANDARD, family.group(1)))
    accuracy, misses = _accuracy(labelled)
    report = ", ".join(f"{name}: {tag} -> {got}" for name, tag, got in sorted(misses))
    print(f"strategy accuracy on 40 offline warriors: {accuracy:.1%}; misses: {report}")
    assert accuracy >= 0.8, f"accuracy {accuracy:.1%}; misses (tag -> label): {report}"
