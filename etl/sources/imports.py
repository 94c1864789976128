"""Displacement figures imported by staff (`python -m etl import FILE`), kept in raw/imports/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    # Filled in by the import feature; until then there is nothing to add.
    return {}
