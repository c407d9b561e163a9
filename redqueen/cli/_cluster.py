"""``submit``, ``jobs`` and ``fetch-run``: work handed to a Ray cluster."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from redqueen.cli._options import (
    EXIT_BACKEND,
    Handler,
)
from redqueen.cluster import JOB_SERVER_PORT, Cluster, ClusterError, JobState, fetch_run


def register(commands: Any) -> dict[str, Handler]:
    """Add the commands' parsers; their handlers by name."""
    job_server = os.environ.get("RAY_ADDRESS", "")
    if not job_server.startswith(("http://", "https://")):
        job_server = f"http://127.0.0.1:{JOB_SERVER_PORT}"

    def address(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--address", default=job_server, metavar="URL", help=f"the job server [{job_server}]"
        )

    submit = commands.add_parser(
        "submit", help="run a redqueen command on a Ray cluster as a Ray Job: -- coevolve ..."
    )
    address(submit)
    submit.add_argument("--wait", action="store_true", help="stream the job's output to its end")
    submit.add_argument(
        "--wheel", metavar="PATH", help="ship this wheel's build of redqueen [this installation]"
    )
    submit.add_argument(
        "job_command", nargs=argparse.REMAINDER, metavar="-- COMMAND", help="a redqueen command"
    )
    jobs = commands.add_parser("jobs", help="a submitted job: its status, its output, or stop it")
    jobs.add_argument("action", choices=("status", "logs", "stop"))
    jobs.add_argument("job_id", metavar="JOB_ID")
    address(jobs)
    jobs.add_argument("--follow", action="store_true", help="logs: go on until the job ends")
    fetch = commands.add_parser(
        "fetch-run", help="copy a run directory from a cluster's head node (through Ray Client)"
    )
    fetch.add_argument("source", metavar="JOB_ID_OR_REMOTE_DIR")
    fetch.add_argument("local_dir", type=Path, metavar="LOCAL_DIR")
    fetch.add_argument(
        "--address",
        default=os.environ.get("RAY_ADDRESS"),
        metavar="ray://HEAD:10001",
        help="the cluster's Ray Client server [RAY_ADDRESS]",
    )
    fetch.add_argument(
        "--job-server", metavar="URL", help="where to look a JOB_ID up [http://HEAD:8265]"
    )
    return {"submit": _submit, "jobs": _jobs, "fetch-run": _fetch_run}


def _submit(args: argparse.Namespace) -> int:
    command = args.job_command
    command = command[1:] if command[:1] == ["--"] else command
    cluster = Cluster(args.address)
    job_id = cluster.submit(command, wheel=args.wheel)
    print(job_id, flush=True)
    if not args.wait:
        return 0
    try:
        for text in cluster.follow(job_id):
            print(text, end="", flush=True)
    except KeyboardInterrupt:
        print(f"\njob {job_id} goes on; redqueen jobs stop {job_id} stops it", file=sys.stderr)
        return 130
    return _job_exit(cluster.status(job_id))


def _job_exit(state: JobState) -> int:
    """A finished job's exit code: 0 if it succeeded, else the backend's."""
    if state.status != "SUCCEEDED":
        print(f"job {state.job_id}: {state.status} {state.message}".rstrip(), file=sys.stderr)
        return EXIT_BACKEND
    return 0


def _jobs(args: argparse.Namespace) -> int:
    cluster = Cluster(args.address)
    if args.action == "status":
        state = cluster.status(args.job_id)
        print(f"{state.job_id} {state.status} {state.message}".rstrip())
        print(f"entrypoint: {state.entrypoint}")
        if state.run_dir:
            print(f"run directory: {state.run_dir}")
    elif args.action == "logs" and args.follow:
        for text in cluster.follow(args.job_id):
            print(text, end="", flush=True)
        return _job_exit(cluster.status(args.job_id))
    elif args.action == "logs":
        print(cluster.logs(args.job_id), end="")
    elif not cluster.stop(args.job_id):
        print(f"job {args.job_id} had already finished", file=sys.stderr)
    return 0


def _fetch_run(args: argparse.Namespace) -> int:
    if not args.address:
        raise ClusterError("give --address ray://HEAD:10001 (or set RAY_ADDRESS)")
    run_dir = fetch_run(
        args.source, args.local_dir, address=args.address, job_server=args.job_server
    )
    print(f"run directory: {run_dir} (redqueen dashboard {run_dir.parent})")
    return 0
