"""The assembler against pMARS 0.9.2: same listing (``pmars -r 0``), same refusals.

pMARS is the oracle: each Redcode text goes to both, and the listing pMARS
prints must equal :func:`mars.listing.format_listing` of our warrior; when
pMARS refuses a text, we must raise :class:`RedcodeError` with the same first
error message.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from pathlib import Path

import pytest

from mars.assembler import assemble, assemble_file, assemble_with_warnings
from mars.config import DEFAULT_CONFIG, MarsConfig
from mars.errors import RedcodeError
from mars.listing import format_listing
from tests.mars._redcode_fuzz import mangle_lines, random_program

ROOT = Path(__file__).resolve().parents[2]


class PmarsHang(Exception):
    """pMARS did not finish (it normalises huge values by repeated subtraction)."""


class Pmars:
    """What pMARS says about one text: its listing or its complaints."""

    def __init__(
        self, pmars_path: Path, tmp_path: Path, text: bytes, *options: str, copies: int = 1
    ):
        source = tmp_path / "warrior.red"
        source.write_bytes(text)
        try:
            run = subprocess.run(
                [str(pmars_path), "-r", "0", *options] + [str(source)] * copies,
                capture_output=True,
                timeout=5,
            )
        except subprocess.TimeoutExpired as error:
            raise PmarsHang(text) from error
        self.accepted = run.returncode == 0 and run.stdout.startswith(b"Program")
        self.listing = run.stdout.decode("utf-8", "replace")
        self.stderr = run.stderr.decode("latin-1")

    def first_error(self) -> str:
        found = re.search(r"^Error(?: in line \d+: '.*')?:?\n {8}(.*)$", self.stderr, re.M)
        if found:
            return found.group(1)
        if "Too many errors or warnings." in self.stderr:
            return "Too many errors or warnings."  # nine warnings abort too
        assert self.listing.startswith("Error in asm.c"), self.stderr
        return "internal error of pMARS"  # its LOGICERROR, printed on stdout

    def warnings(self) -> list[tuple[int | None, str]]:
        return [
            (int(line) if line else None, message)
            for line, message in re.findall(
                r"^Warning(?: in line (\d+): '.*')?:?\n {8}(.*)$", self.stderr, re.M
            )
        ]


EXPRESSION_ERRORS = ("Bad expression", "Division by zero")


def check_same_as_pmars(
    pmars_path: Path,
    tmp_path: Path,
    text: str | bytes,
    options: tuple[str, ...] = (),
    config: MarsConfig = DEFAULT_CONFIG,
) -> bool:
    """Assert that we and pMARS agree on ``text``; returns whether pMARS accepted it."""
    data = text.encode() if isinstance(text, str) else text
    reference = Pmars(pmars_path, tmp_path, data, *options)
    try:
        warrior, warnings = assemble_with_warnings(data, config, rounds=0)
    except RedcodeError as error:
        assert not reference.accepted, f"we refuse what pMARS accepts: {error}"
        expected = reference.first_error()
        if expected in EXPRESSION_ERRORS:
            # When a number is missing ("5/"), C computes with an uninitialised
            # variable: whether that reads as a division by zero is luck.
            assert error.message.startswith(EXPRESSION_ERRORS), error
        else:
            assert error.message.startswith(expected), error
        return False
    assert reference.accepted, f"pMARS refuses it:\n{reference.stderr}"
    assert format_listing(warrior) == reference.listing
    expected = reference.warnings()
    assert [w.message for w in warnings] == [message for _, message in expected]
    # pMARS numbers logical lines; they are the physical ones unless joined or split.
    if not re.search(rb"\\|\r|[^\n]{255}", data):
        assert [w.line for w in warnings] == [line for line, _ in expected]
    return True


# Each text exercises one rule or quirk; pMARS says what the right outcome is.
HANDWRITTEN = [
    # operands and the defaults pMARS fills in
    "mov 0, 1\n",
    "dat 5\n",
    "dat #5\n",
    "dat\n",
    "jmp 3\n",
    "spl 2\n",
    "nop 1\n",
    "mov 1\n",
    "add #1\n",
    "dat }1\ndat *1\n",
    "mov #, 1\n",
    "mov @, 1\n",
    "mov 0, 1, 2\n",
    "mov 0 1\n",
    "mov 0 , 1\n",
    "mov $ 0 , # 1\n",
    "mov 0,1 2\n",
    "mov 0,#$1\n",
    "mov ##0,1\n",
    "dat #-0\n",
    "mov.i $ -1 , $ +1\n",
    "dat 1 2\n",
    "dat 12 , 3 4\n",
    # modifiers, modes and default modifiers
    "mov.ab #1, 2\nmov.x 1,2\n",
    "MoV.aB #1,$2\nDaT.f }1,{2\n",
    "mov *1, @2\nmov {1,}2\nmov <1,>2\n",
    "slt #1, 2\nslt 1, #2\nldp 1, 2\nstp #1, 2\n",
    "cmp #1, 2\ncmp 1, #2\nseq 1,2\nsne #1,2\n",
    "add 1, 2\nsub 1, #2\nmul #1, 2\ndiv 1,2\nmod 1,2\n",
    "jmz 1, 2\njmn 1, 2\ndjn 1, 2\nspl 1,2\n",
    "mov.q 0,1\n",
    "mov. 0,1\n",
    "mov.a\n",
    "mov.ab 0 , 1\n",
    "mov . ab 0,1\n",
    "mov .ab 0,1\n",
    "mov.a b 0,1\n",
    "mov.f #1\n",
    "dat.x 1\n",
    "jmp.a 1\n",
    "mov 0,{1\nmov 0,}1\nmov 0,@1\n",
    # expressions: C semantics, pMARS's precedence quirks, registers, overflow
    "mov 1*2, 3\n",
    "dat 7/2, -7/2\ndat 7%3, -7%3\ndat 7%-3, -7/-2\n",
    "dat 1/0\n",
    "dat 1%0\n",
    "dat 3>2, 2>3\ndat 1==1, 1!=1\ndat 2<=2, 3>=4\n",
    "dat 1&&0, 0||1\ndat !0, !5\n",
    "dat -5, --5\ndat +5, -+-5\n",
    "dat 1+2*3, (1+2)*3\n",
    "dat 10-2-3, 100/10/5\n",
    "dat 2*3+4*5, 1+2==3\n",
    "dat 1*-1\n",
    "dat 2*3*4\n",
    "dat 1<2<3\n",
    "dat 5-3-1\n",
    "dat 1-2*3-4\n",
    "dat 2*3-4*5+6\n",
    "dat 1+2*3==7\n",
    "dat 1==1+0\n",
    "dat 4/2*2\n",
    "dat 1||0&&0\n",
    "dat 0&&1||1\n",
    "dat 1+2<3+4\n",
    "dat 10%4*3\n",
    "dat 1*2+3*4-5/1%3\n",
    "dat -1-1\n",
    "dat !1+1\n",
    "dat -(3)*2\n",
    "dat 1>2==0\n",
    "dat 3-2-1==0||5\n",
    "dat 1+2*3-4*5+6/2\n",
    "dat 2*(3+4)*5\n",
    "dat 2+3*4+5\n",
    "dat 2*3+4*5*6+7\n",
    "dat 1 - 2 * 3 + 4\n",
    "dat 1<2+3*4\n",
    "dat 1&&2+3*4||0\n",
    "dat 8-2-2*2-1\n",
    "dat 100/5/2*3-1-1\n",
    "dat (1\n",
    "dat 1)\n",
    "dat ()\n",
    "dat 1 1\n",
    "dat &\n",
    "dat 1 & 2\n",
    "dat 1 | 2\n",
    "dat 1 && 2\n",
    "dat 1&&2\n",
    "dat 1||0\n",
    "dat 1=2\n",
    "dat 3!2\n",
    "dat a=5, a\n",
    "dat a=3+4, a*2\n",
    "dat a=b=3, a+b\n",
    "dat z, w\n",
    "dat (a=2)*a, a\n",
    "dat 1 + a=5, a\n",
    "dat w, s\n",
    "a=5\n",
    "dat 9223372036854775807*2\n",
    "dat 9999999999999999999-9223372036854775000, 0\n",
    "dat 99999999999999999999999999999-9223372036854775000\n",
    "dat 8000, 8001\ndat -8001, 16005\n",
    "dat 00012, 0x10\n",
    "dat 1e3\n",
    "dat " + "+".join(["1"] * 140) + "\n",
    "dat " + "(" * 100 + "1" + ")" * 100 + "\n",
    "dat " + "-" * 200 + "1\n",
    # predefined constants and CURLINE
    "dat CORESIZE, MAXLENGTH\ndat MAXPROCESSES, MAXCYCLES\ndat MINDISTANCE, VERSION\n"
    "dat WARRIORS, ROUNDS\ndat PSPACESIZE, CURLINE\n",
    "CORESIZE dat 0\n",
    "CORESIZE equ 5\n",
    "CURLINE mov 0, 1\n",
    "dat CURLINE\ndat CURLINE\n",
    "dat curline\n",
    "curline dat 0\n",
    "x equ CURLINE\ndat x\ndat x\n",
    # labels
    "x: mov x, x+1\nend x\n",
    "a b c mov a, b\n",
    "a\nb\n  mov a,b\n",
    "lab mov lab, lab\nlab dat 0\n",
    "mov undefined, 0\n",
    "bogus 0\n",
    "foo\n",
    "x\n",
    "a\n",
    "dat 0\na\n",
    "a b c d e f g h mov 0, 1\n",
    "a b c d e f g mov 0, 1\n",
    "a b c d e f g\nh dat 0\n",
    "a b c d e f g h\n",
    "lab dat 0\nlab dat 1\n",
    "lab dat 0\nlab2 lab dat 0\n",
    "lab dat 0\nlab:\n",
    "1abc dat 0\n",
    "_x dat _x\n",
    "start\nmov 0,1\nend start\n",
    "dat 0\n start\n",
    # EQU, one line and several
    "x equ 5\ndat x, x*2\n",
    "x equ 1+1\ndat x*3\n",
    "x equ mov 0,\nx 1\n",
    "x equ mov 0, 1\n equ dat 1\nx\nx\n",
    "x equ y\ny equ x\ndat x\n",
    "x equ 5\nx equ 6\ndat x\n",
    "equ 5\ndat 0\n",
    "x equ 3\ny equ x+x\ndat y*2\n",
    "a equ b\nb equ c\nc equ 5\ndat a\n",
    "a equ a\ndat a\n",
    "a equ 1\n equ 2\ndat a\n",
    "a equ dat 1\n equ dat 2\na\n",
    "a equ dat 1\n equ dat 2\n equ 3\ndat a\n",
    "a equ mov\na 0, 1\n",
    "a equ ,\nmov 0 a 1\n",
    "a equ #\nmov a 0, 1\n",
    "a equ 0, 1\nmov a\n",
    "m equ mov.ab\nm 0,1\n",
    "m equ .ab\nmov m 0,1\n",
    "x equ 5 ; comment\ndat x\n",
    "x equ 2\nfor x\ndat 1\nrof\n",
    "a equ 1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1\nb equ a+a+a+a+a+a+a+a+a+a+a+a+a\n"
    "c equ b+b+b+b\ndat c\n",
    "".join(f"e{i} equ e{i + 1}\n" for i in range(90)) + "e90 equ 7\ndat e0\n",
    # FOR/ROF, counters and &
    "i for 3\ndat i, i*2\nrof\n",
    "for 0\ndat 1\nrof\ndat 2\n",
    "i for 2\nj for 2\ndat i, j\nrof\nrof\n",
    "i for 3\nx&i dat x&i\nrof\n",
    "i for 2\nlab&i dat 0\nrof\njmp lab01\njmp lab02\n",
    "i for 3\ndat CURLINE, i\nrof\n",
    "rof\n",
    "for 2\ndat 1\n",
    "i for 66\ndat i\nrof\n",
    "i for 101\ndat i\nrof\n",
    "x for 2\ny for 3\ndat x*10+y\nrof\nrof\n",
    "lbl\nfor 2\ndat lbl\nrof\n",
    "a\nb\nfor 2\ndat a, b\nrof\n",
    "n for 0\ndat 1\nrof\n",
    "for -1\nfor 5\ndat 0\nrof\nrof\ndat 9\n",
    "i for 3\nend\nrof\ndat 0\n",
    "i for 3\n;assert i<3\ndat i\nrof\n",
    "i for 3\n;assert i<4\ndat i\nrof\n",
    "i for 3\nj for i\ndat i,j\nrof\nrof\n",
    "i for 2\ni for 2\ndat 0\nrof\nrof\n",
    "for 65536\ndat 0\nrof\n",
    "for 65537\ndat 0\nrof\n",
    "for 2\nfor 0\ndat 1\nrof\ndat 2\nrof\n",
    "x for 0\ndat 1\nfor 3\nrof\nrof\ndat 2\n",
    "for 0\nfor 3\nrof\nrof\ndat 2\n",
    "for 0\nrof\nrof\n",
    "for 1 for 2\ndat 0\nrof\n",
    "dat 0\nrof 1\n",
    "lab for 2\ndat lab\nrof\n",
    "i for 2\nx&i&i dat 0\nrof\ndat x0101, x0202\n",
    "i for 2\nx&j dat 0\nrof\n",
    "i for 2\ndat x&i\nrof\n",
    "i for 2\ndat 1&i\nrof\n",
    "for 1&2\ndat 1\nrof\n",
    "i for 3\n dat i\n rof\n",
    "I FOR 2\nDAT I\nROF\n",
    "i For 2\ndat i\nRoF\n",
    "i for 1001\ndat 0\nrof\n",
    "i for 12\nj for 12\ndat i, j\nrof\nrof\n",
    # ORG, END, PIN
    "org 1\ndat 0\ndat 1\n",
    "dat 0\ndat 1\nend 1\n",
    "org 1\ndat 0\ndat 1\nend 0\n",
    "org 0\ndat 0\ndat 1\nend 1\n",
    "org 1\ndat 0\ndat 1\nend 1\n",
    "dat 0\norg 1\ndat 1\norg 0\n",
    "org -1\ndat 0\n",
    "org 5\ndat 0\n",
    "dat 0\nend\ndat 1\n",
    "org start\nstart dat 0\n",
    "org foo\ndat 0\n",
    "end start\nstart dat 0\n",
    "dat 0\nstart dat 0\nend start+1\n",
    "dat 0\nend -1\n",
    "org 3\ndat 0\ndat 0\nend 1\n",
    "pin 5\ndat 0\n",
    "pin\ndat 0\n",
    "pin 1/0\ndat 0\n",
    "org 1/0\n",
    "org\n",
    "end\n",
    "end 1\n",
    "dat 0\nend 0\n",
    "dat 0\norg 0\nend 0\n",
    # comments, directives, ;redcode, ;assert
    ";assert 1\ndat 0\n",
    ";assert 0\ndat 0\n",
    ";assert CORESIZE==8000\ndat 0\n",
    ";assert x\ndat 0\n",
    ";assert 1/0\ndat 0\n",
    ";assert\ndat 0\n",
    ";assert 1 1\ndat 0\n",
    ";assert (1\ndat 0\n",
    "; assert 0\ndat 0\n",
    ";assertion 0\ndat 0\n",
    ";ASSERT 0\ndat 0\n",
    "    ;assert 0\ndat 0\n",
    "dat 0 ;assert 0\n",
    "dat 1, 2 ; ;assert 0\n",
    "mov 0, 1 ; comment\n",
    ";redcode\nfoo\n;redcode-94\nmov 0,1\n",
    "mov 0,1\n;redcode\ndat 1\n;redcode\ndat 2\n",
    "; redcode\nfoo\n",
    ";redcode\n;name a\n;redcode\n;name b\ndat 0\n",
    ";name a\n;redcode\ndat 0\n",
    "dat 0\n;redcode-94\n",
    ";REDCODE\ndat 5\n",
    ";redcode94\ndat 5\n;redcode\ndat 6\n",
    ";name  The Name  \n;author me\n;name x\nmov 0,1\n",
    ";name\n;author\nmov 0,1\n",
    # lines: blanks, continuation, CR, NUL, long lines, bytes beyond ASCII
    "   \n\n\t\nmov 0,1\n",
    "mov 0, \\\n1\n",
    "dat 1\\\n,2\n",
    "dat 1,\\\n\\\n2\n",
    "dat 1\r\ndat 2\r\n",
    "dat 1\rdat 2\ndat 3\n",
    "dat 1\x00garbage\ndat 2\n",
    "dat 1\x0b,2\n",
    "dat\x0c1,2\n",
    "dat 5 \\\n; x\n",
    "mov 0, 1" + " " * 300 + "\ndat 1\n",
    "x" * 300 + "\n",
    "naïve dat 0\n",
    "dat é\n",
    ";name naïve\ndat 0\n",
    b"\xff\n",
    b";name \xe9t\xe9\ndat 0\n",
    "",
    "lab dat 0\n" * 10,
    "lab dat 0\n" * 9,
    # pMARS's stale scratch buffer (opcode glued to its operands at the end of a line)
    "mov.i#0,1\n",
    "longlabelname dat 0\nmov.i#0,1\n",
    "jmp 0\njmp.b$0\n",
    "a_very_long_label_name dat 0\ndat#1\n",
    # length limits
    "mov 0, 1\n" * 100,
    "mov 0, 1\n" * 101,
    "dat 0\ndat 1\n" * 51,
]


@pytest.mark.differential
@pytest.mark.parametrize("text", HANDWRITTEN, ids=range(len(HANDWRITTEN)))
def test_handwritten_redcode_as_pmars(pmars_path: Path, tmp_path: Path, text: str | bytes):
    check_same_as_pmars(pmars_path, tmp_path, text)


SETTINGS = [
    (("-s", "80", "-l", "20"), MarsConfig(coresize=80, maxlength=20)),
    (("-l", "20", "-d", "30"), MarsConfig(maxlength=20, mindistance=30)),
    (
        ("-s", "100", "-l", "5", "-p", "7", "-c", "123", "-S", "9"),
        MarsConfig(coresize=100, maxlength=5, processes=7, cycles=123, pspacesize=9),
    ),
    (("-s", "55440", "-l", "1000"), MarsConfig(coresize=55440, maxlength=1000)),
]
SETTING_TEXTS = [
    "dat CORESIZE, MAXLENGTH\ndat MINDISTANCE, MAXPROCESSES\ndat MAXCYCLES, PSPACESIZE\n",
    "dat -1, 41\ndat 99, 51\ndat 50, 40\ndat 27720, 27721\n",
    "i for 6\ndat i\nrof\n",
    "org -1\ndat 0\n",
    "dat 0\n" * 21,
    "dat 0\n" * 5,
    "i for MAXLENGTH\ndat i\nrof\n",
    ";assert CORESIZE == 100\ndat 0\n",
]


@pytest.mark.differential
@pytest.mark.parametrize("options, config", SETTINGS, ids=[" ".join(o) for o, _ in SETTINGS])
@pytest.mark.parametrize("text", SETTING_TEXTS, ids=range(len(SETTING_TEXTS)))
def test_settings_as_pmars(pmars_path, tmp_path, options, config, text):
    check_same_as_pmars(pmars_path, tmp_path, text, options, config)


@pytest.mark.differential
def test_registers_w_and_s_hold_the_warrior_count_for_the_first_warrior_only(pmars_path, tmp_path):
    text = "dat w, s\ndat a=4, a\ndat WARRIORS, ROUNDS\n"
    reference = Pmars(pmars_path, tmp_path, text.encode(), copies=3)
    ours = "".join(
        format_listing(assemble(text, warriors=3, rounds=0, index=index)) for index in range(3)
    )
    assert ours == reference.listing


# The library's small sets assert their own core sizes: tests/warriors checks
# them under their settings.
STANDARD_WARRIORS = sorted(
    p for p in (ROOT / "warriors").glob("**/*.red") if not {"tiny", "nano"} & set(p.parts)
)


@pytest.mark.differential
@pytest.mark.parametrize("path", STANDARD_WARRIORS, ids=str)
def test_repository_warriors_as_pmars(pmars_path, tmp_path, path):
    assert check_same_as_pmars(pmars_path, tmp_path, path.read_bytes())


@pytest.mark.differential
def test_random_programs_as_pmars(pmars_path, tmp_path):
    """Seeded random texts, valid and broken: listings, first errors and warnings agree."""
    outcomes = {True: 0, False: 0, "hang": 0}
    for seed in range(500):
        text = random_program(seed)
        try:
            outcomes[check_same_as_pmars(pmars_path, tmp_path, text)] += 1
        except PmarsHang:
            outcomes["hang"] += 1
        except AssertionError as error:
            raise AssertionError(f"seed {seed}:\n{text}\n{error}") from None
    # Both kinds must be well represented, or the comparison proves little.
    assert outcomes[True] > 150 and outcomes[False] > 100, outcomes
    assert outcomes["hang"] < 10, outcomes


@pytest.mark.differential
def test_random_line_layouts_as_pmars(pmars_path, tmp_path):
    """Long, joined, cut and glued lines: pMARS's line reader, byte for byte."""
    accepted = 0
    for seed in range(2000, 2200):
        rng = random.Random(seed)
        text = mangle_lines(rng, random_program(seed, valid=rng.random() < 0.7))
        try:
            accepted += check_same_as_pmars(pmars_path, tmp_path, text)
        except AssertionError as error:
            raise AssertionError(f"seed {seed}:\n{text!r}\n{error}") from None
    assert accepted > 30


