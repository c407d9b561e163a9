"""Fixtures of the arena tests: small warriors, a backend that counts what it plays."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

import warriors
from arena import Arena, ArenaConfig, Match, MatchResult, SerialBackend
from mars import Warrior, assemble

TINY = warriors.SETTINGS["tiny"]


class CountingBackend(SerialBackend):
    """Serial play that counts the matches it is given."""

    def __init__(self) -> None:
        self.played = 0

    def run(self, matches: Sequence[Match]) -> Iterator[tuple[int, MatchResult]]:
        self.played += len(matches)
        yield from super().run(matches)


def tiny(text: str, name: str) -> Warrior:
    """Redcode assembled for the tiny settings."""
    return assemble(f";name {name}\n{text}", TINY, filename=f"{name}.red")


@pytest.fixture(scope="session")
def tiny_set() -> list[Warrior]:
    return warriors.load_all("tiny")


@pytest.fixture
def counting() -> CountingBackend:
    return CountingBackend()


@pytest.fixture
def tiny_arena(counting: CountingBackend) -> Arena:
    """Ten rounds a match under the tiny settings, serial, uncached, counted."""
    return Arena(ArenaConfig(mars=TINY, rounds=10, seed=3), backend=counting)
