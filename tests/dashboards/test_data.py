"""The data layer and the callbacks' functions, on fixture runs of real coevolutions."""

from __future__ import annotations

import math

import numpy as np
import pytest

import warriors
from dashboards import DashboardError, _battles, _redcode, _runs
from dashboards.pages import across, overview, replay
from redqueen.cli import main
from redqueen.runstore import RunStore
from redqueen.strategy import FAMILIES


def test_the_runs_table_shows_each_run_and_what_is_wrong_with_the_others(runs_dir):
    table = _runs.runs_table(runs_dir).set_index("run")
    assert list(table.index) == ["empty", "half", "old", "seed-5", "seed-6"]
    for seed in ("seed-5", "seed-6"):
        row = table.loc[seed]
        assert (row["status"], row["rounds"], row["problem"]) == ("finished", "3 / 3", "")
        assert 0 <= row["best_generality"] <= 1 and row["author"] == "offline"
    assert "empty directory" in table.loc["empty", "problem"]
    assert "half-written run" in table.loc["half", "problem"]
    assert "unknown schema version 1" in table.loc["old", "problem"]
    assert str(runs_dir / "old") in table.loc["old", "problem"]


def test_runs_are_found_in_groups_and_a_run_directory_is_its_own_list(runs_dir, tmp_path):
    (tmp_path / "seeds").mkdir()
    for name in ("seed-5", "seed-6"):
        (tmp_path / "seeds" / name).symlink_to(runs_dir / name)
    assert _runs.find_runs(tmp_path) == ["seeds/seed-5", "seeds/seed-6"]
    assert _runs.find_runs(runs_dir / "seed-5") == ["."]
    with pytest.raises(DashboardError, match="no such directory"):
        _runs.find_runs(tmp_path / "missing")
    with pytest.raises(DashboardError, match="not a run under"):
        _runs.load(runs_dir, "../elsewhere")


def test_a_run_reads_as_tidy_frames(runs_dir):
    run = _runs.load(runs_dir, "seed-5")
    champions = _runs.champions(run)
    assert list(champions["round"]) == [1, 2, 3] and champions["name"].str.len().min() > 0
    cells = _runs.archive(run, 2)
    assert len(cells) and cells["x"].between(0, 5).all() and cells["y"].between(0, 5).all()
    assert _runs.axis_labels("spawned") == [
        "< 1",
        "1-10",
        "10-100",
        "100-1000",
        "1000-10000",
        ">= 10000",
    ]
    opcodes = _runs.opcodes(run)
    assert np.allclose(opcodes.groupby("round")["share"].sum(), 1)
    authoring = _runs.authoring(run)
    assert list(authoring["round"]) == [1, 2, 3] and authoring["valid"].between(0, 1).all()
    assert (authoring["cost"] == 0).all()  # the offline author is free


def test_strategy_families_per_round_for_evaluated_warriors_and_elites(runs_dir):
    frame = _runs.families(_runs.load(runs_dir, "seed-5"))
    assert set(frame["basis"]) == {"evaluated", "elites"}
    assert set(frame["family"]) <= set(FAMILIES)
    assert np.allclose(frame.groupby(["basis", "round"])["share"].sum(), 1)


def test_families_are_remembered_on_disk_across_processes(monkeypatch):
    source = ";name stone\nadd #4, 3\nmov 2, @2\njmp -2\ndat #0, #0\n"
    assert _runs.family(source, "standard") == "stone"
    _runs._family_cache.cache_clear()  # as a new server process would start
    calls = []
    monkeypatch.setattr(_runs.strategy, "classify", lambda *args: calls.append(args) or "x")
    assert _runs.family(source, "standard") == "stone" and not calls
    assert _runs.family(source, "tiny") == "x" and len(calls) == 1  # other settings: other key


def test_a_warrior_has_its_parent_its_results_and_its_ancestry(runs_dir):
    run = _runs.load(runs_dir, "seed-5")
    mutants = run.warriors[run.warriors["origin"] == "mutate"]
    wid = int(mutants["id"].iloc[-1])
    view = _runs.warrior(run, wid)
    assert view.parent_source is not None and view.evaluation is not None
    assert view.ancestry["id"].iloc[0] == wid and view.ancestry["origin"].iloc[-1] == "new"
    lineage = _battles.lineage_results(run, wid)
    round = int(view.row["round"])
    assert len(lineage) == len(run.config["opponents"]) + round - 1
    heldout = _battles.heldout_results(run, wid)
    assert len(heldout) == len(warriors.load_all("nano"))
    champion = int(run.champions["warrior"].iloc[0])
    assert _battles.heldout_results(run, champion)["score"].tolist() == (
        run.heldout[run.heldout["round"] == 1]["score"].tolist()
    )
    with pytest.raises(DashboardError, match="no warrior 99999"):
        _runs.warrior(run, 99999)


