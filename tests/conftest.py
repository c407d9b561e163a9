"""Fixtures shared by the test packages."""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from mars.pmars_cli import main as redqueen_mars_main

ROOT = Path(__file__).resolve().parent.parent
PMARS = ROOT / ".tools" / "pmars" / "pmars"


class Run(NamedTuple):
    """What one ``pmars`` / ``redqueen mars`` invocation printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The arena's default result cache, in a temporary directory instead of the user's."""
    directory = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(directory))
        yield directory


@pytest.fixture(scope="session")
def pmars_path() -> Path:
    """The reference pMARS binary, built by ``scripts/build-pmars.sh`` when missing.

    A missing reference fails the run instead of skipping it: the differential
    tests are the proof that the VM is exact, so they must not vanish silently.
    """
    if not PMARS.exists():
        build = subprocess.run(
            ["bash", str(ROOT / "scripts" / "build-pmars.sh")], capture_output=True, text=True
        )
        if build.returncode != 0 or not PMARS.exists():
            pytest.fail(f"cannot build the reference pMARS:\n{build.stdout}{build.stderr}")
    return PMARS


@pytest.fixture(scope="session")
def pmars(pmars_path: Path) -> Callable[[Sequence[str]], Run]:
    """Run the reference pMARS with these arguments."""

    def run(args: Sequence[str], stdin: str = "") -> Run:
        done = subprocess.run(
            [str(pmars_path), *args], input=stdin, capture_output=True, text=True, timeout=120
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def redqueen_mars() -> Callable[[Sequence[str]], Run]:
    """Run ``redqueen mars`` in-process with these arguments."""

    def run(args: Sequence[str]) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = redqueen_mars_main(list(args))
        return Run(code, out.getvalue(), err.getvalue())

    return run
