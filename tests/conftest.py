"""Shared fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from dashboard import tables
from etl.common import RAW_DIR


@pytest.fixture
def processed_copy(tmp_path, monkeypatch) -> Iterator[Path]:
    """A copy of data/processed/ that the app reads instead (WCA_PROCESSED_DIR), caches cleared around it.

    Damage the copy (delete or truncate a table) to test how pages cope; the real tables stay untouched.
    """
    copy = tmp_path / "processed"
    shutil.copytree(tables.PROCESSED_DIR, copy)
    monkeypatch.setenv("WCA_PROCESSED_DIR", str(copy))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield copy
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A copy of data/raw/ to edit; the real sources stay untouched."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    return target
