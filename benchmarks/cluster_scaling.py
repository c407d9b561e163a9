"""Candidate evaluations per second against Ray workers, and a model of a 100-node cluster.

The workload is fixed: ``--candidates`` new warriors of the offline author
(fixed seeds) scored against a lineage of ``--lineage`` warriors (the Imp
and library warriors standing in for champions) with the demo preset's
fitness (1-on-1, 20 rounds per match) through :func:`redqueen.fitness.evaluate`,
cache off.  It is played

- serially, in this process: the cost of one match, the unit of the model;
- on an embedded Ray with 1, then 2 worker CPUs (``--cpus``);
- on Ray's multi-node test cluster (``ray.cluster_utils.Cluster``,
  ``--nodes`` nodes of 1 CPU each): separate raylets and object stores on
  this machine, as a real cluster has, without the network.

For each, ``--repeat`` passes (Ray's start-up and the workers' first
imports not counted) give the median evaluations per second, and the Ray
backend's counters give the per-task overhead: (wall time x workers -
seconds spent in battles) / tasks.  The driver's own time per generation
(offline author, assembler, scoring bookkeeping: :func:`evaluate` with every
result already cached) is measured too.  From these, the model

    scoring time = driver + max(matches x cost / W + tasks x overhead / W,
                                ceil(tasks / W) x (matches x cost / tasks + overhead))

(W workers; tasks of about 0.2 s of battles, but of one match each while
two per worker are in flight, as :class:`arena.RayBackend` makes them; the
second term: a task is not split, so a scoring takes at least its waves of
tasks) gives evaluations per second for this workload, for one coevolution
(generations of ``--batch`` candidates against the lineage) and for
``--seeds`` runs, one per worker, up to 100 nodes of ``--node-cpus`` CPUs.

Usage: ``python benchmarks/cluster_scaling.py [--candidates 64] [--lineage 6] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
import time
from dataclasses import dataclass

import warriors
from arena import Arena, ArenaConfig, RayBackend, ResultCache
from mars import assemble
from redqueen.authors import OfflineAuthor, Request, extract_redcode
from redqueen.coevolution import PRESETS
from redqueen.fitness import evaluate


@dataclass
class Measure:
    label: str
    workers: int
    rate: float  # evaluations per second (median)
    overhead: float  # seconds per task beyond its battles
    tasks: float  # tasks per pass


def _workload(candidates: int, lineage: int):
    settings = warriors.SETTINGS["standard"]
    author = OfflineAuthor(settings)
    replies = author.write([Request("new", seed=seed) for seed in range(candidates)])
    warriors_ = [assemble(extract_redcode(reply.text), settings) for reply in replies]
    library = [w for w in warriors.load_all("standard") if not w.name.lower().startswith("imp")]
    others = library[:: max(1, len(library) // (lineage - 1))][: lineage - 1]
    return settings, warriors_, [warriors.load("imp"), *others]


def _measure(label, backend, settings, candidates, lineage, fitness, repeat) -> Measure:
    arena = Arena(ArenaConfig(mars=settings), backend=backend, cache=None)
    workers = backend.workers()
    evaluate(candidates[: 2 * workers], lineage, arena, fitness)  # workers import the VM
    rates, overheads, tasks = [], [], []
    for _ in range(repeat):
        before_tasks, before_busy = backend.tasks, backend.busy
        start = time.perf_counter()
        evaluate(candidates, lineage, arena, fitness)
        wall = time.perf_counter() - start
        count, busy = backend.tasks - before_tasks, backend.busy - before_busy
        rates.append(len(candidates) / wall)
        overheads.append((wall * workers - busy) / count)
        tasks.append(count)
        print(f"  {label}: {rates[-1]:6.1f} evaluations/s, {count} tasks, {wall:.1f} s")
    return Measure(
        label, workers, statistics.median(rates), statistics.median(overheads), tasks[-1]
    )


def _model(matches: int, workers: int, cost: float, overhead: float, driver: float) -> float:
    """Seconds for one scoring of ``matches`` matches on ``workers`` workers."""
    tasks = min(matches, max(2 * workers, matches * cost / 0.2))
    spread = matches * cost / workers + tasks * overhead / workers
    waves = math.ceil(tasks / workers) * (matches * cost / tasks + overhead)
    return driver + max(spread, waves)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=64)
    parser.add_argument("--lineage", type=int, default=6, help="the Imp and N-1 library warriors")
    parser.add_argument("--cpus", type=int, default=2, help="most CPUs of the embedded Ray")
    parser.add_argument("--nodes", type=int, default=2, help="nodes of the multi-node cluster")
    parser.add_argument("--batch", type=int, default=8, help="candidates per generation")
    parser.add_argument("--node-cpus", type=int, default=2, help="CPUs per node of the estimate")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    settings, candidates, lineage = _workload(args.candidates, args.lineage)
    fitness = PRESETS["demo"].fitness
    matches = len(candidates) * len(lineage)
    print(
        f"{len(candidates)} candidates x {len(lineage)} opponents = {matches} matches of"
        f" {fitness.rounds} rounds (demo fitness, standard settings, cache off)"
    )

    serial = Arena(ArenaConfig(mars=settings), cache=None)
    start = time.perf_counter()
    evaluate(candidates, lineage, serial, fitness)
    cost = (time.perf_counter() - start) / matches
    print(
        f"serial: {len(candidates) / (cost * matches):6.1f} evaluations/s,"
        f" {cost * 1000:.1f} ms per match"
    )

    # The driver's share of a generation: author, assembler, scoring with every result cached.
    scratch = tempfile.TemporaryDirectory()
    cached = Arena(ArenaConfig(mars=settings), cache=ResultCache(f"{scratch.name}/cache.sqlite"))
    batch = candidates[: args.batch]
    evaluate(batch, lineage, cached, fitness)
    author = OfflineAuthor(settings)
    start = time.perf_counter()
    replies = author.write([Request("new", seed=seed) for seed in range(args.batch)])
    for reply in replies:
        assemble(extract_redcode(reply.text), settings)
    evaluate(batch, lineage, cached, fitness)
    driver = time.perf_counter() - start
    scratch.cleanup()
    print(f"driver time per generation of {args.batch}: {driver * 1000:.0f} ms")

    measures = []
    for cpus in range(1, args.cpus + 1):
        backend = RayBackend(cpus=cpus)
        measures.append(
            _measure(
                f"Ray, {cpus} CPU", backend, settings, candidates, lineage, fitness, args.repeat
            )
        )
        backend.close()

    import ray
    from ray.cluster_utils import Cluster

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    for _ in range(args.nodes - 1):
        cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, log_to_driver=False)
    backend = RayBackend()
    measures.append(
        _measure(
            f"{args.nodes} nodes x 1 CPU",
            backend,
            settings,
            candidates,
            lineage,
            fitness,
            args.repeat,
        )
    )
    backend.close()
    ray.shutdown()
    cluster.shutdown()

    print("\n| backend | workers | evaluations/s | speedup | overhead per task | tasks |")
    print("|---|---|---|---|---|---|")
    print(f"| serial | 1 | {1 / (cost * len(lineage)):.1f} | 1.00 | - | - |")
    for m in measures:
        print(
            f"| {m.label} | {m.workers} | {m.rate:.1f} | {m.rate * cost * len(lineage):.2f} |"
            f" {m.overhead * 1000:.1f} ms | {m.tasks:.0f} |"
        )

    overhead = statistics.median(m.overhead for m in measures)
    print(
        f"\nmodel: {cost * 1000:.1f} ms per match, {overhead * 1000:.1f} ms per task,"
        f" {driver * 1000:.0f} ms driver per generation"
    )
    generation = args.batch * len(lineage)
    # --seeds: one whole run per worker, serial battles inside, nothing shared.
    alone = args.batch / (driver + generation * cost)
    print(
        f"\n| workers | this workload | one run, generations of {args.batch} x {len(lineage)}"
        f" = {generation} matches | --seeds, one run per worker |"
    )
    print("|---|---|---|---|")
    for workers in (1, 2, 8, 32, 100, args.node_cpus * 100):
        share = driver * len(candidates) / args.batch  # the driver's time for the workload
        whole = len(candidates) / _model(matches, workers, cost, overhead, share)
        one = args.batch / _model(generation, workers, cost, overhead, driver)
        print(f"| {workers} | {whole:.0f} | {one:.0f} | {alone * workers:.0f} |")
    print("(evaluations per second, modelled)")


if __name__ == "__main__":
    main()
