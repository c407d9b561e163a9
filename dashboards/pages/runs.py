"""Runs: every run under the directory, with its status, progress, generality, author and cost."""

from __future__ import annotations

from pathlib import Path

from dash import Dash, Input, Output, dcc, html

from dashboards._components import REFRESH_MS, href, problem, table
from dashboards._runs import DashboardError, runs_table


def layout(runs_dir: Path, query: dict[str, str]) -> html.Div:
    shown, running = content(runs_dir)
    return html.Div(
        [
            html.H2(f"Runs in {runs_dir}"),
            html.Div(id="runs-content", children=shown),
            dcc.Interval(id="runs-interval", interval=REFRESH_MS, disabled=not running),
        ]
    )


def content(runs_dir: Path) -> tuple[html.Div, bool]:
    """The runs table (or why there is none), and whether to keep refreshing it."""
    try:
        frame = runs_table(runs_dir)
    except DashboardError as error:
        return html.Div(problem(str(error))), False
    if frame.empty:
        return html.Div(problem(f"{runs_dir}: no runs yet")), False
    running = bool((frame["status"] == "running").any())
    frame = frame.fillna({"status": "unreadable"})
    shown = table(
        frame,
        "runs-table",
        links={"run": lambda row: href("run", name=row["run"])},
    )
    across = dcc.Link("Compare runs across seeds", href=href("across"), id="runs-across")
    return html.Div([shown, html.P(across)]), running


def register(app: Dash, runs_dir: Path) -> None:
    @app.callback(
        Output("runs-content", "children"),
        Output("runs-interval", "disabled"),
        Input("runs-interval", "n_intervals"),
        prevent_initial_call=True,
    )
    def refresh(_: int | None) -> tuple[html.Div, bool]:
        shown, running = content(runs_dir)
        return shown, not running
