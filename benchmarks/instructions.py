"""Machine instructions per Redcode instruction, counted by cachegrind: a repeatable profile.

Wall-clock figures on a shared machine wander by ±20% from run to run; the
counts valgrind's cachegrind reports do not.  This program runs the same duels
through redqueen's VM (outcomes only, as ``speed.py`` times it) and through
exhaust-ma under cachegrind, and prints per executed Redcode instruction the
machine instructions, data writes and (simulated) mispredicted branches spent
in each simulator's inner loop.  These are the figures each VM optimisation was
judged by (see ``benchmarks/README.md``).

    pip install ".[bench]" && apt-get install valgrind && python benchmarks/instructions.py
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed  # noqa: E402  (the fight set and simulator drivers live there)

from mars import run_battle  # noqa: E402

# The inner-loop function of each simulator, as cg_annotate names it.
INNER_LOOPS = {"redqueen": r"_vm\.c:.*fuse_0.*run_(round|all)", "exhaust-ma": r"sim\.c:sim_mw"}
EVENTS = ("Ir", "Dw", "Bcm", "Bim")


def workload(simulator: str, fights: int, rounds: int) -> int:
    """Run the fights in this process; return the Redcode instructions executed."""
    warriors, _ = speed.load_warriors()
    executed = 0
    for fight in speed.choose_fights(warriors, [2], fights):
        reference = run_battle(
            fight.warriors, speed.CONFIG, rounds=rounds, fixed_position=fight.position
        )
        executed += int(reference.records["executed"].sum())
        run = speed.run_vm if simulator == "redqueen" else speed.run_exhaust
        run(fight, reference)
    return executed


def profile(simulator: str, fights: int, rounds: int) -> dict[str, float]:
    """Events per Redcode instruction in the simulator's inner loop."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "cachegrind.out"
        done = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--branch-sim=yes",
                f"--cachegrind-out-file={out}",
                f"--log-file={Path(scratch) / 'log'}",
                sys.executable,
                __file__,
                "--child",
                simulator,
                f"--fights={fights}",
                f"--rounds={rounds}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        executed = int(done.stdout.split()[-1])
        table = subprocess.run(
            ["cg_annotate", f"--show={','.join(EVENTS)}", str(out)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    for line in table.splitlines():
        if re.search(INNER_LOOPS[simulator], line):
            # "1,234 ( 5.6%)" per event, or a bare "0", then the file:function
            numbers = re.sub(r"\([^)]*\)", "", line.split(":")[0]).split()[: len(EVENTS)]
            counts = [int(n.replace(",", "")) for n in numbers]
            return {event: count / executed for event, count in zip(EVENTS, counts, strict=True)}
    raise RuntimeError(f"no inner loop of {simulator} in the cachegrind report")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fights", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(workload(args.child, args.fights, args.rounds))
        return
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed: apt-get install valgrind")
    print(f"{args.fights} duels x {args.rounds} rounds; per Redcode instruction executed:")
    print(f"  {'simulator':<12}{'instructions':>14}{'data writes':>13}{'mispredicts':>13}")
    for simulator in INNER_LOOPS:
        per = profile(simulator, args.fights, args.rounds)
        mispredicts = per["Bcm"] + per["Bim"]
        print(f"  {simulator:<12}{per['Ir']:>14.1f}{per['Dw']:>13.1f}{mispredicts:>13.2f}")


if __name__ == "__main__":
    main()
