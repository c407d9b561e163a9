"""Warriors from files and directories, for the command line and scripts.

A directory stands for every ``*.red`` file under it, in sorted order.  A
missing path or an empty set is an :class:`~arena.errors.InputError`; a file
that does not assemble is skipped (its :class:`~mars.RedcodeError` says
``file:line: message``) unless ``strict`` asks to stop at it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from arena.errors import InputError
from mars import MarsConfig, RedcodeError, Warrior, assemble_file


@dataclass(frozen=True)
class Roster:
    """The warriors that assembled, in input order, and the errors of those that did not."""

    warriors: tuple[Warrior, ...]
    skipped: tuple[RedcodeError, ...]


def warrior_files(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """The files the paths stand for: files as given, directories as their ``*.red`` files."""
    if not paths:
        raise InputError("no warrior files given")
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.rglob("*.red"))
            if not found:
                raise InputError("no .red files in this directory", str(path))
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or directory", str(path))
    return files


def load_roster(
    paths: Sequence[str | os.PathLike[str]],
    config: MarsConfig,
    *,
    strict: bool = False,
    warriors: int = 2,
    rounds: int = 1,
) -> Roster:
    """Assemble every warrior the paths stand for, for ``config``.

    ``warriors`` and ``rounds`` are what the battles will have; pMARS gives
    them to the assembler as ``WARRIORS`` and ``ROUNDS``.  Each warrior is
    assembled once, as pMARS assembles the first warrior of a battle.  With ``strict`` the
    first :class:`RedcodeError` is raised; without, it is kept in
    ``Roster.skipped``.  No warrior at all is an :class:`InputError`.
    """
    loaded, skipped = [], []
    for path in warrior_files(paths):
        try:
            loaded.append(assemble_file(path, config, warriors=warriors, rounds=rounds))
        except RedcodeError as error:
            if strict:
                raise
            skipped.append(error)
    if not loaded:
        raise InputError(f"none of the {len(skipped)} warrior files assembled")
    return Roster(tuple(loaded), tuple(skipped))
