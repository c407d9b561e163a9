"""Small Dash building blocks the pages share: messages, tables, links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

# How often a page showing a running run reads it again.
REFRESH_MS = 3000
TABLE = {"borderCollapse": "collapse", "fontSize": "14px"}
HEAD = {"textAlign": "left", "padding": "4px 12px", "borderBottom": "2px solid #ccc"}
CELL = {"padding": "3px 12px", "borderBottom": "1px solid #eee"}


def problem(message: str) -> html.Div:
    """A clear message in place of what could not be shown (never a traceback)."""
    return html.Div(message, className="problem", style={"color": "#a94442", "padding": "8px"})


def href(page: str, **query: Any) -> str:
    """A link within the dashboard to ``page`` with ``query`` parameters."""
    return f"/{page}?{urlencode(query)}" if query else f"/{page}"


def table(
    frame: pd.DataFrame,
    table_id: str,
    links: dict[str, Callable[[pd.Series], str]] | None = None,
    digits: int = 3,
) -> html.Table:
    """``frame`` as an HTML table; columns in ``links`` link each cell to the page their
    function gives for the row."""
    links = links or {}

    def cell(row: pd.Series, column: str) -> Any:
        value = row[column]
        if isinstance(value, float):
            text = "" if pd.isna(value) else f"{value:.{digits}f}"
        else:
            text = "" if value is None or value is pd.NA else str(value)
        return dcc.Link(text, href=links[column](row)) if column in links else text

    head = html.Thead(html.Tr([html.Th(column, style=HEAD) for column in frame.columns]))
    rows = [
        html.Tr([html.Td(cell(row, c), style=CELL) for c in frame.columns])
        for _, row in frame.astype(object).iterrows()  # object: a row keeps its ints
    ]
    return html.Table([head, html.Tbody(rows)], id=table_id, style=TABLE)


def section(title: str, *children: Any) -> html.Section:
    return html.Section([html.H3(title), *children], style={"marginBottom": "24px"})
