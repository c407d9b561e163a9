"""``dashboard``: serve the strategy-emergence dashboard."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mars import pmars_cli
from redqueen.cli._options import (
    Handler,
)


def _dashboard(args: argparse.Namespace) -> int:
    # Imported here: Dash takes a second to import, which the other commands need not pay.
    from dashboards import DashboardError, serve

    try:
        serve(args.runs_dir, host=args.host, port=args.port)
    except DashboardError as error:
        print(f"redqueen dashboard: {error}", file=sys.stderr)
        return pmars_cli.EXIT_BAD_COMMAND_LINE
    return 0


def register(commands: Any) -> dict[str, Handler]:
    """Add the command's parser; its handler by name."""
    dashboard = commands.add_parser(
        "dashboard", help="serve the strategy-emergence dashboard of the runs in a directory"
    )
    dashboard.add_argument("runs_dir", nargs="?", default="runs", type=Path, metavar="RUNS_DIR")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on [127.0.0.1]")
    dashboard.add_argument("--port", type=int, default=8050, help="port [8050]")
    return {"dashboard": _dashboard}
