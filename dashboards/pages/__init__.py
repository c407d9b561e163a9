"""The dashboard's pages: each has ``layout(runs_dir, query)``, most ``register(app, runs_dir)``."""