@pytest.mark.differential
def test_random_programs_on_a_small_core_as_pmars(pmars_path, tmp_path):
    options, config = (
        ("-s", "97", "-l", "40", "-d", "45"),
        MarsConfig(97, maxlength=40, mindistance=45),
    )
    accepted = 0
    for seed in range(1000, 1150):
        text = random_program(seed, valid=True)
        try:
            accepted += check_same_as_pmars(pmars_path, tmp_path, text, options, config)
        except PmarsHang:
            continue
        except AssertionError as error:
            raise AssertionError(f"seed {seed}:\n{text}\n{error}") from None
    assert accepted > 50


# --- behaviour that the listing does not show ---------------------------------


def test_error_names_file_line_and_cause():
    with pytest.raises(RedcodeError) as caught:
        assemble(";name x\n\nmov 0, 1\nmov nowhere, 1\n", filename="w.red")
    error = caught.value
    assert (error.filename, error.line) == ("w.red", 4)
    assert "nowhere" in error.message
    assert str(error).startswith("w.red:4: ")


# Each name stands for 80 of the previous one: 80**4 names to expand, no output.
EQU_BOMB = "e0 equ\n" + "".join(f"e{i} equ {f'e{i - 1} ' * 80}\n" for i in range(1, 5))


@pytest.mark.parametrize(
    "text, cause",
    [
        ("mov 0, 1\n" * 101, "Too many instructions"),
        ("dat 1/0\n", "Division by zero"),
        ("frobnicate 1\n", "Unrecognized"),  # an unknown opcode reads as a label
        ("mov nowhere, 1\n", "Undefined label"),
        (";assert CORESIZE == 55440\ndat 0\n", "Assertion"),
        ("for 60000\nfor 60000\nrof\nrof\ndat 0\n", "expansion"),
        ("".join(f"e{i} equ e{i + 1}\n" for i in range(300)) + "dat e0\n", "nested"),
        ("a equ b\nb equ a\ndat a\n", "Recursive"),
        (EQU_BOMB + "dat e4 0\n", "expansion"),
        (EQU_BOMB + "mov.i#e4,1\n", "expansion"),  # the same, left to the second pass
    ],
)
def test_refusals_say_why(text, cause):
    started = time.perf_counter()
    with pytest.raises(RedcodeError, match=cause):
        assemble(text)
    assert time.perf_counter() - started < 5


