"""Edited copies of the raw sources, for tests that break the real documents on purpose."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.common import RAW_DIR, load_config

MI2020_FILE = load_config()["documents"]["mi2020"]["file"]
MI2020_TEXT = (RAW_DIR / MI2020_FILE).read_text(encoding="utf-8")


def edited_raw(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A raw folder holding only the 2020 document, with each (old, new) edit applied once."""
    text = MI2020_TEXT
    for old, new in edits:
        assert text.count(old) == 1, f"edit anchor {old!r} must occur exactly once"
        text = text.replace(old, new)
    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    (raw / MI2020_FILE).write_text(text, encoding="utf-8")
    return raw


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace every occurrence of old (which must be there) in a raw copy."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_cell(path: Path, data_row: int, column: str, value: str) -> None:
    """Set one cell; data_row counts as in a spreadsheet (header = row 1, first data row = 2)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[data_row - 2, column] = value
    frame.to_csv(path, index=False)


def rewrite_processed_table(folder: Path, name: str, table: pd.DataFrame) -> None:
    """Replace one table of a copy of data/processed/ as a rebuild would: the CSV and its recorded size and
    sha256 in datapackage.json (the app refuses a table whose checksum does not match)."""
    import hashlib
    import json

    path = folder / f"{name}.csv"
    table.to_csv(path, index=False, lineterminator="\n")
    content = path.read_bytes()
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource["bytes"] = len(content)
            resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
