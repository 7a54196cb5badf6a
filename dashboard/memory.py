"""The server's long-lived objects kept out of Python's full garbage collections (no Streamlit)."""

from __future__ import annotations

import atexit
import gc

_frozen = False


def freeze_imports() -> None:
    """Once per process, after the imports: collect, then freeze every object alive (the modules
    of Streamlit, plotly, polars, DuckDB: most of the ~160k objects the collector tracks once
    pages have run). A full collection walked them all, 77 ms here (120 ms measured inside a
    rerun at a million listings: one rerun in ten of a benchmark's series), and lands on some
    user's rerun; frozen, a pass walks only what the sessions made since. Unfrozen at exit, so the
    interpreter's last collection frees them (else DuckDB's bindings report them as leaked)."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        atexit.register(gc.unfreeze)
        _frozen = True
