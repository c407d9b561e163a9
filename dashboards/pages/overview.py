"""Run overview: champions per round, the lineage matrix, the archive, strategy emergence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboards import _battles, _figures, _runs
from dashboards._components import REFRESH_MS, href, problem, section, table
from dashboards._runs import DashboardError, Run
from redqueen.strategy import FAMILIES

GRAPH = {"displaylogo": False}


def _graph(graph_id: str) -> dcc.Loading:
    return dcc.Loading(dcc.Graph(id=graph_id, config=GRAPH))


def _rounds_of(run: Run) -> list[int]:
    """The rounds with evaluations so far (the last may still be in progress)."""
    return sorted(int(r) for r in run.evaluations["round"].unique())


def _marks(rounds: list[int]) -> dict[int, str]:
    return {r: str(r) for r in rounds}


def layout(runs_dir: Path, query: dict[str, str]) -> html.Div:
    name = query.get("name", "")
    return html.Div(
        [
            html.H2(f"Run {name}"),
            dcc.Store(id="overview-run", data=name),
            html.Div(body(runs_dir, name)[0], id="overview-body"),
        ]
    )


def body(runs_dir: Path, name: str) -> tuple[list[Any], bool]:
    """The page's graphs, or why there are none yet; and whether to wait for them (a
    running run's first generation, drawn once committed)."""
    try:
        run = _runs.load(runs_dir, name)
    except DashboardError as error:
        return [problem(str(error))], False
    rounds = _rounds_of(run)
    if not rounds:
        message = problem(f"{run.path}: {run.status}, no generation committed yet")
        if run.status != "running":
            return [message], False
        return [message, dcc.Interval(id="overview-wait", interval=REFRESH_MS)], True
    replay = href("replay", run=name)
    graphs = [
        dcc.Interval(id="overview-interval", interval=REFRESH_MS, disabled=run.status != "running"),
        html.P(id="overview-status"),
        html.P(dcc.Link("Replay a battle of this run's champions", href=replay)),
        section("Champions", _graph("overview-rounds"), html.Div(id="overview-champions")),
        section("Lineage", html.Div(id="overview-lineage-note"), _graph("overview-lineage")),
        section(
            "Archive",
            html.Label("Round"),
            dcc.Slider(
                id="overview-round",
                min=rounds[0],
                max=rounds[-1],
                step=1,
                value=rounds[-1],
                marks=_marks(rounds),
            ),
            dcc.Graph(id="overview-archive", config=GRAPH),
            html.Div(id="overview-elite"),
        ),
        section(
            "Strategy emergence",
            _graph("overview-families"),
            _graph("overview-opcodes"),
        ),
        section("Author", _graph("overview-authoring")),
    ]
    return graphs, False


def summary(runs_dir: Path, name: str) -> tuple[Any, ...]:
    """Status line, champions figure and table, the slider's range, the refresh switch."""
    run = _runs.load(runs_dir, name)
    champions = _runs.champions(run)
    status = (
        f"{run.status}: {len(champions)} of {run.rounds} rounds done, settings {run.settings},"
        f" seed {run.config.get('seed')}, author {run.config.get('author')}"
    )
    shown = champions[["round", "name", "fitness", "remeasured", "generality", "benchmark"]]
    links = {
        "name": lambda row: href("warrior", run=name, id=int(champions.loc[row.name, "warrior"]))
    }
    rounds = _rounds_of(run)
    return (
        status,
        _figures.rounds(champions),
        table(shown, "overview-champions-table", links=links),
        rounds[-1] if rounds else 1,
        _marks(rounds),
        run.status != "running",
    )


def lineage(runs_dir: Path, name: str) -> tuple[go.Figure, Any]:
    run = _runs.load(runs_dir, name)
    matrix = _battles.lineage_matrix(run)
    note = "" if len(matrix) > 1 else problem("The lineage matrix needs two champions.")
    return _figures.lineage(matrix), note


def archive(runs_dir: Path, name: str, round: int) -> go.Figure:
    run = _runs.load(runs_dir, name)
    axes = _runs.axes_of(run)
    cells = _runs.archive(run, round)
    x_labels = _runs.axis_labels(axes[0])
    y_labels = _runs.axis_labels(axes[1]) if len(axes) > 1 else [""]
    return _figures.archive(cells, round, x_labels, y_labels, axes)


def strategies(runs_dir: Path, name: str) -> tuple[go.Figure, go.Figure]:
    """The strategy families' figure and the opcodes' figure."""
    run = _runs.load(runs_dir, name)
    opcodes = _figures.shares(_runs.opcodes(run), "opcode", "Opcode usage of evaluated warriors")
    title = "Strategy families: share per round"
    families = _figures.shares(_runs.families(run), "family", title, "basis", FAMILIES)
    return families, opcodes


def elite(click: dict[str, Any] | None, name: str) -> Any:
    """A link to the elite clicked in the archive (nothing for an empty cell)."""
    point = (click or {}).get("points", [{}])[0]
    if point.get("customdata", -1) < 0:
        return ""
    target = href("warrior", run=name, id=int(point["customdata"]))
    return dcc.Link(f"Open {point['text']}", href=target, id="overview-elite-link")


def register(app: Dash, runs_dir: Path) -> None:
    @app.callback(
        Output("overview-body", "children"),
        Input("overview-wait", "n_intervals"),
        State("overview-run", "data"),
        prevent_initial_call=True,
    )
    def wait(_: int, name: str) -> Any:
        shown, waiting = body(runs_dir, name)
        return no_update if waiting else shown

    tick = [Input("overview-interval", "n_intervals"), Input("overview-run", "data")]

    @app.callback(
        Output("overview-status", "children"),
        Output("overview-rounds", "figure"),
        Output("overview-champions", "children"),
        Output("overview-round", "max"),
        Output("overview-round", "marks"),
        Output("overview-interval", "disabled"),
        *tick,
    )
    def refresh_summary(_: int | None, name: str) -> tuple[Any, ...]:
        try:
            return summary(runs_dir, name)
        except DashboardError as error:
            return (problem(str(error)), go.Figure(), "", no_update, no_update, True)

    @app.callback(
        Output("overview-lineage", "figure"), Output("overview-lineage-note", "children"), *tick
    )
    def refresh_lineage(_: int | None, name: str) -> tuple[go.Figure, Any]:
        try:
            return lineage(runs_dir, name)
        except DashboardError as error:
            return go.Figure(), problem(str(error))

    @app.callback(
        Output("overview-archive", "figure"),
        Input("overview-round", "value"),
        *tick,
    )
    def refresh_archive(round: int, _: int | None, name: str) -> go.Figure:
        try:
            return archive(runs_dir, name, int(round))
        except DashboardError as error:
            return go.Figure(layout={"title": str(error)})

    @app.callback(
        Output("overview-elite", "children"),
        Input("overview-archive", "clickData"),
        State("overview-run", "data"),
    )
    def show_elite(click: dict[str, Any] | None, name: str) -> Any:
        return elite(click, name)

    @app.callback(
        Output("overview-families", "figure"), Output("overview-opcodes", "figure"), *tick
    )
    def refresh_strategies(_: int | None, name: str) -> tuple[go.Figure, go.Figure]:
        try:
            return strategies(runs_dir, name)
        except DashboardError as error:
            return go.Figure(layout={"title": str(error)}), go.Figure()

    @app.callback(Output("overview-authoring", "figure"), *tick)
    def refresh_authoring(_: int | None, name: str) -> go.Figure:
        try:
            return _figures.authoring(_runs.authoring(_runs.load(runs_dir, name)))
        except DashboardError as error:
            return go.Figure(layout={"title": str(error)})
