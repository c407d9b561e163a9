"""Warrior: coloured source, diff against its parent, family, descriptors, results, ancestry."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboards import _battles, _redcode, _runs
from dashboards._components import href, problem, section, table
from dashboards._runs import DashboardError

COLOURS = {
    "comment": "#6a737d",
    "opcode": "#005cc5",
    "modifier": "#6f42c1",
    "mode": "#d73a49",
    "number": "#22863a",
    "label": "#e36209",
}
DIFF_COLOURS = {"+": "#e6ffed", "-": "#ffeef0", "@": "#f1f8ff"}
CODE = {"fontFamily": "monospace", "fontSize": "13px", "background": "#fafbfc", "padding": "8px"}


def source(text: str) -> html.Pre:
    """Redcode with syntax colouring."""
    lines = []
    for line in text.splitlines():
        spans = [
            html.Span(part, style={"color": COLOURS[kind]}) if kind in COLOURS else part
            for part, kind in _redcode.tokens(line)
        ]
        lines.append(html.Div(spans or "\u00a0"))
    return html.Pre(lines, id="warrior-source", style=CODE)


def diff(parent: str, child: str) -> html.Pre:
    lines = _redcode.diff(parent, child)
    shown = [
        html.Div(line or "\u00a0", style={"background": DIFF_COLOURS.get(line[:1], "none")})
        for line in lines
    ]
    return html.Pre(shown or "identical to its parent", id="warrior-diff", style=CODE)


def _facts(run: _runs.Run, view: _runs.WarriorView) -> html.Ul:
    row = view.row
    facts = [
        f"round {row['round']}, generation {row['generation']}, origin {row['origin']},"
        f" author {row['author']}",
    ]
    if view.champion_of is not None:
        facts.append(f"champion of round {view.champion_of}")
    if not isinstance(row["error"], str):
        facts.append(f"family: {_runs.family(row['source'], run.settings)}")
    if view.evaluation is not None:
        axes = _runs.axes_of(run)
        values = ", ".join(
            f"{axis} {value:g}"
            for axis, value in zip(axes, view.evaluation["descriptors"], strict=False)
        )
        facts.append(f"fitness {view.evaluation['fitness']:.3f}; descriptors: {values}")
    return html.Ul([html.Li(fact) for fact in facts], id="warrior-facts")


def _replay_link(run: _runs.Run, wid: int) -> html.P | str:
    """A replay of the warrior against the run's latest other champion."""
    others = run.champions[run.champions["warrior"] != wid]
    if others.empty:
        return ""
    round, champion = (int(v) for v in others[["round", "warrior"]].iloc[-1])
    target = href("replay", run=run.name, warriors=f"{wid},{champion}")
    return html.P(dcc.Link(f"Replay it against the round {round} champion", href=target))


def layout(runs_dir: Path, query: dict[str, str]) -> html.Div:
    name = query.get("run", "")
    try:
        run = _runs.load(runs_dir, name)
        wid = int(query.get("id", ""))
        view = _runs.warrior(run, wid)
    except ValueError:
        return problem(f"warrior page: {query.get('id')!r} is not a warrior number")
    except DashboardError as error:
        return html.Div([html.H2("Warrior"), problem(str(error))])
    row = view.row
    title = f"{run.name_of(wid)} (warrior {wid} of run {name})"
    parts = [
        html.H2(title, id="warrior-title"),
        html.P(dcc.Link(f"Back to run {name}", href=href("run", name=name))),
        _facts(run, view),
        _replay_link(run, wid),
        section("Source", source(row["source"])),
    ]
    if isinstance(row["error"], str):
        parts.append(problem(f"does not assemble: {row['error']}"))
    if view.parent_source is not None:
        parent = int(row["parent_a"])
        link = dcc.Link(f"parent {run.name_of(parent)}", href=href("warrior", run=name, id=parent))
        parts.append(
            section(
                "Diff against its parent", html.P(link), diff(view.parent_source, row["source"])
            )
        )
    if not isinstance(row["error"], str):
        try:
            against = _battles.lineage_results(run, wid)
            heldout = _battles.heldout_results(run, wid)
        except DashboardError as error:
            parts.append(problem(str(error)))
        else:
            parts.append(
                section(
                    "Against the lineage of its round", table(against, "warrior-lineage", digits=1)
                )
            )
            parts.append(
                section("Against the held-out suite", table(heldout, "warrior-heldout", digits=1))
            )
    ancestry = view.ancestry
    links = {"name": lambda r: href("warrior", run=name, id=int(r["id"]))}
    parts.append(section("Ancestry", table(ancestry.fillna(""), "warrior-ancestry", links=links)))
    return html.Div(parts)
