"""The Dash application: a router over the pages, and a server to run it."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import parse_qsl

from dash import Dash, Input, Output, dcc, html

from dashboards._components import href, problem
from dashboards._runs import DashboardError
from dashboards.pages import across, overview, replay, runs, warrior

log = logging.getLogger(__name__)

PAGES = {"": runs, "run": overview, "warrior": warrior, "replay": replay, "across": across}
NAVIGATION = [("Runs", ""), ("Replay", "replay"), ("Across runs", "across")]


def create_app(runs_dir: str | os.PathLike[str]) -> Dash:
    """The dashboard over the runs under ``runs_dir`` (or the one run it is)."""
    runs_dir = Path(runs_dir)
    app = Dash(__name__, title="redqueen", suppress_callback_exceptions=True)
    links = [
        dcc.Link(label, href=href(page), style={"marginRight": "16px"})
        for label, page in NAVIGATION
    ]
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.Nav([html.B("redqueen ", style={"marginRight": "16px"}), *links]),
            html.Hr(),
            html.Div(id="page"),
        ],
        style={"fontFamily": "sans-serif", "margin": "16px 32px"},
    )

    @app.callback(Output("page", "children"), Input("url", "pathname"), Input("url", "search"))
    def route(pathname: str | None, search: str | None) -> html.Div:
        page = PAGES.get((pathname or "/").strip("/"))
        if page is None:
            return problem(f"no page {pathname}")
        query = dict(parse_qsl((search or "").lstrip("?")))
        try:
            return page.layout(runs_dir, query)
        except DashboardError as error:
            return problem(str(error))

    for page in (runs, overview, replay, across):
        page.register(app, runs_dir)
    return app


def serve(runs_dir: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8050) -> None:
    """Serve the dashboard until interrupted; ``runs_dir`` must exist."""
    runs_dir = Path(runs_dir)
    if not runs_dir.is_dir():
        raise DashboardError(f"{runs_dir}: no such directory")
    app = create_app(runs_dir)
    # One log line per request, every few seconds while a run is shown, would bury the rest.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    log.info("dashboard of %s on http://%s:%d/", runs_dir, host, port)
    app.run(host=host, port=port, debug=False)
