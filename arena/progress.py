"""The one progress bar of long work (on standard error), and its quiet switch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress(total: int, description: str, *, enabled: bool = True) -> Iterator[tqdm]:
    """A bar counting ``total`` units; call ``update(n)`` on it.  Disabled, it prints nothing."""
    bar = tqdm(total=total, desc=description, unit="match", disable=not enabled, leave=False)
    try:
        yield bar
    finally:
        bar.close()
