"""Plotly figures from the data layer's DataFrames; no Dash, no run store."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from dashboards._battles import Replay

TEMPLATE = "plotly_white"
# Who wrote a cell: grey for nobody, then one colour per warrior (and per family).
PALETTE = qualitative.Plotly
# For more values than PALETTE tells apart (opcodes).
WIDE_PALETTE = qualitative.Alphabet
UNWRITTEN = "#eeeeee"
# Cells per row of the replay's core picture.
CORE_WIDTH = 100


def _layout(figure: go.Figure, title: str, height: int = 360) -> go.Figure:
    figure.update_layout(
        title=title, template=TEMPLATE, height=height, margin={"l": 60, "r": 20, "t": 50, "b": 40}
    )
    return figure


def rounds(champions: pd.DataFrame) -> go.Figure:
    """Each round's champion: fitness against the lineage and generality on the held-out suite."""
    figure = go.Figure()
    for column, label in (
        ("fitness", "fitness vs lineage"),
        ("remeasured", "fitness re-measured"),
        ("generality", "generality (held-out)"),
    ):
        figure.add_scatter(
            x=champions["round"],
            y=champions[column],
            name=label,
            mode="lines+markers",
            text=champions["name"],
        )
    figure.update_xaxes(title="round", dtick=1)
    figure.update_yaxes(title="fraction", range=[0, 1.05])
    return _layout(figure, "Champions per round")


def lineage(matrix: pd.DataFrame) -> go.Figure:
    """Champion against champion: the row's hill score, red where the row wins."""
    labels = [f"round {r}" for r in matrix.index]
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=labels,
            y=labels,
            zmin=0,
            zmid=100,
            zmax=300,
            colorscale="RdBu_r",
            colorbar={"title": "score"},
            hovertemplate="%{y} vs %{x}: %{z:.0f}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", title="champion")
    figure.update_xaxes(title="opponent")
    return _layout(figure, "Lineage: each champion against each other (hill score, 0-300)", 420)


def archive(
    cells: pd.DataFrame, round: int, x_labels: list[str], y_labels: list[str], axes: list[str]
) -> go.Figure:
    """Round ``round``'s MAP-Elites archive: each cell's elite fitness over the two
    descriptors."""
    z = np.full((len(y_labels), len(x_labels)), np.nan)
    text = np.full(z.shape, "", dtype=object)
    ids = np.full(z.shape, -1)
    for row in cells.itertuples(index=False):
        z[row.y, row.x], text[row.y, row.x], ids[row.y, row.x] = row.fitness, row.name, row.warrior
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=x_labels,
            y=y_labels,
            text=text,
            customdata=ids,
            colorscale="Viridis",
            zmin=0,
            colorbar={"title": "fitness"},
            hovertemplate="%{text}<br>fitness %{z:.3f}<extra></extra>",
        )
    )
    figure.update_xaxes(title=axes[0], type="category")
    figure.update_yaxes(title=axes[1] if len(axes) > 1 else "", type="category")
    return _layout(figure, f"Round {round} archive: {len(cells)} elites (click one)", 400)


def shares(
    frame: pd.DataFrame,
    column: str,
    title: str,
    facet: str | None = None,
    order: Sequence[str] = (),
) -> go.Figure:
    """Stacked shares per round of each value of ``column`` (side by side per ``facet``);
    values in ``order`` come first, in that order, so that they keep their colours."""
    facets = list(dict.fromkeys(frame[facet])) if facet else [None]
    figure = make_subplots(rows=1, cols=len(facets), subplot_titles=[f or "" for f in facets])
    present = set(frame[column])
    keys = [*order, *sorted(present - set(order))]
    palette = PALETTE if len(keys) <= len(PALETTE) else WIDE_PALETTE
    colours = {key: palette[i % len(palette)] for i, key in enumerate(keys)}
    values = [key for key in keys if key in present]
    for index, part in enumerate(facets, start=1):
        data = frame if part is None else frame[frame[facet] == part]
        table = data.pivot_table(index="round", columns=column, values="share", fill_value=0)
        for value in values:
            figure.add_scatter(
                x=table.index,
                y=table[value] if value in table else np.zeros(len(table)),
                name=str(value),
                legendgroup=str(value),
                showlegend=index == 1,
                stackgroup=f"s{index}",
                line={"color": colours[value]},
                row=1,
                col=index,
            )
        figure.update_xaxes(title="round", dtick=1, row=1, col=index)
        figure.update_yaxes(range=[0, 1], row=1, col=index)
    return _layout(figure, title)


