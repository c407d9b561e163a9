"""``redqueen mars`` option handling, messages and exit codes (pMARS's where it has them)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from mars.config import MarsConfig
from mars.errors import ConfigError
from mars.pmars_cli import (
    EXIT_BAD_COMMAND_LINE,
    EXIT_BAD_WARRIOR,
    format_results,
    parse_options,
    total_scores,
)
from mars.warrior import Warrior
from redqueen.cli import main as redqueen_main

ROOT = Path(__file__).resolve().parents[2]
IMP = str(ROOT / "warriors" / "imp" / "imp.red")
DWARF = str(ROOT / "warriors" / "stone" / "dwarf.red")


def test_defaults_are_pmars():
    options = parse_options([IMP])
    assert options.config == MarsConfig(8000, 80000, 8000, 100, 100, 500)
    assert (options.rounds, options.brief, options.koth, options.sort) == (1, False, False, False)
    assert (options.fixed_series, options.fixed_position) == (False, 0)


def test_options_and_files_mix_and_flags_toggle():
    options = parse_options(["-bk", IMP, "-r", "7", "-b", "-ob", DWARF, "-s", "800", "-l", "40"])
    assert options.files == (IMP, DWARF)
    assert (options.rounds, options.brief, options.koth, options.sort) == (7, True, True, True)
    assert options.config == MarsConfig(800, 80000, 8000, 40, 40, 50)


def test_valued_switch_may_end_a_bundle():
    assert parse_options(["-bf", "-kr", "3", IMP]).rounds == 3


@pytest.mark.parametrize("end", ["$", ""])
def test_dollar_or_empty_argument_ends_the_command_line(end):
    assert parse_options([IMP, end, DWARF, "-x"]).files == (IMP,)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-r"], 'Bad argument for "-r" switch'),
        (["-r5", IMP], 'Bad argument for "-r" switch'),
        (["-rb", "5", IMP], 'Bad argument for "-r" switch'),
        (["-r", "-5", IMP], 'Bad argument for "-r" switch'),
        (["-c", "1e5", IMP], 'Bad argument for "-c" switch'),
        (["-s", "0", IMP], 'Option "-s" value must be in the range 1 - 1073741824'),
        (["-l", "1001", IMP], 'Option "-l" value must be in the range 1 - 1000'),
        (["-x", IMP], 'Unknown option "-x"'),
        (["--", IMP], 'Unknown option "--"'),
        (["foo-", IMP], 'Unknown option "foo"'),
        ([], "No warrior file specified"),
        (["-b"], "No warrior file specified"),
        (["-f", "-F", "200", IMP], "Only one of -f and -F can be given"),
        (["-d", "50", IMP], "mindistance 50 is smaller than maxlength 100"),
        (["-s", "150", IMP, DWARF], "coresize 150 is too small for 2 warriors"),
        (["-F", "50", IMP, DWARF], "Position of warrior #2 cannot be smaller"),
        (["-S", "9000", IMP], "pspacesize 9000 is larger than coresize 8000"),
        ([IMP] * 37, "Too many parameters"),
        (["-=", "1/(S-2)", IMP, DWARF], "Bad score formula"),
        (["-=", "S+", IMP], "Bad score formula"),
        (["-=", "$", IMP], 'Bad argument for "-=" switch'),
    ],
)
@pytest.mark.differential
def test_bad_command_lines(pmars, redqueen_mars, args, message):
    run = redqueen_mars(args)
    assert run.code == EXIT_BAD_COMMAND_LINE == pmars(args).code
    assert message in run.err
    assert run.out == ""


@pytest.mark.parametrize("switch", ["-e", "-V", "-8", "-P", "-Q", "-@"])
def test_unsupported_pmars_switches_are_refused(redqueen_mars, switch):
    run = redqueen_mars([switch, "x", IMP])
    assert run.code == EXIT_BAD_COMMAND_LINE
    assert "not supported" in run.err


def test_usage_without_arguments(redqueen_mars):
    run = redqueen_mars([])
    assert "Usage:" in run.err and "No warrior file specified" in run.err


@pytest.mark.differential
def test_missing_file(pmars, redqueen_mars, tmp_path):
    args = [IMP, str(tmp_path / "absent.red")]
    run = redqueen_mars(args)
    expected = pmars(args)
    assert (run.code, run.out) == (EXIT_BAD_WARRIOR, expected.out) == (expected.code, expected.out)
    assert "Unable to open file" in run.err and "absent.red" in run.err


@pytest.mark.differential
def test_warrior_that_does_not_assemble(pmars, redqueen_mars, tmp_path):
    bad = tmp_path / "bad.red"
    bad.write_text(";redcode-94\n;name Bad\nmov 0, nowhere\n")
    # pMARS lists the warriors before the bad one, then stops: nothing after it is run.
    args = [IMP, str(bad), DWARF]
    run = redqueen_mars(args)
    expected = pmars(args)
    assert (run.code, run.out) == (EXIT_BAD_WARRIOR, expected.out) == (expected.code, expected.out)
    assert "bad.red" in run.err


@pytest.mark.differential
def test_rounds_zero_only_lists(pmars, redqueen_mars):
    run = redqueen_mars(["-r", "0", "-f", DWARF, IMP])
    assert run.code == 0
    assert run.out.startswith('Program "Dwarf" (length 4) by "redqueen"\n\n')
    assert "scores" not in run.out
    assert run.out == pmars(["-r", "0", "-f", DWARF, IMP]).out


@pytest.mark.differential
@pytest.mark.parametrize(
    "args",
    [
        ["-b", "-b", "-r", "2", "-f", IMP, DWARF],  # toggled twice: listings are back
        ["-F", "0", "-f", "-b", IMP, DWARF],  # -F 0 is "no -F", so no clash with -f
        ["-br", "3", "-f", IMP, DWARF, "$", "ignored.red"],
        ["-b", "-f", "-r", "40000", "-c", "1", IMP, IMP],  # 16-bit score counters wrap
    ],
)
def test_pmars_quirks(pmars, redqueen_mars, args):
    run, expected = redqueen_mars(args), pmars(args)
    assert (run.code, run.out) == (expected.code, expected.out)


@pytest.mark.differential
@pytest.mark.parametrize(
    "formula",
    ["S", "W-S+1", "10", "S==1", "(x=x+1)*S", "3/S%2", "W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*W*S"],
)
@pytest.mark.parametrize("warriors", [[IMP, DWARF], [DWARF, IMP, IMP], [DWARF]])
@pytest.mark.parametrize("koth", [[], ["-k"]])
def test_score_formula(pmars, redqueen_mars, formula, warriors, koth):
    args = ["-b", "-o", "-f", "-r", "5", "-=", formula, *koth, *warriors]
    run, expected = redqueen_mars(args), pmars(args)
    assert (run.code, run.out) == (expected.code, expected.out)


@pytest.mark.differential
@pytest.mark.parametrize(
    "source",
    [
        ";name Empty\n",  # no instructions: only a warning; its process starts on empty core
        ";name Outside\nORG 5\nmov 0, 1\nspl 0\n",  # start outside: a warning too
        ";name Before\nORG -1\nmov 0, 1\nspl 0\n",
    ],
    ids=["empty", "start-after", "start-before"],
)
def test_odd_warriors_that_pmars_accepts(pmars, redqueen_mars, tmp_path, source):
    odd = tmp_path / "odd.red"
    odd.write_text(source)
    args = ["-f", "-r", "4", str(odd), IMP]
    run, expected = redqueen_mars(args), pmars(args)
    assert (run.code, run.out) == (expected.code, expected.out) == (0, expected.out)


@pytest.mark.parametrize("option", ["-s", "-p"])
def test_settings_larger_than_the_vm_allows(redqueen_mars, option):
    run = redqueen_mars(["-b", option, "70000", "-f", IMP, DWARF])
    assert run.code == EXIT_BAD_COMMAND_LINE
    assert "65536" in run.err


@pytest.mark.differential
def test_standard_input_warrior(pmars, redqueen_mars, monkeypatch):
    args = ["-b", "-f", "-r", "4", DWARF, "-"]
    text = Path(IMP).read_text()
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    run = redqueen_mars(args)
    expected = pmars(args, stdin=text)
    assert (run.code, run.out) == (expected.code, expected.out)


def test_several_standard_input_warriors_are_refused():
    with pytest.raises(ConfigError, match="standard input"):
        parse_options(["-", "-"])
    with pytest.raises(ConfigError, match="standard input"):
        parse_options(["2-"])


def test_results_forms():
    warriors = [Warrior((), name=f"W{i}", author="me") for i in range(3)]
    two = np.array([[3, 1, 2], [2, 1, 3]])
    assert format_results(warriors[:2], two) == (
        "W0 by me scores 10\nW1 by me scores 7\nResults: 3 2 1\n"
    )
    assert format_results(warriors[:2], two[::-1], sort=True) == (
        "W1 by me scores 10\nW0 by me scores 7\nResults: 3 2 1\n"
    )
    assert format_results(warriors[:2], two, koth=True, sort=True) == "3 1\n2 1\n"
    three = np.array([[1, 0, 2, 0, 3], [0, 0, 3, 2, 0], [0, 0, 3, 1, 1]])
    assert total_scores(three) == [12, 6, 6]
    assert format_results(warriors, three, sort=True).splitlines()[2:] == [
        "W1 by me scores 6",
        "  Results: 0 0 3 2",
        "W2 by me scores 6",
        "  Results: 0 0 3 2",
    ]
    assert format_results(warriors, three, koth=True).splitlines()[0] == "12 1 0 2 3"


def test_redqueen_command_passes_arguments_through(capsys):
    assert redqueen_main(["mars", "-r", "0", "-b", IMP]) == 0
    assert capsys.readouterr().out == ""
