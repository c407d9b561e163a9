"""The project's library of warriors, one ``.red`` file each, with a queryable index.

Files live in ``warriors/<family>/<name>.red`` for the standard settings, in
``warriors/tiny/<name>.red`` for the 800-cell tiny hill and in
``warriors/nano/<name>.red`` for the 80-cell nano hill.  Each carries the
headers ``;name``, ``;author``, ``;strategy`` and ``;family`` (hybrids also
``;parts``); the index is read from those headers, so adding a file is all it
takes to add a warrior.  A warrior's key is its file name without ``.red``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from mars import DEFAULT_CONFIG, MarsConfig, Warrior, assemble_file

ROOT = Path(__file__).resolve().parent

# The battle settings each part of the library is written for.
SETTINGS: dict[str, MarsConfig] = {
    "standard": DEFAULT_CONFIG.resolved(),
    "tiny": MarsConfig(
        coresize=800, cycles=8000, processes=800, maxlength=20, mindistance=20
    ).resolved(),
    "nano": MarsConfig(
        coresize=80, cycles=800, processes=80, maxlength=5, mindistance=5
    ).resolved(),
}
FAMILIES = ("imp", "stone", "paper", "scanner", "clear", "vampire", "oneshot", "hybrid", "pspace")

_HEADER = re.compile(r"^;(name|author|strategy|family|parts)\b[ \t]?(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """One library file as its headers describe it; ``key`` is the file name without ``.red``."""

    key: str
    name: str
    author: str
    family: str
    parts: tuple[str, ...]
    settings: str
    path: Path
    strategy: str


def _entry(path: Path) -> Entry:
    fields: dict[str, list[str]] = {}
    for tag, value in _HEADER.findall(path.read_text()):
        fields.setdefault(tag, []).append(value.strip())
    relative = path.relative_to(ROOT)
    return Entry(
        key=path.stem,
        name=" ".join(fields.get("name", [""])),
        author=" ".join(fields.get("author", [""])),
        family=" ".join(fields.get("family", [""])),
        parts=tuple(" ".join(fields.get("parts", [])).split()),
        settings=relative.parts[0] if relative.parts[0] in SETTINGS else "standard",
        path=path,
        strategy=" ".join(fields.get("strategy", [])),
    )


@functools.cache
def _entries() -> dict[str, Entry]:
    paths = sorted(ROOT.rglob("*.red"), key=lambda p: p.stem)
    return {entry.key: entry for entry in map(_entry, paths)}


def _check_settings(settings: str) -> None:
    if settings not in SETTINGS:
        raise ValueError(f"unknown settings {settings!r}; choose from {', '.join(SETTINGS)}")


def index() -> pd.DataFrame:
    """One row per warrior: key, name, author, family, parts, settings, path, strategy."""
    rows = [asdict(entry) for entry in _entries().values()]
    return pd.DataFrame(rows, columns=[field.name for field in fields(Entry)])


def names(settings: str | None = "standard", family: str | None = None) -> list[str]:
    """Sorted keys of the warriors for ``settings`` (``None``: all) and ``family``."""
    if settings is not None:
        _check_settings(settings)
    if family is not None and family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    return [
        key
        for key, entry in _entries().items()
        if settings in (None, entry.settings) and family in (None, entry.family)
    ]


def families() -> tuple[str, ...]:
    """The strategy families a warrior's ``;family`` header may name."""
    return FAMILIES


def entry(key: str) -> Entry:
    """The index entry of one warrior; ``KeyError`` names the unknown key."""
    try:
        return _entries()[key]
    except KeyError:
        raise KeyError(f"no warrior {key!r} in the library") from None


def config(key: str) -> MarsConfig:
    """The battle settings the warrior was written for."""
    return SETTINGS[entry(key).settings]


def load(key: str) -> Warrior:
    """The warrior assembled for the settings it was written for."""
    return assemble_file(entry(key).path, config(key))


def by_family(family: str, settings: str = "standard") -> list[Warrior]:
    """Every warrior of ``family`` for ``settings``, in key order."""
    return [load(key) for key in names(settings, family)]


def load_all(settings: str = "standard") -> list[Warrior]:
    """Every warrior for ``settings``, in key order."""
    return [load(key) for key in names(settings)]
