"""`python -m etl import FILE`: validate a displacement file, keep it under raw/imports/, rebuild.

Nothing changes unless everything passes: the file is checked (size, CSV, UTF-8, columns, countries,
counts, dates, duplicates of rows already held) before it is copied; then it is copied byte for byte
to raw/imports/<UTC time>_<sha256 prefix>_<name>, listed in raw/imports/manifest.csv, and the tables
are rebuilt through the normal build (etl.build.run, every check). If that rebuild fails, the copy and
the manifest line are removed again. A file already imported (same sha256) changes nothing.

The app's upload widget calls `import_bytes` with the same rules (app_pages/lake_chad.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from etl import build
from etl.common import BUILD_INFO_PATH, PROCESSED_DIR, RAW_DIR, EtlError, load_config
from etl.messages import Join, Message
from etl.sources import imports

try:  # POSIX file locks; elsewhere (Windows) imports simply run unlocked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

__all__ = ["default_raw_dir", "import_bytes", "import_file"]


def default_raw_dir() -> Path:
    """data/raw, or the folder named by WCA_RAW_DIR (tests, a staging copy next to WCA_PROCESSED_DIR)."""
    override = os.environ.get("WCA_RAW_DIR")
    return Path(override) if override else RAW_DIR


def _display_name(name: str) -> str:
    """The file's own name, without any folder a browser or shell put in front of it."""
    return Path(name.replace("\\", "/")).name or "upload.csv"


def _stored_name(stamp: str, sha256: str, name: str) -> str:
    """<UTC timestamp>_<sha256 prefix>_<original name>, the name reduced to safe characters."""
    stem, dot, ext = name.rpartition(".")
    base = stem if dot else name
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._-")[:80] or "import"
    return f"{stamp}_{sha256[: imports.SHA_PREFIX]}_{safe}.{ext.lower() if dot else 'csv'}"


@contextlib.contextmanager
def _lock(raw_dir: Path) -> Iterator[None]:
    """One import at a time per raw folder (two sessions uploading at once would race on the manifest).

    The lock file lives in the system temp folder, so a refused file leaves raw/imports/ untouched."""
    key = hashlib.sha256(str(raw_dir.resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"wca-import-{key}.lock"
    if fcntl is None:  # pragma: no cover
        yield
        return
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _manifest_line(values: list[str]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def import_file(path: Path, raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> Message:
    """Import one file from disk; returns what happened, raises EtlError (nothing changed) if refused."""
    path = Path(path)
    if not path.is_file():
        raise EtlError(Message("etl.import.no_such_file", path=str(path)))
    size = path.stat().st_size
    if size > imports.MAX_BYTES:  # refuse before reading a huge file into memory
        raise imports.too_large(path.name, size)
    return import_bytes(path.read_bytes(), path.name, raw_dir=raw_dir, out_dir=out_dir)


def import_bytes(
    data: bytes,
    name: str,
    *,
    raw_dir: Path = RAW_DIR,
    out_dir: Path = PROCESSED_DIR,
    now: dt.datetime | None = None,
) -> Message:
    """Validate `data` (a file called `name`), keep it under raw_dir/imports/ and rebuild out_dir.

    Returns a message saying what was added (or that the file was imported before); raises EtlError
    naming the file, row and column when refused, with raw_dir and out_dir left exactly as they were.
    Both are catalogue messages: English as text (`str`), French with `.text("fr")`.
    """
    label = _display_name(name)
    if not label.lower().endswith(".csv"):
        raise EtlError(Message("etl.import.not_csv_name", label=label))
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    config = load_config()
    imports_dir = raw_dir / config.get("imports_dir", "imports")
    imports.check_file_bytes(data, label)
    sha256 = imports.sha256_of(data)

    with _lock(raw_dir):
        manifest = imports.read_manifest(imports_dir)
        earlier = manifest[manifest["sha256"] == sha256]
        if not earlier.empty:
            first = earlier.iloc[0]
            return Message(
                "etl.import.already_imported",
                label=label,
                date=first["imported_at"],
                stored=f"imports/{first['stored_name']}",
                sha256=sha256[: imports.SHA_PREFIX],
            )

        # What is held now: the tables as the raw folder builds them (previous imports included).
        current = build.build_tables(raw_dir, config)
        held = current.tables["displacement"]
        known_sources = set(current.tables["sources"]["source_id"])
        parsed = imports.parse_import(
            data,
            label,
            source_id=imports.source_id_for(sha256),
            entities=imports.allowed_entities(current.tables["entities"]),
            known_sources=known_sources,
        )
        duplicates = imports.duplicate_problems(parsed.rows, held, label, key_columns=parsed.key_columns)
        if duplicates:
            raise imports.problems_error(duplicates)

        now = now or dt.datetime.now(dt.UTC)
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        stored = _stored_name(stamp, sha256, label)
        target = imports_dir / stored
        manifest_path = imports_dir / imports.MANIFEST_NAME
        old_manifest = manifest_path.read_bytes() if manifest_path.exists() else None
        created_dir = not imports_dir.exists()
        line = [
            now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            label,
            stored,
            sha256,
            parsed.format,
            str(len(parsed.rows)),
        ]
        copied = False
        try:
            imports_dir.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as fh:  # "x": never overwrite an earlier import
                copied = True
                fh.write(data)
            text = old_manifest.decode("utf-8") if old_manifest else _manifest_line(imports.MANIFEST_COLUMNS)
            if not text.endswith("\n"):
                text += "\n"
            staging = manifest_path.with_name(f".{imports.MANIFEST_NAME}.tmp")
            staging.write_text(text + _manifest_line(line), encoding="utf-8", newline="")
            os.replace(staging, manifest_path)
            result = build.run(raw_dir, out_dir)
        except BaseException as err:
            # Undo: the copy and the manifest line go, so a failed import changes nothing.
            if copied:
                target.unlink(missing_ok=True)
            if old_manifest is None:
                manifest_path.unlink(missing_ok=True)
            else:
                manifest_path.write_bytes(old_manifest)
            manifest_path.with_name(f".{imports.MANIFEST_NAME}.tmp").unlink(missing_ok=True)
            if created_dir and imports_dir.exists() and not any(imports_dir.iterdir()):
                imports_dir.rmdir()
            if isinstance(err, EtlError):
                detail = err.args[0] if len(err.args) == 1 else str(err)
                raise EtlError(Message("etl.import.rebuild_failed", label=label, detail=detail)) from None
            raise
        if out_dir.resolve() == PROCESSED_DIR.resolve():
            build.write_build_info(BUILD_INFO_PATH)

    series = parsed.rows["series"].value_counts()
    detail: str = ""
    if parsed.format == imports.DTM_FORMAT:
        detail = Message(
            "etl.import.done_assessments",
            ba=int(series.get(imports.SERIES_IMPORT, 0)),
            sa=int(series.get(imports.SERIES_SITE_ASSESSMENT, 0)),
            series=imports.SERIES_SITE_ASSESSMENT,
        )
    return Message(
        "etl.import.done",
        label=label,
        added=len(parsed.rows),
        detail=detail,
        notes=Join(parsed.notes, " ", before=" "),
        stored=f"{imports_dir.name}/{stored}",
        sha256=sha256[: imports.SHA_PREFIX],
        out=str(out_dir),
        total=len(result.tables["displacement"]),
    )
