"""Serial against Ray on one round robin of the library: speedup and per-task overhead.

Plays a round robin of the standard library (41 warriors, 820 pairings;
``--warriors`` for fewer, at least 30) with the cache off, on the serial
backend and on an embedded Ray with ``--cpus`` workers, ``--repeat`` passes
of each interleaved, checks that both give the same tables, and prints the
median wall times, the speedup and two measures of what a Ray task costs
beyond its battles:

- overhead in the tournament: (Ray wall time x CPUs - serial wall time) / tasks,
  the CPU time lost per task, Ray's start-up excluded; split into the time
  the workers' battles took beyond the serial ones (two cores slow each other
  down a little) and the rest, the CPUs' time not spent in battles (Ray's
  messages and processes, and the workers idle at the start and the end);
- overhead of a near-empty task: many tasks of one 1-round match of a warrior
  that dies at once, wall time x CPUs / tasks.

For scale, each pass also plays the same matches on a plain process pool of
``--cpus`` processes (batches of 10, no Ray): what the machine itself allows.

On a shared machine other programs take cores from the workers; each pass
prints how many cores they kept busy (Linux: from /proc), and the speedups
are also given from the undisturbed passes alone (under 0.1 core), if any.

Usage: ``python benchmarks/scaling.py [--warriors 41] [--rounds 100] [--cpus 2] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

import warriors
from arena import Arena, ArenaConfig, Match, RayBackend, round_robin
from arena.backends import play_batch
from mars import assemble

# A pass during which other programs kept less than this many cores busy is undisturbed.
QUIET = 0.1


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by the whole machine and by this process and its descendants
    (the embedded Ray's processes among them, and children that have ended).  Linux only."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    machine = (sum(fields) - fields[3] - fields[4]) / tick  # all but idle and iowait
    parents, used = {}, {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                values = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        parents[int(entry)] = int(values[1])
        used[int(entry)] = (int(values[11]) + int(values[12])) / tick
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)  # children that have exited
    mine = ended.ru_utime + ended.ru_stime
    for pid, seconds in used.items():
        ancestor = pid
        while ancestor > 1 and ancestor != os.getpid():
            ancestor = parents.get(ancestor, 0)
        mine += seconds if ancestor == os.getpid() else 0.0
    return machine, mine


def others_load(function, *args, **kwargs):
    """``function``'s value and wall time, and how many cores other programs kept busy meanwhile."""
    machine, mine = _cpu_seconds()
    value, seconds = timed(function, *args, **kwargs)
    machine_after, mine_after = _cpu_seconds()
    return value, seconds, max(0.0, (machine_after - machine) - (mine_after - mine)) / seconds


def process_pool(matches: list[Match], cpus: int) -> float:
    """Wall seconds to play the matches on a pool of started processes, without Ray."""
    spawn = multiprocessing.get_context("spawn")  # no fork of a process running Ray's threads
    with ProcessPoolExecutor(cpus, mp_context=spawn) as pool:
        list(pool.map(play_batch, [matches[:1]] * cpus))  # start them, import arena
        start = time.perf_counter()
        list(pool.map(play_batch, [matches[i : i + 10] for i in range(0, len(matches), 10)]))
        return time.perf_counter() - start


