"""Warriors from files and directories: order, skipped files, strictness, missing input."""

from __future__ import annotations

import pytest

from arena import InputError, load_roster, warrior_files
from mars import RedcodeError
from tests.arena.conftest import TINY


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.red").write_text(";name B\nmov 0, 1\n")
    (tmp_path / "sub" / "a.red").write_text(";name A\njmp 0\n")
    (tmp_path / "c.red").write_text(";name C\n\nmov 0, 1\nbogus 1\n")
    (tmp_path / "notes.txt").write_text("not a warrior")
    return tmp_path


def test_directories_stand_for_their_red_files_sorted(folder):
    files = warrior_files([folder, folder / "b.red"])
    names = [str(path.relative_to(folder)) for path in files]
    assert names == ["b.red", "c.red", "sub/a.red", "b.red"]


def test_a_bad_warrior_is_skipped_with_its_place(folder):
    roster = load_roster([folder], TINY)
    assert [w.name for w in roster.warriors] == ["B", "A"]
    (error,) = roster.skipped
    assert error.filename.endswith("c.red") and error.line == 4
    assert str(error).startswith(f"{folder / 'c.red'}:4: ")


def test_strict_stops_at_it(folder):
    with pytest.raises(RedcodeError, match="c.red:4"):
        load_roster([folder], TINY, strict=True)


def test_missing_and_empty_input(folder, tmp_path):
    with pytest.raises(InputError, match="nowhere.red: no such file") as missing:
        load_roster([folder / "b.red", folder / "nowhere.red"], TINY)
    assert missing.value.path == str(folder / "nowhere.red")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="empty: no .red files"):
        load_roster([empty], TINY)
    with pytest.raises(InputError, match="no warrior files given"):
        load_roster([], TINY)
    with pytest.raises(InputError, match="none of the 1 warrior files assembled"):
        load_roster([folder / "c.red"], TINY)


def test_assembled_for_the_battles_to_come(tmp_path):
    """pMARS tells the assembler how many warriors and rounds there will be."""
    (tmp_path / "w.red").write_text("dat #WARRIORS, #ROUNDS\n")
    (warrior,) = load_roster([tmp_path], TINY, warriors=3, rounds=7).warriors
    assert (warrior.instructions[0].a, warrior.instructions[0].b) == (3, 7)
