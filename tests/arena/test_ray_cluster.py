"""The Ray backend on an existing cluster: a head node started here, on 127.0.0.1.

The head runs ``ray start --head --block`` in a child process; ending that
process (by its id) stops the node and its workers.  ``ray stop`` would stop
every Ray on the machine, not just this one.  Head and driver both use Ray's
token authentication (``RAY_AUTH_MODE=token``, with the token Ray keeps in
``~/.ray/auth_token``, made here if missing as any local ``ray.init`` makes
it): a driver given an address must be told to send it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from arena import Arena, ArenaConfig, RayBackend, melee, round_robin
from tests.arena.conftest import TINY

pytestmark = pytest.mark.slow

CONFIG = ArenaConfig(mars=TINY, rounds=20, seed=6)
RAY = Path(sys.executable).parent / "ray"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, head: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(f"ray start exited with {head.returncode}:\n{head.stdout.read()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"the Ray head did not listen on port {port} within {timeout} s")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """The address of a two-CPU Ray head node, stopped (with its workers) afterwards."""
    subprocess.run([str(RAY), "get-auth-token", "--generate"], capture_output=True, check=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAY_AUTH_MODE", "token")
        yield from head_node(tmp_path_factory)


def head_node(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    command = [
        str(RAY),
        "start",
        "--head",
        f"--port={port}",
        "--node-ip-address=127.0.0.1",
        "--num-cpus=2",
        "--include-dashboard=false",
        "--disable-usage-stats",
        "--block",
    ]
    log = tmp_path_factory.mktemp("ray-head") / "head.log"
    with log.open("w") as out:
        head = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, text=True)
    try:
        head.stdout = log.open()  # for wait_for_port's message
        wait_for_port(port, head)
        yield f"127.0.0.1:{port}"
    finally:
        head.terminate()
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()


@pytest.fixture(scope="module")
def serial(tiny_set):
    return round_robin(tiny_set, arena=Arena(CONFIG)), melee(tiny_set, 3, arena=Arena(CONFIG))


def play_on(backend: RayBackend, tiny_set):
    import ray

    assert not ray.is_initialized()
    with Arena(CONFIG, backend=backend) as arena:
        tables = round_robin(tiny_set, arena=arena), melee(tiny_set, 3, arena=arena)
        address = ray.get_runtime_context().gcs_address
    assert not ray.is_initialized()  # the backend connected, so it disconnected
    return tables, address


def port(address: str) -> str:
    return address.rsplit(":", 1)[1]


def assert_same(first, second) -> None:
    for mine, theirs in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(mine.pairings, theirs.pairings)
        pd.testing.assert_frame_equal(mine.standings, theirs.standings)


def test_cluster_by_address_gives_the_serial_tables(cluster, serial, tiny_set):
    tables, address = play_on(RayBackend(cluster), tiny_set)
    assert port(address) == port(cluster)  # Ray may name 127.0.0.1 by the host's address
    assert_same(tables, serial)


def test_cluster_from_ray_address(cluster, serial, tiny_set, monkeypatch):
    monkeypatch.setenv("RAY_ADDRESS", cluster)
    tables, address = play_on(RayBackend(), tiny_set)
    assert port(address) == port(cluster)
    assert_same(tables, serial)
