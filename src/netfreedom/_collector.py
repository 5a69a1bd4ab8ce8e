"""The cyclic garbage collector, paused while many acyclic objects are made."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; re-enable it afterwards unless it was off already.

    Building columns or rows allocates hundreds of thousands of tuples and lists that hold
    no reference cycles; the collector's repeated passes over them cost a tenth or more of
    the time. Use as a context manager or as a decorator.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