def test_the_lineage_matrix_is_each_champion_against_each_other(runs_dir):
    matrix = _battles.lineage_matrix(_runs.load(runs_dir, "seed-5"))
    assert matrix.shape == (3, 3) and np.isnan(np.diag(matrix.to_numpy())).all()
    off = matrix.to_numpy()[~np.eye(3, dtype=bool)]
    assert ((off >= 0) & (off <= 300)).all()


def test_a_replay_records_who_wrote_each_cell_and_the_processes(runs_dir):
    run = _runs.load(runs_dir, "seed-5")
    wids = [int(w) for w in run.champions["warrior"][:2]]
    shown = _battles.replay(run, wids, seed=3)
    frames = len(shown.cycle)
    assert shown.owner.shape == (frames, warriors.SETTINGS["nano"].coresize)
    assert shown.tasks.shape == (frames, 2) and set(np.unique(shown.owner)) <= {-1, 0, 1}
    with pytest.raises(DashboardError, match="at least two"):
        _battles.replay(run, wids[:1], seed=3)
    last, message = replay.frames(runs_dir, "seed-5", wids, 3)
    assert last == frames - 1 and "seed 3" in message


def test_across_runs_behaviour_and_code_spreads_per_round(runs_dir):
    runs = [_runs.load(runs_dir, name) for name in ("seed-5", "seed-6")]
    frame = _runs.across(runs)
    assert list(frame["round"]) == [1, 2, 3] and (frame["runs"] == 2).all()
    assert frame["behaviour"].between(0, 1).all() and frame["code"].between(0, 1).all()
    same = _runs.across([runs[0], runs[0]])
    assert (same["behaviour"] == 0).all() and (same["code"] == 0).all()
    assert _runs.across(runs[:1])["behaviour"].map(math.isnan).all()
    _, _, message = across.spread(runs_dir, ["seed-5"])
    assert "at least two" in str(message)


def test_callbacks_refresh_only_while_a_run_is_running(runs_dir, live_dir):
    *_, stopped = overview.summary(runs_dir, "seed-5")
    assert stopped
    status, *_, stopped = overview.summary(live_dir, "run")
    assert status.startswith("running: 3 of 4 rounds") and not stopped


def test_a_run_that_is_starting_is_waited_for(tmp_path):
    with RunStore.create(tmp_path / "new", {"rounds": 2, "settings": "nano"}):
        shown, waiting = overview.body(tmp_path, "new")
        assert waiting and "running, no generation committed yet" in str(shown)
    shown, waiting = overview.body(tmp_path, "new")
    assert not waiting and "interrupted, no generation committed yet" in str(shown)


def test_reading_a_run_does_not_stop_its_writer(live_dir):
    run = _runs.load(live_dir, "run")
    with RunStore.open(live_dir / "run") as store:  # this process is the writer
        assert _runs.load(live_dir, "run").status == "running"
        with store.generation(4, 0) as step:
            step.record_champion(4, int(run.champions["warrior"].iloc[-1]), 0.5)
            step.state = {}
        assert len(_runs.load(live_dir, "run").champions) == 4


def test_a_click_on_an_archive_cell_links_to_its_elite(runs_dir):
    figure = overview.archive(runs_dir, "seed-5", 3)
    ids = np.array(figure.data[0].customdata)
    y, x = np.argwhere(ids >= 0)[0]
    point = {"customdata": int(ids[y, x]), "text": figure.data[0].text[y][x]}
    link = overview.elite({"points": [point]}, "seed-5")
    assert link.href == f"/warrior?run=seed-5&id={ids[y, x]}" and point["text"] in link.children
    assert overview.elite({"points": [{"customdata": -1}]}, "seed-5") == ""
    assert overview.elite(None, "seed-5") == ""


def test_runs_that_do_not_open_give_a_message_on_their_page(runs_dir):
    for name, expected in (
        ("empty", "empty directory"),
        ("half", "half-written"),
        ("old", "schema"),
    ):
        shown = str(overview.layout(runs_dir, {"name": name}))
        assert expected in shown and "Traceback" not in shown


def test_redcode_is_coloured_token_by_token_and_diffs_drop_their_headers():
    line = "loop  add.ab #4, $bomb  ; step"
    parts = _redcode.tokens(line)
    assert "".join(text for text, _ in parts) == line
    kinds = dict(parts)
    assert (kinds["add"], kinds[".ab"], kinds["#"], kinds["4"], kinds["loop"]) == (
        "opcode",
        "modifier",
        "mode",
        "number",
        "label",
    )
    assert kinds["; step"] == "comment"
    assert _redcode.diff("mov 0, 1\n", "mov 0, 2\n") == ["@@ -1 +1 @@", "-mov 0, 1", "+mov 0, 2"]


def test_the_cli_refuses_a_missing_runs_directory(tmp_path, capsys):
    assert main(["dashboard", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such directory" in err[0]
