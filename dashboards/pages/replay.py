"""Battle replay: two or more warriors and a seed, the core as an animated ownership map."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboards import _battles, _figures, _runs
from dashboards._battles import Replay
from dashboards._components import problem

# Milliseconds between frames while playing.
TICK_MS = 250


@functools.lru_cache(maxsize=16)
def _replay(runs_dir: Path, name: str, wids: tuple[int, ...], seed: int) -> Replay:
    """Cached: a committed warrior never changes, so neither does its battle."""
    return _battles.replay(_runs.load(runs_dir, name), wids, seed)


def _choices(run: _runs.Run, extra: list[int]) -> list[dict[str, Any]]:
    """The run's champions, and any other warriors the link asked for."""
    options = [
        {"label": f"round {r} champion: {run.name_of(int(w))}", "value": int(w)}
        for r, w in run.champions[["round", "warrior"]].itertuples(index=False)
    ]
    known = {option["value"] for option in options}
    options += [{"label": run.name_of(w), "value": w} for w in extra if w not in known]
    return options


def _fought(runs_dir: Path) -> list[str]:
    """The runs with a champion, those a replay can start from."""
    names = []
    for name in _runs.find_runs(runs_dir):
        try:
            if len(_runs.load(runs_dir, name).champions):
                names.append(name)
        except _runs.DashboardError:
            continue
    return names


def layout(runs_dir: Path, query: dict[str, str]) -> html.Div:
    names = _fought(runs_dir)
    name = query.get("run") or (names[0] if names else "")
    try:
        asked = [int(w) for w in query.get("warriors", "").split(",") if w]
        seed = int(query.get("seed", 1))
    except ValueError:
        return problem("replay: warriors and seed must be numbers")
    try:
        run = _runs.load(runs_dir, name)
    except _runs.DashboardError as error:
        return html.Div([html.H2("Battle replay"), problem(str(error))])
    options = _choices(run, asked)
    chosen = asked or [o["value"] for o in options[-2:]]
    return html.Div(
        [
            html.H2("Battle replay"),
            dcc.Store(id="replay-run", data=name),
            dcc.Store(id="replay-battle"),
            html.Div(
                [
                    html.Label("Run"),
                    dcc.Dropdown(id="replay-runs", options=names, value=name, clearable=False),
                    html.Label("Warriors"),
                    dcc.Dropdown(id="replay-warriors", options=options, value=chosen, multi=True),
                    html.Label("Seed"),
                    dcc.Input(id="replay-seed", type="number", value=seed, min=0, debounce=True),
                    html.Button("Play", id="replay-play", n_clicks=0),
                ],
                style={"display": "grid", "gap": "6px", "maxWidth": "720px"},
            ),
            html.Div(id="replay-message"),
            dcc.Slider(id="replay-frame", min=0, max=1, step=1, value=0, marks=None),
            dcc.Interval(id="replay-interval", interval=TICK_MS, disabled=True),
            dcc.Graph(id="replay-core", config={"displaylogo": False}),
            dcc.Graph(id="replay-processes", config={"displaylogo": False}),
        ]
    )


def frames(runs_dir: Path, name: str, wids: list[int], seed: int) -> tuple[int, Any]:
    """The last frame index of the battle, and a message (empty when it played)."""
    replay = _replay(runs_dir, name, tuple(wids), int(seed))
    fighters = " vs ".join(replay.names)
    return len(replay.cycle) - 1, f"{fighters}: {len(replay.cycle)} frames, seed {seed}"


def register(app: Dash, runs_dir: Path) -> None:
    @app.callback(
        Output("replay-run", "data"),
        Output("replay-warriors", "options"),
        Output("replay-warriors", "value"),
        Input("replay-runs", "value"),
        prevent_initial_call=True,
    )
    def pick(name: str) -> tuple[Any, ...]:
        try:
            options = _choices(_runs.load(runs_dir, name), [])
        except _runs.DashboardError:
            return name, [], []  # choose() then asks for two warriors
        return name, options, [o["value"] for o in options[-2:]]

    @app.callback(
        Output("replay-battle", "data"),
        Output("replay-frame", "max"),
        Output("replay-frame", "value"),
        Output("replay-message", "children"),
        Input("replay-warriors", "value"),
        Input("replay-seed", "value"),
        State("replay-run", "data"),
    )
    def choose(wids: list[int] | None, seed: int | None, name: str) -> tuple[Any, ...]:
        if not wids or len(wids) < 2 or seed is None:
            return None, 1, 0, problem("Pick at least two warriors and a seed.")
        try:
            last, message = frames(runs_dir, name, wids, seed)
        except _runs.DashboardError as error:
            return None, 1, 0, problem(str(error))
        return {"run": name, "warriors": wids, "seed": int(seed)}, last, 0, message

    @app.callback(
        Output("replay-interval", "disabled"),
        Output("replay-play", "children"),
        Output("replay-frame", "value", allow_duplicate=True),
        Input("replay-play", "n_clicks"),
        State("replay-interval", "disabled"),
        State("replay-frame", "value"),
        State("replay-frame", "max"),
        prevent_initial_call=True,
    )
    def toggle(_: int, stopped: bool, frame: int, last: int) -> tuple[Any, ...]:
        if not stopped:
            return True, "Play", no_update
        return False, "Pause", 0 if frame >= last else no_update  # at the end: from the start

    # Ticks only ever stop the playing, so a tick in flight cannot undo a pause.
    @app.callback(
        Output("replay-frame", "value", allow_duplicate=True),
        Output("replay-interval", "disabled", allow_duplicate=True),
        Output("replay-play", "children", allow_duplicate=True),
        Input("replay-interval", "n_intervals"),
        State("replay-frame", "value"),
        State("replay-frame", "max"),
        prevent_initial_call=True,
    )
    def tick(_: int, frame: int, last: int) -> tuple[Any, ...]:
        if frame >= last:
            return no_update, True, "Play"
        return frame + 1, no_update, no_update

    @app.callback(
        Output("replay-core", "figure"),
        Output("replay-processes", "figure"),
        Input("replay-frame", "value"),
        Input("replay-battle", "data"),
    )
    def draw(frame: int, battle: dict[str, Any] | None) -> tuple[go.Figure, go.Figure]:
        if battle is None:  # choose() said why
            return go.Figure(), go.Figure()
        replay = _replay(runs_dir, battle["run"], tuple(battle["warriors"]), battle["seed"])
        frame = min(int(frame or 0), len(replay.cycle) - 1)
        return _figures.core(replay, frame), _figures.processes(replay, frame)
