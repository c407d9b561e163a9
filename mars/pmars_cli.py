"""``redqueen mars``: pMARS 0.9.2's command line over redqueen's assembler and VM.

A drop-in for the ``pmars`` SERVER build (no debugger, no display): the same
options, defaults and checks (``clparse.c``), and byte for byte the same
standard output (listings from ``pmars.c`` ``body()``, results from ``cdb.c``
``results()``), so scripts written for pMARS keep working.  Supported switches:
``-r -s -c -p -l -d -S -F -f -b -k -o -=``.  pMARS's others (``-e -V -8 -P -Q
-@``) are refused with a message.  Messages (assembler warnings included) go
to standard error, worded by redqueen.

Exit codes are pMARS's: 0 success, 2 bad command line (``CLP_NOGOOD``), 3 a
warrior that cannot be read or assembled (``PARSEERR``), 254 out of memory
(``MEMERR``).  A core above 65536 cells or more than 65536 processes per
warrior, which pMARS accepts and the VM does not, also exit with 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from mars._expression import OK, Evaluator, ExpressionAbort
from mars.assembler import assemble_with_warnings
from mars.battle import checksum, run_battle
from mars.config import DEFAULT_CONFIG, MAX_WARRIORS, MarsConfig
from mars.errors import ConfigError, MarsError, RedcodeError
from mars.listing import format_listing
from mars.warrior import Warrior

EXIT_BAD_COMMAND_LINE = 2
EXIT_BAD_WARRIOR = 3
EXIT_OUT_OF_MEMORY = 254  # pMARS's MEMERR (-2) as an exit status

_INT_MAX = 2**31 - 1
_INT_MIN = -(2**31)
_LONG_MAX = 2**63 - 1
_MAX_CORESIZE = (_INT_MAX >> 1) + 1  # global.h MAXCORESIZE

# letter -> (option or MarsConfig field, lowest, highest), as clparse.c records them.
_VALUE_SWITCHES = {
    "r": ("rounds", 0, _INT_MAX),
    "s": ("coresize", 1, _MAX_CORESIZE),
    "c": ("cycles", 1, _LONG_MAX),
    "p": ("processes", 1, _INT_MAX),
    "l": ("maxlength", 1, 1000),
    "d": ("mindistance", 1, _MAX_CORESIZE // MAX_WARRIORS),
    "F": ("fixed_position", 0, _MAX_CORESIZE),
    "S": ("pspacesize", 1, _MAX_CORESIZE),
}
_FLAG_SWITCHES = {"b": "brief", "k": "koth", "f": "fixed_series", "o": "sort"}
_FORMULA_SWITCH = "="
_UNSUPPORTED = {
    "e": "the debugger",
    "V": "verbose assembly",
    "8": "ICWS'88 mode",
    "P": "permutated starting positions",
    "Q": "exit codes from results",
    "@": "option files",
}
STDIN = "-"
DEFAULT_SCORE_FORMULA = "(W*W-1)/S"  # config.h DEFAULTSCORE
# The evaluator registers the score formula reads: warriors and survivors.
_W, _S = ord("W") - ord("A"), ord("S") - ord("A")

USAGE = """\
Usage:
   redqueen mars [options] file1 [files ..]
   The special file - stands for standard input

Options:
  -r # Rounds to play [1]              -b   Brief mode (no source listings)
  -s # Size of core [8000]             -k   Output in KotH format
  -c # Cycles until tie [80000]        -f   Fixed position series
  -p # Max. processes [8000]           -o   Sort result output by score
  -l # Max. warrior length [100]       -S # Size of P-space [1/16th core]
  -d # Min. warriors distance          -F # Fixed position of warrior #2
  -= $ Score formula $ [(W*W-1)/S]
