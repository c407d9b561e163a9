"""Ray cluster submission: command checks, the shipped packages, and end to end on a real
two-node Ray cluster on 127.0.0.1 (head + worker started with ``ray start``)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

import redqueen
from redqueen.cli import main
from redqueen.cluster import (
    PACKAGES,
    Cluster,
    ClusterError,
    fetch_run,
    job_server_of,
    run_dir_of,
    stage_packages,
)
from redqueen.runstore import RunStore

PROJECT = Path(redqueen.__file__).resolve().parents[1]
# Ray reads its authentication mode once per process, so this test process may
# already be set either way by other tests; a cluster without authentication
# takes requests with or without a token.
AUTH_MODE = "disabled"
COEVOLUTION = [
    *("coevolve", "--settings", "nano", "--rounds", "2", "--iterations", "8", "--batch", "4"),
    *("--fitness-rounds", "6", "--no-cache", "--quiet", "--backend", "ray"),
]


def test_run_dir_is_read_from_the_command():
    assert run_dir_of(["coevolve", "--out", "/runs/a", "--quiet"]) == "/runs/a"
    assert run_dir_of(["coevolve", "--resume=/runs/b"]) == "/runs/b"
    assert run_dir_of(["coevolve", "--quiet"]) is None
    assert run_dir_of(["tournament", "--out", "/p.csv"]) is None


def test_staged_packages_hold_the_compiled_vm(tmp_path):
    staged = stage_packages(tmp_path)
    assert [path.name for path in staged] == list(PACKAGES)
    assert list((tmp_path / "mars").glob("_vm*.so"))
    assert not list(tmp_path.rglob("__pycache__"))


def test_a_wheel_is_unpacked_and_checked_for_the_vm(tmp_path):
    wheel = tmp_path / "redqueen-0.1.0-cp311-cp311-linux_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("redqueen/__init__.py", "")
        archive.writestr("redqueen-0.1.0.dist-info/METADATA", "")
    with pytest.raises(ClusterError, match="no compiled VM"):
        stage_packages(tmp_path / "a", str(wheel))
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("mars/_vm.cpython-311-x86_64-linux-gnu.so", "")
    staged = stage_packages(tmp_path / "b", str(wheel))
    assert [path.name for path in staged] == ["mars", "redqueen"]
    with pytest.raises(ClusterError, match="not a readable wheel"):
        stage_packages(tmp_path / "c", str(tmp_path / "missing.whl"))


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ([], "nothing to submit"),
        (["mars", "x.red"], "cannot be submitted"),
        (["coevolve", "--quiet"], "absolute path"),
        (["coevolve", "--out", "runs/x"], "absolute path"),
    ],
)
def test_bad_commands_are_refused_before_connecting(command, message):
    # Port 1: nothing listens; the command is refused first.
    with pytest.raises(ClusterError, match=message):
        Cluster("http://127.0.0.1:1").submit(command)


def test_cli_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path):
    assert main(["submit", "--address", "http://127.0.0.1:1", "--"]) == 2
    assert main(["jobs", "status", "raysubmit_x", "--address", "http://127.0.0.1:1"]) == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("")
    assert main(["fetch-run", "--address", "ray://127.0.0.1:1", "/r", str(tmp_path / "full")]) == 2
    assert main(["fetch-run", "--address", "http://127.0.0.1:1", "/r", str(tmp_path / "x")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 4
    assert "nothing to submit" in lines[0]
    assert "http://127.0.0.1:1" in lines[1]
    assert "not empty" in lines[2]
    assert "ray://HEAD:10001" in lines[3]


def test_the_job_server_sits_beside_the_client_server():
    assert job_server_of("ray://10.0.0.5:10001") == "http://10.0.0.5:8265"


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


def _node_ports() -> list[str]:
    """Every port a node listens on, chosen free: two nodes on one machine must not clash."""
    names = (
        "node-manager-port",
        "object-manager-port",
        "dashboard-agent-listen-port",
        "dashboard-agent-grpc-port",
        "runtime-env-agent-port",
        "metrics-export-port",
    )
    return [f"--{name}={port}" for name, port in zip(names, _free_ports(len(names)), strict=True)]


class _TestCluster:
    """A head and a worker node, each a ``ray start --block`` in its own process group."""

    def __init__(self, root: Path):
        self.root = root
        gcs, dashboard, client = _free_ports(3)
        self.job_server = f"http://127.0.0.1:{dashboard}"
        self.client = f"ray://127.0.0.1:{client}"
        self.nodes: list[subprocess.Popen] = []
        common = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--disable-usage-stats"]
        self._start(
            "head",
            [
                "--head",
                f"--port={gcs}",
                "--dashboard-host=127.0.0.1",
                f"--dashboard-port={dashboard}",
                f"--ray-client-server-port={client}",
                f"--temp-dir={root / 'ray'}",
                *common,
            ],
        )
        self.cluster = Cluster(self.job_server)
        self._wait(lambda: self.cluster._client.list_jobs() is not None, "the job server")
        self._start("worker", [f"--address=127.0.0.1:{gcs}", f"--temp-dir={root / 'ray'}", *common])
        self._wait(lambda: self._alive() == 2, "the worker node")

    def _start(self, name: str, options: list[str]) -> None:
        command = ["ray", "start", "--block", *options, *_node_ports()]
        log = open(self.root / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        self.nodes.append(
            subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=PROJECT,  # the hard case: a checkout where jobs start
                env={**os.environ, "RAY_AUTH_MODE": AUTH_MODE},
            )
        )

    def _alive(self) -> int:
        from ray.util.state import list_nodes

        return sum(node.state == "ALIVE" for node in list_nodes(address=self.job_server))

    def _wait(self, ready, what: str, timeout: float = 150) -> None:
        deadline, last = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            if any(node.poll() is not None for node in self.nodes):
                break
            try:
                if ready():
                    return
            except Exception as error:  # noqa: BLE001 (not up yet: any error means try again)
                last = error
            time.sleep(1)
        self.stop()
        logs = "\n".join(path.read_text()[-2000:] for path in self.root.glob("*.log"))
        pytest.fail(f"{what} did not come up (last error: {last}):\n{logs}")

    def stop(self) -> None:
        # A throwaway cluster: no 30 s drain.  Its processes share the nodes' groups,
        # and any stray one names this cluster's temporary directory.
        for node in self.nodes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.pid, signal.SIGKILL)
            node.wait()
        mine = subprocess.run(["pgrep", "-f", str(self.root)], capture_output=True, text=True)
        for pid in mine.stdout.split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)


@pytest.fixture(scope="module")
def cluster():
    if shutil.which("ray") is None:
        pytest.skip("the ray command is not installed")
    # Short: Ray's socket paths under it must stay within 107 bytes.
    root = Path(tempfile.mkdtemp(prefix="rq-", dir="/tmp"))
    try:
        started = _TestCluster(root)  # stops what it started if it fails
        try:
            yield started
        finally:
            started.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


# Prints where the driver and a worker of the job import this package from.
_WHERE = """
import importlib, ray, redqueen, mars._vm
print("driver", redqueen.__file__, mars._vm.__file__)
ray.init()
where = ray.remote(num_cpus=0)(lambda: importlib.import_module("mars._vm").__file__)
print("worker", ray.get(where.remote()))
"""


@pytest.mark.slow
def test_submit_runs_a_coevolution_with_the_shipped_package(cluster, tmp_path, capsys):
    # The nodes were started in this checkout, which must not shadow the shipped package.
    proof = cluster.cluster.submit_entrypoint(shlex.join(["python", "-c", _WHERE]))
    run_dir = tmp_path / "remote-run"
    code = main(
        ["submit", "--address", cluster.job_server, "--wait", "--", *COEVOLUTION]
        + ["--out", str(run_dir)]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    job_id = out.splitlines()[0]
    assert job_id.startswith("raysubmit_")
    assert "| round | champion |" in out

    # The job ran the shipped copies, on the driver and on a worker, not this checkout.
    state = cluster.cluster.wait(proof, timeout=60)
    logs = cluster.cluster.logs(proof)
    assert state.status == "SUCCEEDED", logs
    lines = [line.split() for line in logs.splitlines()]
    paths = [path for words in lines if words[:1] in (["driver"], ["worker"]) for path in words[1:]]
    assert len(paths) == 3, logs
    for path in paths:
        assert "runtime_resources/py_modules_files" in path
        assert not Path(path).resolve().is_relative_to(PROJECT)

    assert main(["jobs", "status", job_id, "--address", cluster.job_server]) == 0
    status = capsys.readouterr().out
    assert "SUCCEEDED" in status and str(run_dir) in status
    assert main(["jobs", "logs", job_id, "--address", cluster.job_server]) == 0
    assert f"run: {run_dir}" in capsys.readouterr().out

    # Copied back by job id through Ray Client, read as the dashboard reads it.
    local = tmp_path / "fetched"
    fetch = ["fetch-run", "--address", cluster.client, "--job-server", cluster.job_server]
    assert main([*fetch, job_id, str(local)]) == 0
    with RunStore.read_only(local) as store:
        assert store.status() == "finished"
        assert list(store.champions()["round"]) == [1, 2]
        assert len(store.warriors()) >= 16
    assert sorted(p.name for p in (local / "champions").iterdir()) == [
        "round-001.red",
        "round-002.red",
    ]
    with pytest.raises(ClusterError, match="no directory"):
        fetch_run("/no/such/run", tmp_path / "none", address=cluster.client)


@pytest.mark.slow
def test_coevolve_attaches_to_the_cluster_with_ray_client(cluster, tmp_path):
    run_dir = tmp_path / "client-run"
    done = subprocess.run(
        [sys.executable, "-m", "redqueen.cli", *COEVOLUTION, "--address", cluster.client]
        + ["--out", str(run_dir)],
        env={**os.environ, "RAY_AUTH_MODE": AUTH_MODE},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    with RunStore.read_only(run_dir) as store:
        assert list(store.champions()["round"]) == [1, 2]
    # the battles' workers import the package the driver shipped, not the checkout
    where = subprocess.run(
        [sys.executable, "-c", SHIPPED_VM, cluster.client],
        env={**os.environ, "RAY_AUTH_MODE": AUTH_MODE},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert where.returncode == 0, where.stderr
    path = where.stdout.strip().splitlines()[-1]
    assert "runtime_resources/py_modules_files" in path
    assert not Path(path).resolve().is_relative_to(PROJECT)


# Where a Ray Client driver's workers find the VM, as the arena's Ray backend connects.
SHIPPED_VM = """
import sys, ray
from arena import connect_ray
from redqueen.cluster import client_runtime_env

@ray.remote
def where():
    import mars._vm
    return mars._vm.__file__

connect_ray(sys.argv[1], runtime_env=client_runtime_env(sys.argv[1]))
print(ray.get(where.remote()))
"""


@pytest.mark.slow
def test_a_job_is_stopped(cluster, capsys):
    job_id = cluster.cluster.submit_entrypoint("sleep 120")
    assert main(["jobs", "stop", job_id, "--address", cluster.job_server]) == 0
    assert cluster.cluster.wait(job_id, timeout=60).status == "STOPPED"
    assert main(["jobs", "stop", job_id, "--address", cluster.job_server]) == 0
    assert "already finished" in capsys.readouterr().err
