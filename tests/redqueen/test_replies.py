"""Taking the Redcode out of an author's reply."""

from __future__ import annotations

import pytest

from mars import MarsError
from redqueen.authors import AuthorError, extract_redcode

DWARF = "loop add.ab #4, bomb\n     mov.i bomb, @bomb\n     jmp loop\nbomb dat #0, #0\n"


@pytest.mark.parametrize("info", ["redcode", "red", "", "Redcode", "asm"])
def test_a_fenced_block_gives_its_code(info: str) -> None:
    text = f"Here is my warrior.\n\n```{info}\n{DWARF}```\n\nIt bombs every fourth cell."
    assert extract_redcode(text) == DWARF


def test_the_last_block_wins() -> None:
    text = f"First try:\n```redcode\nmov 0, 1\n```\nBetter:\n```redcode\n{DWARF}```\n"
    assert extract_redcode(text) == DWARF


def test_a_marked_block_wins_over_an_unmarked_one() -> None:
    text = f"```redcode\n{DWARF}```\nUsage:\n```\npmars -r 100 dwarf.red\n```\n"
    assert extract_redcode(text) == DWARF


def test_blocks_of_other_languages_are_ignored() -> None:
    text = f"```red\n{DWARF}```\nTo check it:\n```python\nprint('mov 0, 1')\n```\n"
    assert extract_redcode(text) == DWARF


def test_tilde_fences_and_indented_fences() -> None:
    assert extract_redcode(f"~~~redcode\n{DWARF}~~~\n") == DWARF
    assert extract_redcode(f"  ```redcode\n{DWARF}  ```\n") == DWARF


def test_a_block_cut_off_by_a_token_limit_still_gives_its_code() -> None:
    assert extract_redcode(f"Here:\n```redcode\n{DWARF}") == DWARF


def test_unfenced_redcode_is_taken_whole() -> None:
    assert extract_redcode(DWARF) == DWARF
    assert extract_redcode("imp mov.i #0, 1") == "imp mov.i #0, 1\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I cannot help with that.",
        "We mov on to the end of the story.",
        "```redcode\n\n```",
        "```python\nprint(1)\n```",
    ],
)
def test_no_code_is_an_author_error(text: str) -> None:
    with pytest.raises(AuthorError) as caught:
        extract_redcode(text)
    assert isinstance(caught.value, MarsError)
    assert "code" in str(caught.value).lower() or "redcode" in str(caught.value).lower()