"""


@dataclass(frozen=True)
class PmarsOptions:
    """A parsed ``pmars`` command line; ``fixed_position`` 0 means "not given", as in pMARS."""

    files: tuple[str, ...]
    config: MarsConfig
    rounds: int = 1
    brief: bool = False
    koth: bool = False
    sort: bool = False
    fixed_series: bool = False
    fixed_position: int = 0
    score_formula: str = DEFAULT_SCORE_FORMULA


def _switch_value(letter: str, text: str) -> int:
    """A numeric argument, checked like ``clp_parse``: digits only, within the range."""
    _, lowest, highest = _VALUE_SWITCHES[letter]
    if not text.isascii() or not text.isdigit():
        raise ConfigError(f'Bad argument for "-{letter}" switch')
    value = min(int(text), _LONG_MAX)  # atol() saturates
    if not lowest <= value <= highest:
        raise ConfigError(f'Option "-{letter}" value must be in the range {lowest} - {highest}')
    return value


def parse_options(argv: Sequence[str]) -> PmarsOptions:
    """Read a ``pmars`` argument list (without the program name); raise ConfigError if bad.

    As in pMARS, options and files may be mixed; flags may be bundled (``-bk``)
    and toggle each time they appear; a valued switch takes the next argument
    and may only end a bundle (``-br 5``, not ``-r5``); an empty argument or
    ``$`` ends the command line.
    """
    values = {"rounds": 1, "fixed_position": 0, **asdict(DEFAULT_CONFIG)}
    formula = DEFAULT_SCORE_FORMULA
    flags = dict.fromkeys(_FLAG_SWITCHES.values(), False)
    files: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in ("", "$"):
            break
        if not arg.startswith("-") or arg == STDIN:
            if len(files) == MAX_WARRIORS:
                raise ConfigError(f'Too many parameters "{arg}"')
            if arg.endswith("-") and arg != STDIN:  # pMARS: "3-" reads 3 warriors from stdin
                count = arg[:-1]
                if count.isdigit() and int(count):
                    raise ConfigError("several warriors from standard input are not supported")
                raise ConfigError(f'Unknown option "{count}"')
            files.append(arg)
            continue
        for position, letter in enumerate(arg[1:], start=1):
            if letter in _FLAG_SWITCHES:
                flags[_FLAG_SWITCHES[letter]] ^= True
            elif letter in _VALUE_SWITCHES or letter == _FORMULA_SWITCH:
                text = next(args, "")
                if position != len(arg) - 1 or text in ("", "$"):
                    raise ConfigError(f'Bad argument for "-{letter}" switch')
                if letter == _FORMULA_SWITCH:
                    formula = text
                else:
                    values[_VALUE_SWITCHES[letter][0]] = _switch_value(letter, text)
                break
            elif letter in _UNSUPPORTED:
                raise ConfigError(f'"-{letter}" ({_UNSUPPORTED[letter]}) is not supported')
            else:
                raise ConfigError(f'Unknown option "{arg}"')
    return _checked(values, flags, formula, files)


def _checked(
    values: dict[str, int], flags: dict[str, bool], formula: str, files: list[str]
) -> PmarsOptions:
    """The checks ``parse_param`` makes once the whole command line is read."""
    if not files:
        raise ConfigError("No warrior file specified")
    if files.count(STDIN) > 1:
        raise ConfigError("only one warrior can be read from standard input")
    if flags["fixed_series"] and values["fixed_position"]:
        raise ConfigError("Only one of -f and -F can be given")
    config = MarsConfig(**{f.name: values[f.name] for f in fields(MarsConfig)}).resolved()
    config.check_warriors(len(files))
    if values["fixed_position"] and values["fixed_position"] < config.mindistance:
        raise ConfigError("Position of warrior #2 cannot be smaller than warrior distance")
    evaluator = Evaluator({_W: len(files)})
    if any(_weight(evaluator, formula, alive) is None for alive in range(1, len(files) + 1)):
        raise ConfigError(f"Bad score formula {formula!r}")
    return PmarsOptions(
        tuple(files),
        config,
        values["rounds"],
        fixed_position=values["fixed_position"],
        score_formula=formula,
        **flags,
    )


def _weight(evaluator: Evaluator, formula: str, alive: int) -> int | None:
    """The formula's value with ``S`` survivors, None where pMARS sees an error.

    Registers the formula assigns keep their values from one call to the next,
    as pMARS's do.
    """
    evaluator.registers[_S] = alive
    try:
        status, value = evaluator.evaluate(formula)
    except ExpressionAbort:
        return None
    return value if status >= OK else None


def total_scores(results: np.ndarray, formula: str = DEFAULT_SCORE_FORMULA) -> list[int]:
    """pMARS's score of each warrior (``cdb.c`` ``score()``), in C ``int`` arithmetic.

    ``results`` is ``BattleResult.scores``; rounds survived with S warriors
    alive count ``formula`` points each.  pMARS keeps those counts in C
    ``short``s, so they wrap past 32767 rounds; that is reproduced.
    """
    count = len(results)
    evaluator = Evaluator({_W: count})
    totals = []
    for row in results.astype(np.int16).tolist():
        total = 0
        for alive in range(1, count + 1):
            weight = _weight(evaluator, formula, alive)
            if weight is None:
                total = _INT_MIN
                break
            total = _c_int(total + row[alive - 1] * weight)
        totals.append(total)
    return totals


def _c_int(value: int) -> int:
    return (value - _INT_MIN) % 2**32 + _INT_MIN


def format_results(
    warriors: Sequence[Warrior],
    results: np.ndarray,
    *,
    koth: bool = False,
    sort: bool = False,
    formula: str = DEFAULT_SCORE_FORMULA,
) -> str:
    """The text pMARS prints after a battle: ``results()``, or with ``koth`` the -k form."""
    count = len(warriors)
    counts = results.astype(np.int16).tolist()  # C shorts, see total_scores()
    totals = total_scores(results, formula)
    deaths = [sum(row[count:]) for row in counts]
    if koth and count == 2:
        return "".join(f"{row[0]} {row[1]}\n" for row in counts)
    if koth:
        return "".join(
            " ".join(map(str, [totals[i], *counts[i][:count], deaths[i]])) + "\n"
            for i in range(count)
        )
    # A stable sort keeps pMARS's order among equal scores (its bubble sort swaps only on <).
    order = sorted(range(count), key=lambda i: -totals[i]) if sort else list(range(count))
    lines = []
    for i in order:
        lines.append(f"{warriors[i].name} by {warriors[i].author} scores {totals[i]}\n")
        if count > 2:
            lines.append("  Results: " + " ".join(map(str, counts[i][:count])) + f" {deaths[i]}\n")
    if count == 2:
        first = counts[order[0]]
        lines.append(f"Results: {first[0]} {first[2]} {first[1]}\n")
    return "".join(lines)


def _read(name: str) -> str:
    """A warrior's text; bytes that are not UTF-8 survive for the assembler (surrogateescape)."""
    if name == STDIN:
        return sys.stdin.read()
    try:
        return Path(name).read_bytes().decode("utf-8", "surrogateescape")
    except OSError as error:
        raise RedcodeError(f"Unable to open file '{name}'", name) from error


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pmars``-style arguments; return the exit code pMARS would."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        options = parse_options(argv)
    except ConfigError as error:
        if not argv:
            sys.stderr.write(USAGE + "\n")
        print(f"redqueen mars: {error}", file=sys.stderr)
        return EXIT_BAD_COMMAND_LINE
    warriors = []
    for index, name in enumerate(options.files):
        try:
            warrior, warnings = assemble_with_warnings(
                _read(name),
                options.config,
                filename=name,
                warriors=len(options.files),
                rounds=options.rounds,
                index=index,
            )
        except RedcodeError as error:
            print(error, file=sys.stderr)
            return EXIT_BAD_WARRIOR
        for warning in warnings:
            print(f"{name}: {warning}", file=sys.stderr)
        warriors.append(warrior)
        if not options.brief:
            sys.stdout.write(format_listing(warrior))
    if options.rounds == 0:
        return 0
    try:
        result = run_battle(
            warriors,
            options.config,
            rounds=options.rounds,
            seed=checksum(warriors) if options.fixed_series else None,
            fixed_position=options.fixed_position or None,
            behaviour=False,  # pmars reports outcomes only
        )
    except MarsError as error:  # settings pMARS accepts but the VM cannot run (> 65536)
        print(f"redqueen mars: {error}", file=sys.stderr)
        return EXIT_BAD_COMMAND_LINE
    except MemoryError as error:  # the battle's arrays do not fit in memory
        print(f"redqueen mars: {error}", file=sys.stderr)
        return EXIT_OUT_OF_MEMORY
    sys.stdout.write(
        format_results(
            warriors,
            result.scores,
            koth=options.koth,
            sort=options.sort,
            formula=options.score_formula,
        )
    )
    return 0
