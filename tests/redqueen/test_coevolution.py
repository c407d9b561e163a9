"""The coevolution engine: champions, determinism, lineage, kill -9 and resume, the CLI."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import warriors
from arena import Arena, ArenaConfig, ResultCache
from mars import ConfigError, assemble
from redqueen import coevolution
from redqueen.authors import Reply
from redqueen.cli import main
from redqueen.cli._coevolve import fresh
from redqueen.coevolution import CoevolutionConfig, CoevolutionError, coevolve, lineage
from redqueen.fitness import FitnessConfig
from redqueen.runstore import RunStore, RunStoreError

CONFIG = CoevolutionConfig(
    rounds=3,
    iterations=12,
    batch=4,
    initial_batch=4,
    settings="nano",
    fitness=FitnessConfig(rounds=10),
    seed=5,
)


@pytest.fixture
def hill(tmp_path):
    with Arena(ArenaConfig(mars=CONFIG.mars), cache=ResultCache(tmp_path / "cache.sqlite")) as made:
        yield made


def champions(run_dir):
    with RunStore.read_only(run_dir) as store:
        return store.champions()[["round", "source", "fitness", "remeasured", "generality"]]


def test_a_run_stores_a_champion_per_round_with_its_generality(tmp_path, hill):
    table = coevolve(CONFIG, tmp_path / "run", arena=hill, progress=False)
    assert list(table["round"]) == [1, 2, 3]
    assert table["generality"].between(0, 1).all()
    assert (table["remeasured"] >= 0).all() and (table["iterations"] <= CONFIG.iterations).all()
    with RunStore.read_only(tmp_path / "run") as store:
        assert CoevolutionConfig.from_dict(store.config()) == CONFIG
        for round in (1, 2, 3):
            assert store.champion_path(round).is_file()
        purposes = set(store.evaluations()["purpose"])
        assert purposes == {"fitness", "remeasure", "generality"}
        calls = store.llm_calls()
        assert len(calls) == len(store.warriors()) and set(calls["kind"]) <= {"new", "mutate"}
        heldout = store.heldout()
        suite = len(warriors.load_all(CONFIG.settings))
        assert heldout.groupby("round").size().to_dict() == {1: suite, 2: suite, 3: suite}
        champion_ids = store.champions().set_index("round")["warrior"]
        assert (heldout["warrior"] == heldout["round"].map(champion_ids)).all()
        # the stored rows are the generality: the fraction with wins >= losses
        beaten = (heldout["wins"] >= heldout["losses"]).groupby(heldout["round"]).mean()
        assert list(beaten) == list(table["generality"])


def test_runs_with_the_same_seed_reach_the_same_champions(tmp_path, hill):
    coevolve(CONFIG, tmp_path / "a", arena=hill, progress=False)
    coevolve(CONFIG, tmp_path / "b", progress=False)  # uncached, serial: same numbers
    assert champions(tmp_path / "a").equals(champions(tmp_path / "b"))


def test_the_lineage_is_the_initial_opponents_and_the_last_champions():
    imp, a, b, c = (assemble(f"mov {n}, 1\n") for n in range(4))
    assert lineage([imp], [], None) == [imp]
    assert lineage([imp], [a, b, c], None) == [imp, a, b, c]
    assert lineage([imp], [a, b, c], 2) == [imp, b, c]
    assert lineage([imp], [a, b, c], 0) == [imp]
    assert lineage([imp], [a], 5) == [imp, a]


@pytest.mark.parametrize("history", [None, 1])
def test_each_round_plays_against_the_lineage(tmp_path, hill, monkeypatch, history):
    played = []

    def spy(candidates, opponents, arena, config):
        played.append(len(opponents))
        return evaluate(candidates, opponents, arena, config)

    evaluate = coevolution.evaluate
    monkeypatch.setattr(coevolution, "evaluate", spy)
    config = replace(CONFIG, history=history, iterations=4)  # one generation per round
    coevolve(config, tmp_path / "run", arena=hill, progress=False)
    expected = [1, 2, 3] if history is None else [1, 2, 2]
    assert played == expected


def test_warmup_adds_the_opponents_to_the_first_archive(tmp_path, hill):
    coevolve(replace(CONFIG, rounds=2, warmup=True), tmp_path / "run", arena=hill, progress=False)
    with RunStore.read_only(tmp_path / "run") as store:
        made = store.warriors()
        first = int(store.champions()["warrior"].iloc[0])
    opponents = made[made["origin"] == "opponent"]
    imp = warriors.entry("imp").path.read_text()
    assert list(opponents["round"]) == [1, 2, 2] and (opponents["source"] == imp).sum() == 2
    # the champion's copy in round 2 descends from it, so ancestries reach round 1
    assert opponents["parent_a"].isna().sum() == 2 and first in set(opponents["parent_a"])


def test_a_resumed_config_must_match_the_run(tmp_path, hill):
    coevolve(replace(CONFIG, rounds=1), tmp_path / "run", arena=hill, progress=False)
    with pytest.raises(CoevolutionError, match="differs"):
        coevolve(CONFIG, tmp_path / "run", arena=hill, resume=True, progress=False)
    table = coevolve(None, tmp_path / "run", arena=hill, resume=True, progress=False)
    assert list(table["round"]) == [1]  # finished: nothing more to do


def test_config_round_trips_and_refuses_nonsense():
    assert CoevolutionConfig.from_dict(CONFIG.to_dict()) == CONFIG
    with pytest.raises(ConfigError, match="rounds"):
        CoevolutionConfig(rounds=0)
    with pytest.raises(ConfigError, match="settings"):
        CoevolutionConfig(settings="huge")
    with pytest.raises(ConfigError, match="llm"):
        CoevolutionConfig(author="openai")
    with pytest.raises(ConfigError, match="unknown"):
        CoevolutionConfig.from_dict({"colour": "red"})


def last_step(run):
    """The run's last committed step; ``None`` before it (or its schema) is committed."""
    try:
        with RunStore.read_only(run) as store:
            return store.last_step()
    except RunStoreError:
        return None


