"""Across runs: champions' behaviour converging while their code stays diverse."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

from dashboards import _figures, _runs
from dashboards._components import problem, table

EXPLANATION = (
    "Per round, across runs with different seeds: how far apart the champions behave"
    " (root-mean-square difference of their scores / 300 against the held-out suite) and"
    " how far apart their code is (1 - similarity of their assembled instructions)."
    " The paper's finding: behaviour converges while code stays diverse."
)


def _readable(runs_dir: Path) -> list[_runs.Run]:
    runs = []
    for name in _runs.find_runs(runs_dir):
        try:
            run = _runs.load(runs_dir, name)
        except _runs.DashboardError:
            continue
        if len(run.champions):
            runs.append(run)
    return runs


def layout(runs_dir: Path, query: dict[str, str]) -> html.Div:
    try:
        runs = _readable(runs_dir)
    except _runs.DashboardError as error:
        return problem(str(error))
    if not runs:
        return html.Div([html.H2("Across runs"), problem(f"{runs_dir}: no run has a champion yet")])
    # The default: every run of the most common settings, whose suites match.
    common = Counter(run.settings for run in runs).most_common(1)[0][0]
    options = [{"label": f"{run.name} ({run.settings})", "value": run.name} for run in runs]
    chosen = query.get("runs", "").split(",") if query.get("runs") else None
    value = chosen or [run.name for run in runs if run.settings == common]
    return html.Div(
        [
            html.H2("Across runs"),
            html.P(EXPLANATION),
            dcc.Dropdown(id="across-runs", options=options, value=value, multi=True),
            html.Div(id="across-message"),
            dcc.Graph(id="across-spread", config={"displaylogo": False}),
            html.Div(id="across-table"),
        ]
    )


def spread(runs_dir: Path, names: list[str]) -> tuple[go.Figure, Any, Any]:
    """The spread figure, its table and a message for the chosen runs."""
    if len(names) < 2:
        return go.Figure(), "", problem("Choose at least two runs to compare.")
    frame = _runs.across([_runs.load(runs_dir, name) for name in names])
    return _figures.spread(frame), table(frame, "across-values"), ""


def register(app: Dash, runs_dir: Path) -> None:
    @app.callback(
        Output("across-spread", "figure"),
        Output("across-table", "children"),
        Output("across-message", "children"),
        Input("across-runs", "value"),
    )
    def choose(names: list[str] | None) -> tuple[go.Figure, Any, Any]:
        try:
            return spread(runs_dir, names or [])
        except _runs.DashboardError as error:
            return go.Figure(), "", problem(str(error))