def empty_task_cost(backend_options: dict, tasks: int) -> tuple[float, int]:
    """Seconds of CPU per task when a task holds one trivial match (one task per match)."""
    suicide = assemble(";name suicide\ndat 0, 0")
    imps = [assemble(f";name imp {i}\nmov 0, 1\ndat {i}, 0") for i in range(tasks)]
    config = ArenaConfig(rounds=1, behaviour=False)
    matches = [config.match([suicide, imp])[0] for imp in imps]
    backend = RayBackend(task_seconds=0, **backend_options)  # one match per task
    list(backend.run(matches[:20]))  # warm the workers up
    start, before = time.perf_counter(), backend.tasks
    list(backend.run(matches))
    wall = time.perf_counter() - start
    return wall * backend.workers() / (backend.tasks - before), backend.tasks - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warriors", type=int, default=41)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved passes of each")
    args = parser.parse_args()
    fighters = warriors.load_all("standard")[: args.warriors]
    config = ArenaConfig(rounds=args.rounds, seed=0)
    pairs = len(fighters) * (len(fighters) - 1) // 2
    print(f"round robin of {len(fighters)} warriors: {pairs} pairings of {args.rounds} rounds")

    backend = RayBackend(cpus=args.cpus)
    _, startup = timed(backend.workers)
    workers = backend.workers()
    warm = ArenaConfig(rounds=1, seed=1)
    list(backend.run([warm.match(fighters[:2])[0]] * (2 * workers)))  # workers import arena
    matches = [config.match(pair)[0] for pair in itertools.combinations(fighters, 2)]
    serial_times, ray_times, pool_times, tasks, busy = [], [], [], [], []
    quiet: dict[str, list[float]] = {"serial": [], "Ray": [], "processes": []}
    for _ in range(args.repeat):
        serial, seconds, load = others_load(round_robin, fighters, arena=Arena(config))
        serial_times.append(seconds)
        quiet["serial"] += [seconds] if load < QUIET else []
        line = f"  pass: serial {seconds:6.2f} s (other programs: {load:.1f} cores), "
        before, busy_before = backend.tasks, backend.busy
        parallel, seconds, load = others_load(
            round_robin, fighters, arena=Arena(config, backend=backend)
        )
        ray_times.append(seconds)
        quiet["Ray"] += [seconds] if load < QUIET else []
        tasks.append(backend.tasks - before)
        busy.append(backend.busy - busy_before)
        pd.testing.assert_frame_equal(serial.pairings, parallel.pairings)
        pd.testing.assert_frame_equal(serial.standings, parallel.standings)
        line += f"Ray {seconds:6.2f} s ({load:.1f}; {tasks[-1]} tasks), "
        _, seconds, load = others_load(process_pool, matches, workers)
        pool_times.append(seconds)
        quiet["processes"] += [seconds] if load < QUIET else []
        print(line + f"processes {seconds:6.2f} s ({load:.1f})")
    serial_time, ray_time = statistics.median(serial_times), statistics.median(ray_times)
    print(f"serial backend      {serial_time:8.2f} s  (median)")
    print(f"Ray, {workers} CPUs          {ray_time:8.2f} s  (median; same tables: checked)")
    print(f"Ray start-up        {startup:8.2f} s  (not counted above)")
    print(f"speedup             {serial_time / ray_time:8.2f} x")
    pool_time = statistics.median(pool_times)
    print(f"plain processes     {pool_time:8.2f} s  (median): {serial_time / pool_time:.2f} x")
    if all(quiet.values()):
        alone = {name: statistics.median(times) for name, times in quiet.items()}
        counts = "/".join(str(len(times)) for times in quiet.values())
        print(
            f"undisturbed passes  serial {alone['serial']:.2f} s, Ray {alone['Ray']:.2f} s "
            f"({alone['serial'] / alone['Ray']:.2f} x), processes {alone['processes']:.2f} s "
            f"({alone['serial'] / alone['processes']:.2f} x); medians of {counts} passes"
        )
    # The parts of the overhead, in the pass with the median Ray time.
    middle = sorted(range(args.repeat), key=ray_times.__getitem__)[(args.repeat - 1) // 2]
    count, battles = tasks[middle], busy[middle]
    cpu = ray_times[middle] * workers
    overhead = (cpu - serial_times[middle]) / count
    print(f"overhead per task   {overhead * 1000:8.1f} ms of CPU, of which")
    slower = (battles - serial_times[middle]) / count
    print(f"  battles slower    {slower * 1000:8.1f} ms (the tasks' battles took {battles:.2f} s)")
    rest = (cpu - battles) / count
    print(f"  outside battles   {rest * 1000:8.1f} ms (Ray, and workers idle at start and end)")
    cost, count = empty_task_cost({}, 400)
    print(f"near-empty task     {cost * 1000:8.1f} ms of CPU each ({count} tasks)")
    backend.close()


if __name__ == "__main__":
    main()
