"""The strategy-emergence dashboard: a Dash app over the run store.

Pages: the runs under a directory; one run's overview (champions, lineage
matrix, archive, strategy families and opcodes over rounds, the author); a
warrior (source, diff, family, results, ancestry); a battle replay; and the
spread of champions across runs.  It reads runs read-only, refreshes while
one is running, and drives battles only through ``arena`` and ``mars``.

```python
from dashboards import create_app, serve

serve("runs")                      # http://127.0.0.1:8050/
app = create_app("runs")           # a dash.Dash, e.g. for another server
```
"""

from dashboards._app import create_app, serve
from dashboards._runs import DashboardError

__all__ = ["DashboardError", "create_app", "serve"]
