"""Digital Red Queen coevolution: authors write warriors, the arena scores them, archives keep them.

:mod:`redqueen.coevolution` is the loop (:func:`coevolve`, with its
``PRESETS``); its parts are :mod:`redqueen.authors` (who writes the
Redcode), :mod:`redqueen.fitness` (a generation scored against the lineage),
:mod:`redqueen.descriptors` and :mod:`redqueen.archive` (the MAP-Elites grid
of behaviours) and :mod:`redqueen.runstore` (a run on disk).  Around it:
:mod:`redqueen.replicates` (one run per seed, side by side on Ray),
:mod:`redqueen.strategy` (a warrior's strategy family, from its behaviour),
:mod:`redqueen.cluster` (runs submitted to a Ray cluster) and
:mod:`redqueen.cli` (the ``redqueen`` command).
"""

from redqueen.archive import AddStatus, Archive, Elite
from redqueen.coevolution import CoevolutionConfig, coevolve
from redqueen.descriptors import AXES, PAPER_AXES, Axis
from redqueen.fitness import Evaluation, FitnessConfig, beats_lineage, evaluate, remeasure

__all__ = [
    "AXES",
    "PAPER_AXES",
    "AddStatus",
    "Archive",
    "Axis",
    "CoevolutionConfig",
    "Elite",
    "Evaluation",
    "FitnessConfig",
    "beats_lineage",
    "coevolve",
    "evaluate",
    "remeasure",
]
