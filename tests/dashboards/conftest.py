"""Fixture runs made by short real coevolutions, the dashboard served, and a headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from dashboards import create_app
from redqueen.coevolution import coevolve
from tests.redqueen.test_coevolution import CONFIG as COEVOLUTION

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# The coevolution tests' short nano run (a few seconds), held to what these tests count on.
CONFIG = replace(COEVOLUTION, rounds=3, settings="nano", opponents=("imp",))
SEEDS = (5, 6)


def copy_run(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two finished nano runs (seeds 5 and 6) and three that do not open: an empty
    directory, a half-written run and one of an older schema."""
    root = tmp_path_factory.mktemp("runs")
    for seed in SEEDS:
        coevolve(replace(CONFIG, seed=seed), root / f"seed-{seed}", progress=False)
    (root / "empty").mkdir()
    (root / "half").mkdir()
    (root / "half" / "config.json").write_text(json.dumps(CONFIG.to_dict()))
    old = copy_run(root / "seed-5", root / "old")
    with sqlite3.connect(old / "run.sqlite") as db:
        db.execute("UPDATE schema_version SET version = 1")
    return root


@pytest.fixture
def live_dir(runs_dir: Path, tmp_path: Path) -> Path:
    """A directory with one run that this process is writing: seed 5's run, configured
    for four rounds, with this process as its writer."""
    run = copy_run(runs_dir / "seed-5", tmp_path / "live" / "run")
    config = json.loads((run / "config.json").read_text())
    (run / "config.json").write_text(json.dumps({**config, "rounds": 4}))
    writer = {"pid": os.getpid(), "host": socket.gethostname(), "since": 0.0}
    (run / "writer.json").write_text(json.dumps(writer))
    return run.parent


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serves the dashboard of a runs directory in a thread; gives its address."""
    servers = []

    def start(directory: Path) -> str:
        server = make_server("127.0.0.1", 0, create_app(directory).server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """Debian's headless Chromium, driven by its chromedriver (scripts/install-browser.sh)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("chromium and chromedriver are missing: run scripts/install-browser.sh")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,1100")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
