"""Process-wide tuning of the Python runtime that serves the app (no Streamlit import)."""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_objects() -> None:
    """Once per process, after the first run: move every object alive then (the imported libraries, the
    tables and boundaries just loaded, ~200k objects) out of the garbage collector's sight.

    Why: Python's full collections walk every tracked object, and these never die; with them in the
    collector's generations a full collection cost 20-100 ms in the middle of a rerun, up to half of a
    warm rerun of the themes and Lake Chad pages (bench/run.py). Objects made later, sessions' included,
    are collected as usual.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()
