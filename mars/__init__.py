"""An exact, fast ICWS'94 Memory Array Redcode Simulator, result for result pMARS 0.9.2.

Text becomes a :class:`Warrior` with :func:`assemble`; warriors fight with
:func:`run_battle`, which gives a :class:`BattleResult`.  ``redqueen mars``
(:mod:`mars.pmars_cli`) is a drop-in for the ``pmars`` command.
"""

from mars.assembler import Diagnostic, assemble, assemble_file, assemble_with_warnings
from mars.battle import BattleResult, Trace, check_battle, checksum, run_battle, run_battles
from mars.config import DEFAULT_CONFIG, MarsConfig
from mars.errors import ConfigError, MarsError, RedcodeError
from mars.instruction import Instruction, Mode, Modifier, Opcode
from mars.listing import format_listing
from mars.warrior import Warrior

__all__ = [
    "DEFAULT_CONFIG",
    "BattleResult",
    "ConfigError",
    "Diagnostic",
    "Instruction",
    "MarsConfig",
    "MarsError",
    "Mode",
    "Modifier",
    "Opcode",
    "RedcodeError",
    "Trace",
    "Warrior",
    "assemble",
    "assemble_file",
    "assemble_with_warnings",
    "check_battle",
    "checksum",
    "format_listing",
    "run_battle",
    "run_battles",
]
