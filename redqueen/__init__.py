"""Digital Red Queen coevolution: authors write warriors, the arena scores them, archives keep them.

The parts so far: :mod:`redqueen.authors` (who writes the Redcode),
:mod:`redqueen.fitness` (a generation scored against the lineage),
:mod:`redqueen.descriptors` and :mod:`redqueen.archive` (the MAP-Elites grid of
behaviours); :mod:`redqueen.cli` is the ``redqueen`` command.
"""

from redqueen.archive import AddStatus, Archive, Elite
from redqueen.descriptors import AXES, PAPER_AXES, Axis
from redqueen.fitness import Evaluation, FitnessConfig, beats_lineage, evaluate, remeasure

__all__ = [
    "AXES",
    "PAPER_AXES",
    "AddStatus",
    "Archive",
    "Axis",
    "Elite",
    "Evaluation",
    "FitnessConfig",
    "beats_lineage",
    "evaluate",
    "remeasure",
]