def test_header_pin_and_start():
    warrior = assemble(
        ";redcode-94\n;name  Spiral \n;author A. N. Other\n;strategy one\n;strategy   two\n"
        "PIN 3*7\ndat 0\nstart mov 0, 1\nend start\n"
    )
    assert (warrior.name, warrior.author) == ("Spiral ", "A. N. Other")
    assert warrior.strategy == "one\ntwo"
    assert (warrior.pin, warrior.start, len(warrior)) == (21, 1, 2)
    assert assemble("dat 0\n").pin is None


def test_warnings_are_returned_not_raised():
    _, warnings = assemble_with_warnings("org 5\ndat 0\n")
    messages = [w.message for w in warnings]
    assert any("Missing ';assert'" in m for m in messages)
    assert any("outside of the program" in m for m in messages)
    _, warnings = assemble_with_warnings(";assert 1\ndat 0\n")
    assert warnings == []


def test_backslash_at_the_end_does_not_hang():
    # pMARS loops forever waiting for the continued line; we take the text as it is.
    assert len(assemble("dat 0\n\\\n")) == 1


def test_empty_program_is_accepted_like_pmars():
    warrior, warnings = assemble_with_warnings(";assert 1\n")
    assert len(warrior) == 0
    assert [w.message for w in warnings] == ["No instructions"]


def test_assemble_file(tmp_path):
    path = tmp_path / "imp.red"
    path.write_bytes(b";name Imp\nmov.i 0, 1\n")
    warrior = assemble_file(path)
    assert (warrior.name, warrior.filename, len(warrior)) == ("Imp", str(path), 1)
    with pytest.raises(RedcodeError) as caught:
        assemble_file(tmp_path / "missing.red")
    assert caught.value.filename == str(tmp_path / "missing.red")


def test_fields_are_normalised_to_the_core():
    config = MarsConfig(coresize=10, maxlength=5)
    warrior = assemble("dat -1, 23\n", config)
    assert (warrior.instructions[0].a, warrior.instructions[0].b) == (9, 3)
    assert warrior.coresize == 10
