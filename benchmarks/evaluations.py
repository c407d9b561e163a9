"""Candidate evaluations per second in coevolution: serial against Ray, per preset.

A coevolution generation is a batch of candidates scored against the
lineage (:func:`redqueen.fitness.evaluate`).  This plays the same batch, the
one a mid-run generation sees, on the serial backend and on an embedded Ray
with ``--cpus`` workers, ``--repeat`` passes of each interleaved, with the
result cache off, and prints the median candidate evaluations per second of
each and the speedup, for the fitness of each preset (``demo``: 1-on-1 hill
score against every opponent; ``paper``: one melee with all of them).  Both
backends must give the same fitnesses (checked).

The batch: ``--candidates`` new warriors of the offline author (fixed seeds,
as a round's first generations are); the lineage: the Imp and ``--lineage``
library warriors standing in for earlier champions.

Usage: ``python benchmarks/evaluations.py [--candidates 64] [--lineage 5] [--cpus 2] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import warriors
from arena import Arena, ArenaConfig, RayBackend
from mars import assemble
from redqueen.authors import OfflineAuthor, Request, extract_redcode
from redqueen.coevolution import PRESETS
from redqueen.fitness import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=64)
    parser.add_argument("--lineage", type=int, default=5, help="champions besides the Imp")
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved passes of each")
    args = parser.parse_args()

    settings = warriors.SETTINGS["standard"]
    author = OfflineAuthor(settings)
    replies = author.write([Request("new", seed=seed) for seed in range(args.candidates)])
    candidates = [assemble(extract_redcode(reply.text), settings) for reply in replies]
    library = [w for w in warriors.load_all("standard") if not w.name.lower().startswith("imp")]
    lineage = [
        warriors.load("imp"),
        *library[:: max(1, len(library) // args.lineage)][: args.lineage],
    ]
    print(
        f"{len(candidates)} candidates against a lineage of {len(lineage)} "
        f"({', '.join(w.name for w in lineage)}), standard settings, cache off"
    )
    backend = RayBackend(cpus=args.cpus)
    start = time.perf_counter()
    workers = backend.workers()
    print(f"Ray: {workers} CPUs, started in {time.perf_counter() - start:.1f} s (not counted)")
    serial = Arena(ArenaConfig(mars=settings), cache=None)
    parallel = Arena(ArenaConfig(mars=settings), backend=backend, cache=None)
    evaluate(candidates[:workers], lineage, parallel)  # the workers import the VM
    for name, preset in PRESETS.items():
        fitness = preset.fitness
        battles = len(lineage) if fitness.mode == "1v1" else 1
        print(
            f"\npreset {name}: fitness {fitness.mode}, {fitness.rounds} rounds, "
            f"{battles} match(es) per candidate"
        )
        rates: dict[str, list[float]] = {"serial": [], "Ray": []}
        for number in range(args.repeat):
            found = {}
            for label, arena in (("serial", serial), ("Ray", parallel)):
                start = time.perf_counter()
                found[label] = [e.fitness for e in evaluate(candidates, lineage, arena, fitness)]
                rates[label].append(len(candidates) / (time.perf_counter() - start))
            assert found["serial"] == found["Ray"], "the backends disagree"
            print(
                f"  pass {number + 1}: serial {rates['serial'][-1]:7.1f}/s, "
                f"Ray {rates['Ray'][-1]:7.1f}/s"
            )
        alone, ray = (statistics.median(rates[label]) for label in ("serial", "Ray"))
        print(f"  serial      {alone:7.1f} evaluations/s (median)")
        print(f"  Ray, {workers} CPUs {ray:7.1f} evaluations/s (median; same fitnesses: checked)")
        print(f"  speedup     {ray / alone:7.2f} x")
    backend.close()


if __name__ == "__main__":
    main()