def authoring(frame: pd.DataFrame) -> go.Figure:
    """Per round: the fraction of replies that assembled, and the author's cost."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(x=frame["round"], y=frame["valid"], name="valid replies")
    figure.add_scatter(
        x=frame["round"], y=frame["cost"], name="cost", mode="lines+markers", secondary_y=True
    )
    figure.update_xaxes(title="round", dtick=1)
    figure.update_yaxes(title="valid fraction", range=[0, 1.05], secondary_y=False)
    # An offline author costs nothing: keep its zero line at the bottom, not mid-axis.
    top = max(float(frame["cost"].max() or 0), 0.01)
    figure.update_yaxes(title="cost", range=[0, top * 1.05], secondary_y=True)
    return _layout(figure, "Author: validity rate and cost per round")


def core(replay: Replay, frame: int) -> go.Figure:
    """The core at ``frame``: which warrior last wrote each cell."""
    owner = replay.owner[frame]
    rows = -(-replay.coresize // CORE_WIDTH)
    grid = np.full(rows * CORE_WIDTH, np.nan)
    grid[: replay.coresize] = owner
    count = len(replay.names)
    # A discrete scale: -1 (unwritten) and each warrior get one band of [0, 1].
    colours = [UNWRITTEN, *[PALETTE[i % len(PALETTE)] for i in range(count)]]
    scale = []
    for index, colour in enumerate(colours):
        scale += [[index / len(colours), colour], [(index + 1) / len(colours), colour]]
    figure = go.Figure(
        go.Heatmap(
            z=grid.reshape(rows, CORE_WIDTH),
            zmin=-1.5,
            zmax=count - 0.5,
            colorscale=scale,
            showscale=False,
            hovertemplate="cell %{customdata}<extra></extra>",
            customdata=np.arange(rows * CORE_WIDTH).reshape(rows, CORE_WIDTH),
        )
    )
    for index, name in enumerate(replay.names):
        figure.add_scatter(
            x=[None], y=[None], mode="markers", name=name, marker={"color": colours[index + 1]}
        )
    figure.update_yaxes(autorange="reversed", showticklabels=False)
    figure.update_xaxes(showticklabels=False)
    title = f"Core at cycle {int(replay.cycle[frame])} (frame {frame + 1} of {len(replay.cycle)})"
    return _layout(figure, title, 460)


def processes(replay: Replay, frame: int) -> go.Figure:
    """Each warrior's process count over the battle, with the frame shown marked."""
    figure = go.Figure()
    for index, name in enumerate(replay.names):
        figure.add_scatter(
            x=replay.cycle,
            y=replay.tasks[:, index],
            name=name,
            mode="lines",
            line={"color": PALETTE[index % len(PALETTE)]},
        )
    figure.add_vline(x=int(replay.cycle[frame]), line_dash="dot")
    figure.update_xaxes(title="cycle")
    figure.update_yaxes(title="processes", rangemode="tozero")
    return _layout(figure, "Processes over time", 260)


def spread(frame: pd.DataFrame) -> go.Figure:
    """Across runs, per round: how far apart champions behave and how far apart their code is."""
    figure = go.Figure()
    figure.add_scatter(
        x=frame["round"],
        y=frame["behaviour"],
        name="behaviour (held-out scores)",
        mode="lines+markers",
    )
    figure.add_scatter(
        x=frame["round"], y=frame["code"], name="code (instructions)", mode="lines+markers"
    )
    figure.update_xaxes(title="round", dtick=1)
    figure.update_yaxes(title="mean distance between runs' champions", rangemode="tozero")
    return _layout(figure, "Phenotype convergence vs genotype diversity", 420)
