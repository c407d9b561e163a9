"""Runs on a Ray cluster the user already has: submitted as Ray Jobs, managed, copied back.

:class:`Cluster` talks to a cluster's job server (the dashboard address,
``http://HEAD:8265``): :meth:`Cluster.submit` starts ``python -m redqueen.cli
COMMAND ...`` there as a Ray Job, and :meth:`~Cluster.status`,
:meth:`~Cluster.logs`, :meth:`~Cluster.follow`, :meth:`~Cluster.wait` and
:meth:`~Cluster.stop` manage it.  :func:`fetch_run` copies a run directory
from the head node back through Ray Client (``ray://HEAD:10001``).

The job's runtime environment ships this package, compiled VM included, as
Ray ``py_modules`` directories (:func:`runtime_env`): the packages of this
installation, or those unpacked from a wheel.  Not the wheel itself: Ray
installs a ``.whl`` py_module with ``pip install --target``, which would also
install every dependency, Ray included, into each job.  Nor Ray's
``working_dir``: its upload skips git-ignored files, the built VM among them.
The cluster's nodes need the same Python and Ray versions as this machine and
the project's dependencies; the package itself comes with each job.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import io
import multiprocessing
import os
import shlex
import shutil
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mars import MarsError

# The top-level packages of the distribution (pyproject's packages.find).
PACKAGES = ("mars", "arena", "redqueen", "warriors", "dashboards")
# The redqueen subcommands worth a cluster: those that play battles.
COMMANDS = ("coevolve", "tournament", "bench", "warriors")
JOB_SERVER_PORT = 8265
# Job metadata key holding the run directory a submitted coevolution writes.
RUN_DIR_KEY = "redqueen.run_dir"
# Tries of a Ray Client connection whose server the head failed to start.
CLIENT_ATTEMPTS = 3
_TERMINAL = ("SUCCEEDED", "FAILED", "STOPPED")


class ClusterError(MarsError):
    """A cluster that cannot be reached, a job it does not know, a command it cannot run.

    The message names the address or job at fault.
    """


@dataclass(frozen=True)
class JobState:
    """Where a submitted job stands: ``status`` is Ray's (PENDING, RUNNING, SUCCEEDED,
    FAILED, STOPPED); ``run_dir`` the run directory on the cluster, if known."""

    job_id: str
    status: str
    message: str
    entrypoint: str
    run_dir: str | None

    @property
    def finished(self) -> bool:
        return self.status in _TERMINAL


def stage_packages(directory: str | os.PathLike[str], wheel: str | None = None) -> list[Path]:
    """Copy this package's top-level packages, compiled VM included, into
    ``directory`` (from ``wheel`` if given, else from this installation) and
    return their directories, ready to be Ray ``py_modules``."""
    directory = Path(directory)
    if wheel is not None:
        try:
            with zipfile.ZipFile(wheel) as archive:
                members = [m for m in archive.namelist() if m.split("/")[0] in PACKAGES]
                archive.extractall(directory, members)
        except (OSError, zipfile.BadZipFile) as error:
            raise ClusterError(f"{wheel}: not a readable wheel ({error})") from None
    else:
        for name in PACKAGES:
            source = Path(importlib.import_module(name).__file__).parent
            # C sources and bytecode are of no use on the cluster.
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.c")
            shutil.copytree(source, directory / name, ignore=ignore)
    if not any((directory / "mars").glob("_vm*.so")):
        where = wheel or Path(importlib.import_module("mars").__file__).parent
        raise ClusterError(f"{where}: no compiled VM (mars/_vm*.so); build it, or give a wheel")
    return [directory / name for name in PACKAGES if (directory / name).is_dir()]


def runtime_env(directory: str | os.PathLike[str], wheel: str | None = None) -> dict[str, Any]:
    """The Ray runtime environment that makes this package importable on the
    cluster: :func:`stage_packages` into ``directory`` as ``py_modules``, and
    an empty working directory.

    Without a working directory of its own a job runs where the head's ``ray
    start`` ran, and Ray puts that directory first on its workers' path: a
    checkout of this project there would shadow the shipped package.
    """
    directory = Path(directory)
    packages = stage_packages(directory / "packages", wheel)
    empty = directory / "job"
    empty.mkdir()
    return {"py_modules": [str(path) for path in packages], "working_dir": str(empty)}


@functools.cache
def client_runtime_env(address: str | None) -> dict[str, Any] | None:
    """The runtime environment a driver attached through Ray Client (``ray://``,
    given or in ``RAY_ADDRESS``) sends with its work, so that the cluster's
    workers import this package as :func:`runtime_env` ships it; ``None`` for
    other addresses (a local Ray imports this installation).  Staged once per
    process, in a directory removed at exit."""
    address = address or os.environ.get("RAY_ADDRESS") or ""
    if not address.startswith("ray://"):
        return None
    directory = tempfile.mkdtemp(prefix="redqueen-ship-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return runtime_env(directory)


def run_dir_of(command: Sequence[str]) -> str | None:
    """The run directory a ``redqueen`` command line writes (``--out`` or
    ``--resume`` of ``coevolve``), or ``None``."""
    if not command or command[0] != "coevolve":
        return None
    for index, word in enumerate(command):
        for option in ("--out", "--resume"):
            if word == option and index + 1 < len(command):
                return command[index + 1]
            if word.startswith(option + "="):
                return word.split("=", 1)[1]
    return None


class Cluster:
    """The job server of a Ray cluster at ``address`` (``http://HEAD:8265``).

    Connects on first use; a cluster with Ray's token authentication wants
    ``RAY_AUTH_MODE=token`` and its token (``~/.ray/auth_token`` or
    ``RAY_AUTH_TOKEN``) in this process's environment, Ray's convention.
    """

    def __init__(self, address: str):
        self.address = address
        self._connection: Any = None

    @property
    def _client(self) -> Any:
        if self._connection is None:
            from ray.job_submission import JobSubmissionClient

            self._connection = self._call(lambda: JobSubmissionClient(self.address), "connect")
        return self._connection

    def _call(self, action: Any, what: str, job_id: str | None = None) -> Any:
        """``action()``, with Ray's errors turned into a :class:`ClusterError`."""
        from ray.exceptions import AuthenticationError, RayError

        where = self.address if job_id is None else f"{self.address}: job {job_id}"
        try:
            return action()
        except AuthenticationError:
            raise ClusterError(
                f"{where}: the cluster wants its token; set RAY_AUTH_MODE=token and put the"
                " head's ~/.ray/auth_token here (or RAY_AUTH_TOKEN)"
            ) from None
        except (OSError, RuntimeError, ValueError, RayError) as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            raise ClusterError(f"{where}: cannot {what}: {first}") from None

    def submit_entrypoint(
        self,
        command: str,
        *,
        wheel: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> str:
        """Start the shell command ``command`` as a job with this package shipped
        (:func:`runtime_env`); returns the job id."""
        with tempfile.TemporaryDirectory(prefix="redqueen-job-") as staging:
            environment = runtime_env(staging, wheel)
            return self._call(
                lambda: self._client.submit_job(
                    entrypoint=command, runtime_env=environment, metadata=metadata or {}
                ),
                "submit a job",
            )

    def submit(self, command: Sequence[str], *, wheel: str | None = None) -> str:
        """Start ``redqueen COMMAND ...`` (``coevolve``, ``tournament``, ``bench`` or
        ``warriors`` with its options) as a job; returns the job id.

        A coevolution must name its run directory with an absolute ``--out``
        (or ``--resume``): relative paths would land in whatever directory the
        head's ``ray start`` ran in.
        """
        if not command:
            raise ClusterError("nothing to submit: give a redqueen command after --")
        if command[0] not in COMMANDS:
            raise ClusterError(
                f"{command[0]!r} cannot be submitted; give one of {', '.join(COMMANDS)}"
            )
        run_dir = run_dir_of(command)
        if command[0] == "coevolve" and (run_dir is None or not run_dir.startswith("/")):
            raise ClusterError(
                "a submitted coevolve needs --out (or --resume) with an absolute path on the"
                " cluster, best on storage every node and you can reach"
            )
        metadata = {RUN_DIR_KEY: run_dir} if run_dir else None
        entrypoint = shlex.join(["python", "-m", "redqueen.cli", *command])
        return self.submit_entrypoint(entrypoint, wheel=wheel, metadata=metadata)

    def status(self, job_id: str) -> JobState:
        info = self._call(lambda: self._client.get_job_info(job_id), "find the job", job_id)
        return JobState(
            job_id=job_id,
            status=info.status.value,
            message=info.message or "",
            entrypoint=info.entrypoint,
            run_dir=(info.metadata or {}).get(RUN_DIR_KEY),
        )

    def logs(self, job_id: str) -> str:
        """The job's output so far."""
        return self._call(lambda: self._client.get_job_logs(job_id), "read the logs", job_id)

    def follow(self, job_id: str, poll: float = 1.0) -> Iterator[str]:
        """The job's output as it comes, until the job finishes."""
        shown = 0
        while True:
            finished = self.status(job_id).finished  # before reading, so nothing is missed
            text = self.logs(job_id)
            if len(text) > shown:
                yield text[shown:]
                shown = len(text)
            if finished:
                return
            time.sleep(poll)

    def wait(self, job_id: str, timeout: float | None = None, poll: float = 1.0) -> JobState:
        """The job's state once it has finished (or ``timeout`` seconds have passed)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            state = self.status(job_id)
            if state.finished or (deadline is not None and time.monotonic() > deadline):
                return state
            time.sleep(poll)

    def stop(self, job_id: str) -> bool:
        """Ask the job to stop; ``False`` if it had already finished."""
        return self._call(lambda: self._client.stop_job(job_id), "stop the job", job_id)


def job_server_of(address: str) -> str:
    """The job server beside a Ray Client address: same host, Ray's default port."""
    host = urlparse(address if "://" in address else f"ray://{address}").hostname
    return f"http://{host}:{JOB_SERVER_PORT}"


def _tar_task() -> Any:
    """The Ray function that packs a directory of the head node into tar.gz bytes.

    Made inside a function so that Ray ships it by value: the cluster need not
    have this package installed.
    """

    def pack(path: str) -> bytes | None:
        import io
        import os
        import tarfile

        if not os.path.isdir(path):
            return None
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            archive.add(path, arcname=".")
        return buffer.getvalue()

    return pack


def _copy_from_head(address: str, remote: str) -> tuple[bytes | None, str | None]:
    """In a child process: ``remote`` packed on the head node (``None`` if it is no
    directory), or why it could not be."""
    import ray

    try:
        context = ray.init(address, allow_multiple=True, logging_level="WARNING")
    except (ConnectionError, OSError, RuntimeError, ValueError) as error:
        return None, f"{address}: cannot connect with Ray Client: {error}"
    try:
        with context:
            # num_cpus=0: a copy must not queue behind the battles filling the CPUs.
            task = ray.remote(num_cpus=0, resources={"node:__internal_head__": 0.001})(_tar_task())
            return ray.get(task.remote(remote)), None
    except ray.exceptions.RayError as error:
        return None, f"{address}: copying {remote} failed: {error}"
    finally:
        # Leaving the context does not close a connection made with allow_multiple.
        context.disconnect()


def fetch_run(
    source: str,
    local_dir: str | os.PathLike[str],
    *,
    address: str,
    job_server: str | None = None,
) -> Path:
    """Copy a run directory from the cluster's head node into ``local_dir``
    (absent or empty); returns it.

    ``source`` is the directory's absolute path on the head, or the id of the
    job that wrote it (as :meth:`Cluster.submit` recorded, read from
    ``job_server``, by default :func:`job_server_of` ``address``).  The copy
    goes through a Ray Client connection to ``address`` (``ray://HEAD:10001``)
    and a task on the head node.  A run still being written may be caught
    between two generations' files; fetch it again once it has finished.
    """
    local = Path(local_dir)
    if local.exists() and (not local.is_dir() or any(local.iterdir())):
        raise ClusterError(f"{local}: exists and is not empty; give another directory")
    if not address.startswith("ray://"):
        raise ClusterError(f"{address}: fetch-run needs a Ray Client address, ray://HEAD:10001")
    remote = source
    if not source.startswith("/"):
        state = Cluster(job_server or job_server_of(address)).status(source)
        if state.run_dir is None:
            raise ClusterError(f"job {source}: wrote no run directory known to redqueen")
        remote = state.run_dir
    # Ray Client is used from a child process, one per attempt: a connection that
    # fails leaves Ray's client mode on in its process, which would break every
    # later use of Ray there (an embedded Ray, another connection).
    spawn = multiprocessing.get_context("spawn")
    for attempt in range(CLIENT_ATTEMPTS):
        with spawn.Pool(1) as child:
            data, failure = child.apply(_copy_from_head, (address, remote))
        # The head starts a client server per connection; under load that can fail once.
        if failure is None or "client server failed" not in failure:
            break
        time.sleep(2 * (attempt + 1))
    if failure is not None:
        raise ClusterError(failure)
    if data is None:
        raise ClusterError(f"{address}: no directory {remote} on the head node")
    local.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(local, filter="data")
    return local