CLI = ["coevolve", "--settings", "nano", "--rounds", "3", "--iterations", "40", "--batch", "4"]
CLI += ["--seed", "11", "--quiet"]


def test_a_run_killed_with_sigkill_resumes_to_the_same_champions(tmp_path):
    cache = ["--cache", str(tmp_path / "cache.sqlite")]
    assert main([*CLI, *cache, "--out", str(tmp_path / "whole")]) == 0

    run = tmp_path / "killed"
    command = [sys.executable, "-m", "redqueen.cli", *CLI, "--no-cache", "--out", str(run)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if (step := last_step(run)) is not None and (step.round, step.generation) >= (1, 2):
                break
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    with RunStore.read_only(run) as store:
        assert len(store.champions()) < 3

    assert main(["coevolve", "--resume", str(run), "--quiet", *cache]) == 0
    assert champions(run).equals(champions(tmp_path / "whole"))
    with RunStore.read_only(run) as store, RunStore.read_only(tmp_path / "whole") as whole:
        assert list(store.warriors()["source"]) == list(whole.warriors()["source"])


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--rounds", "0"], "rounds must be at least 1"),
        (["--resume", "nowhere"], "not a run directory"),
        (["--author", "openai"], "needs --model"),
        (["--history", "-1"], "history"),
        (["--axes", "spawned,colour"], "unknown axes"),
        (["--opponents", "nobody"], "nobody"),
        (["--heldout", "nowhere"], "heldout: nowhere is not a directory"),
        (["--seeds", "7-x"], "not a number or a range"),
        (["--seeds", "0-3", "--seed", "2"], "--seed or --seeds"),
        (["--new-probability", "2"], "new_probability"),
        (["--threshold", "0"], "threshold"),
        (["--author", "openai", "--model", "m", "--concurrency", "0"], "concurrency"),
    ],
)
def test_cli_refuses_bad_input_in_one_line(tmp_path, capsys, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert main(["coevolve", *arguments]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and "\n" not in error
    assert not (tmp_path / "runs").exists()


def test_cli_options_reach_the_run_configuration(tmp_path):
    options = ["--settings", "nano", "--rounds", "1", "--iterations", "4", "--batch", "2"]
    options += ["--initial-batch", "3", "--new-probability", "0.5", "--history", "2"]
    options += ["--opponents", "fleck,speck", "--top-remeasure", "2", "--warmup", "--seed", "4"]
    options += ["--fitness-rounds", "6", "--threshold", "0.95", "--axes", "length,opcodes"]
    run = tmp_path / "run"
    assert main(["coevolve", *options, "--quiet", "--no-cache", "--out", str(run)]) == 0
    with RunStore.read_only(run) as store:
        saved = CoevolutionConfig.from_dict(store.config())
    fitness = FitnessConfig(mode="1v1", rounds=6, threshold=0.95)
    assert saved == replace(
        coevolution.PRESETS["demo"],
        settings="nano",
        rounds=1,
        iterations=4,
        batch=2,
        initial_batch=3,
        new_probability=0.5,
        history=2,
        opponents=("fleck", "speck"),
        top_remeasure=2,
        warmup=True,
        seed=4,
        fitness=fitness,
        axes=("length", "opcodes"),
    )
    paper = tmp_path / "paper"
    assert (
        main(
            ["coevolve", "--preset", "paper", *options[:8], "--no-cache", "-q"]
            + ["--out", str(paper)]
        )
        == 0
    )
    with RunStore.read_only(paper) as store:
        saved = CoevolutionConfig.from_dict(store.config())
    assert saved.fitness == coevolution.PRESETS["paper"].fitness and saved.rounds == 1


def test_cli_refuses_to_overwrite_a_run(tmp_path, capsys):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "notes.txt").write_text("mine\n")
    assert main(["coevolve", "--out", str(tmp_path / "run")]) == 2
    assert "not empty" in capsys.readouterr().err


def test_default_run_directories_do_not_collide(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs" / "demo-5").mkdir(parents=True)
    assert fresh(Path("runs") / "demo-5") == Path("runs") / "demo-5-2"
    (tmp_path / "runs" / "demo-5-2").mkdir()
    assert fresh(Path("runs") / "demo-5") == Path("runs") / "demo-5-3"
    assert fresh(Path("runs") / "demo-6") == Path("runs") / "demo-6"


@pytest.mark.slow
def test_the_demo_run_climbs_in_generality(tmp_path):
    """The README's main command, offline: its champions grow more general over rounds."""
    demo = coevolution.PRESETS["demo"]
    with Arena(ArenaConfig(mars=demo.mars), cache=None) as hill:
        table = coevolve(demo, tmp_path / "demo", arena=hill, progress=False)
    generality = table["generality"].to_numpy()
    half = len(generality) // 2
    slope = np.polyfit(table["round"].to_numpy(), generality, 1)[0]
    shown = table[["round", "champion", "generality"]].to_string()
    assert generality[half:].mean() > generality[:half].mean() + 0.05, shown
    assert slope > 0 and generality[-1] > generality[0], shown


class _Broken:
    """An author whose every reply fails to assemble."""

    name = "broken"

    def write(self, requests):
        return [Reply(request, "```\nmov 0, nowhere\n```", self.name) for request in requests]


def test_a_round_without_a_valid_warrior_stops_with_what_went_wrong(tmp_path, hill):
    why = r"round 1 ended .*12 written, none assembled.*nowhere"
    with pytest.raises(CoevolutionError, match=why):
        coevolve(CONFIG, tmp_path / "run", author=_Broken(), arena=hill, progress=False)
    with RunStore.read_only(tmp_path / "run") as store:
        made = store.warriors()
        assert len(made) == 12 and made["error"].str.contains("nowhere").all()
