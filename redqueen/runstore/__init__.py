"""The run store: everything a coevolution run did, in one directory.

A run directory holds ``config.json`` (the full configuration, written first,
pretty and sorted), ``run.sqlite`` (warriors with source, parents, author,
fitness and assembler errors; evaluations; archive snapshots; champions;
author calls; the committed steps with the engine state to resume from) and
``champions/round-NNN.red``, and ``writer.json`` (pid and host) while a
process writes it: a second writer is refused, and :meth:`RunStore.status`
tells running, finished and interrupted runs apart.  The engine writes one
generation at a time in a transaction, so a crash (Ctrl-C, ``kill -9``, a
lost machine) loses at most the generation in flight; the dashboards read it
with :meth:`RunStore.read_only` while it runs.  No pickles: engine state is
JSON (:func:`rng_state`).

```python
import random
from redqueen.descriptors import axes
from redqueen.runstore import RunStore, restore_rng, rng_state

# source, warrior (mars.assemble(source)), evaluation and archive come from the engine.

store = RunStore.create("runs/demo", {"seed": 1, "rounds": 10})
rng = random.Random(1)
with store.generation(1, 0) as generation:
    wid = generation.add_warrior(source, origin="new", author="offline", seed=7,
                                 assembled=warrior)   # or error="..." if it did not assemble
    generation.add_evaluation(wid, evaluation, descriptors=(0.0, 8.0), config=fitness_config)
    generation.snapshot(archive)          # elites' identifiers are str(wid)
    generation.state = {"rng": rng_state(rng)}
store.close()

store = RunStore.open("runs/demo")      # resume
step = store.last_step()                # Step(round=1, generation=0, state={...})
rng = restore_rng(step.state["rng"])
archive = store.restore_archive(step.round, axes())
```
"""

from redqueen.runstore._generation import GenerationWriter, RunStoreError, restore_rng, rng_state
from redqueen.runstore._schema import ORIGINS, PURPOSES, SCHEMA_VERSION
from redqueen.runstore._store import CONFIG, DATABASE, STATUSES, RunStore, Step, champion_text

__all__ = [
    "CONFIG",
    "DATABASE",
    "ORIGINS",
    "PURPOSES",
    "SCHEMA_VERSION",
    "STATUSES",
    "GenerationWriter",
    "RunStore",
    "RunStoreError",
    "Step",
    "champion_text",
    "restore_rng",
    "rng_state",
]
