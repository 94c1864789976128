"""`python -m etl import FILE`: validate a displacement file, keep it under raw/imports/, rebuild.

An OCHA FTS download (the columns of data/raw/fts/'s file) is recognised by its header and checked by
etl/sources/import_fts.py instead; it is kept and listed the same way, and the FTS step reads it
(`--as-of YYYY-MM-DD` dates its figures; default: the import day).

Nothing changes unless everything passes: the file is checked (size, CSV, UTF-8, columns, countries,
counts, dates, duplicates of rows already held) before it is copied; then it is copied byte for byte
to raw/imports/<UTC time>_<sha256 prefix>_<name>, listed in raw/imports/manifest.csv, and the tables
are rebuilt through the normal build (etl.build.run, every check). If that rebuild fails, the copy and
the manifest line are removed again. A file already imported (same sha256) changes nothing.

All or nothing at any moment: a journal (raw/imports/.import-in-progress.json) is written before the
first change and removed after the last; the next import or `python -m etl` finds it and completes the
import (copy complete and listed: rebuild) or undoes it. Tables are swapped by etl/write.py, which never
leaves readers without a complete set. `WCA_KILL_AT` (etl.common.checkpoint) kills the process between
steps for tests/test_import_interrupted.py.

The app's upload widget calls `import_bytes` with the same rules (app_pages/lake_chad.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import stat
from collections.abc import Collection, Iterator
from pathlib import Path

from etl import build, write
from etl.common import BUILD_INFO_PATH, PROCESSED_DIR, RAW_DIR, EtlError, checkpoint, load_config
from etl.messages import Join, Message
from etl.sources import fts, import_fts, imports

__all__ = ["default_raw_dir", "import_bytes", "import_file", "recover"]


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
    with write.folder_lock("import", raw_dir):  # POSIX locks; elsewhere (Windows) imports run unlocked
        yield


JOURNAL_NAME = ".import-in-progress.json"  # in raw/imports/ while an import changes files


def _write_atomic(path: Path, text: str) -> None:
    """Replace path's content in one step (a reader or a crash sees the old file or the new one)."""
    staging = path.with_name(f".{path.name}.tmp")
    staging.write_text(text, encoding="utf-8", newline="")
    os.replace(staging, path)


def _rebuild(raw_dir: Path, out_dir: Path) -> build.BuildResult:
    result = build.run(raw_dir, out_dir)
    checkpoint("import.built")
    if out_dir.resolve() == PROCESSED_DIR.resolve():
        build.write_build_info(BUILD_INFO_PATH)
    return result


def _undo(imports_dir: Path, journal: dict) -> None:
    """Remove an unfinished import's copy and manifest line (the tables never held its rows: they are
    swapped in only by a build that succeeded, and then the import is complete)."""
    (imports_dir / journal["stored"]).unlink(missing_ok=True)
    manifest_path = imports_dir / imports.MANIFEST_NAME
    if journal["manifest_before"] is None:
        manifest_path.unlink(missing_ok=True)
    else:
        _write_atomic(manifest_path, journal["manifest_before"])
    for leftover in (f".{imports.MANIFEST_NAME}.tmp", f".{JOURNAL_NAME}.tmp", JOURNAL_NAME):
        (imports_dir / leftover).unlink(missing_ok=True)
    if journal["created_dir"] and imports_dir.exists() and not any(imports_dir.iterdir()):
        imports_dir.rmdir()


def _recover(raw_dir: Path, out_dir: Path, imports_dir: Path) -> None:
    """Finish or undo an import a killed process left half done (its journal is still there).

    A copy that is complete and listed in the manifest was validated before anything changed: the
    rebuild completes the import. Anything less is undone, so importing the file again starts afresh."""
    (imports_dir / f".{JOURNAL_NAME}.tmp").unlink(missing_ok=True)
    path = imports_dir / JOURNAL_NAME
    if not path.exists():
        return
    journal = json.loads(path.read_text(encoding="utf-8"))
    stored = imports_dir / journal["stored"]
    listed = journal["sha256"] in set(imports.read_manifest(imports_dir)["sha256"])
    if listed and stored.is_file() and imports.sha256_of(stored.read_bytes()) == journal["sha256"]:
        try:
            _rebuild(raw_dir, out_dir)
        except EtlError:
            _undo(imports_dir, journal)
            raise
        path.unlink()
        return
    _undo(imports_dir, journal)


def recover(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> None:
    """What `python -m etl` and every import do first: finish or undo an interrupted import, and finish or
    clean up an interrupted table swap (etl/write.py)."""
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    with _lock(raw_dir):
        _recover(raw_dir, out_dir, raw_dir / load_config().get("imports_dir", "imports"))
        with write.writing(out_dir.resolve()):
            write.recover_tables(out_dir)


def import_file(
    path: Path,
    raw_dir: Path = RAW_DIR,
    out_dir: Path = PROCESSED_DIR,
    *,
    countries: Collection[str] | str | None = None,
    as_of: str | None = None,
) -> Message:
    """Import one file from disk; returns what happened, raises EtlError (nothing changed) if refused.

    `countries` (`--countries NGA,TCD`): keep only those countries' rows of a multi-country export.
    `as_of` (`--as-of YYYY-MM-DD`): the date an OCHA FTS file's figures are as of (FTS files only)."""
    path = Path(path)
    try:
        info = path.lstat()  # the path itself: a symbolic link is not followed
    except FileNotFoundError:
        raise EtlError(Message("etl.import.no_such_file", path=str(path))) from None
    if not stat.S_ISREG(info.st_mode):
        mode = info.st_mode
        kind = "symlink" if stat.S_ISLNK(mode) else "directory" if stat.S_ISDIR(mode) else "special"
        raise EtlError(Message(f"etl.import.not_regular_{kind}", path=str(path)))
    if info.st_size > imports.MAX_BYTES:  # refuse before reading a huge file into memory
        raise imports.too_large(path.name, info.st_size)
    no_follow = getattr(os, "O_NOFOLLOW", 0)  # not swapped for a link since lstat
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | no_follow)) as fh:
        data = fh.read(imports.MAX_BYTES + 1)
    return import_bytes(
        data, path.name, raw_dir=raw_dir, out_dir=out_dir, countries=countries, as_of=as_of
    )


def import_bytes(
    data: bytes,
    name: str,
    *,
    raw_dir: Path = RAW_DIR,
    out_dir: Path = PROCESSED_DIR,
    now: dt.datetime | None = None,
    countries: Collection[str] | str | None = None,
    as_of: str | None = None,
) -> Message:
    """Validate `data` (a file called `name`), keep it under raw_dir/imports/ and rebuild out_dir.

    Returns a message saying what was added (or that the file was imported before); raises EtlError
    naming the file, row and column when refused, with raw_dir and out_dir left exactly as they were.
    Both are catalogue messages: English as text (`str`), French with `.text("fr")`. `as_of` dates an
    OCHA FTS file's figures (refused for a displacement file, whose rows carry their dates).
    """
    label = _display_name(name)
    if not label.lower().endswith(".csv"):
        raise EtlError(Message("etl.import.not_csv_name", label=label))
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    config = load_config()
    imports_dir = raw_dir / config.get("imports_dir", "imports")
    imports.check_file_bytes(data, label)
    sha256 = imports.sha256_of(data)
    chosen = imports.countries_text(countries)
    is_fts = import_fts.is_fts_file(data)
    if as_of and not is_fts:
        raise EtlError(Message("etl.import.fts.as_of_not_fts", label=label))
    if chosen and is_fts:  # the FTS step reads the region's rows of the file, always all of them
        raise EtlError(Message("etl.import.fts.countries_not_dtm", label=label))

    with _lock(raw_dir):
        _recover(raw_dir, out_dir, imports_dir)
        with write.writing(out_dir.resolve()):
            write.recover_tables(out_dir)
        manifest = imports.read_manifest(imports_dir)
        earlier = manifest[(manifest["sha256"] == sha256) & (manifest["countries"] == chosen)]
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
        if is_fts:  # rows a later file lists supersede held ones (etl/sources/import_fts.py): no duplicates
            now = now or dt.datetime.now(dt.UTC)
            parsed = import_fts.parse_fts_import(
                data,
                label,
                source_id=imports.source_id_for(sha256),
                names=fts.region_countries(current.tables),
                as_of=import_fts.as_of_date(as_of, label, now),
                as_of_given=bool(as_of),
            )
        else:
            held = current.tables["displacement"]
            known_sources = set(current.tables["sources"]["source_id"])
            parsed = imports.parse_import(
                data,
                label,
                source_id=imports.source_id_for(sha256, chosen),
                entities=imports.allowed_entities(current.tables["entities"]),
                known_sources=known_sources,
                countries=imports.countries_list(chosen),
            )
            duplicates = imports.duplicate_problems(parsed.rows, held, label, key_columns=parsed.key_columns)
            duplicates += imports.dashboard_date_problems(parsed.rows, held, label)
            if duplicates:
                raise imports.problems_error(duplicates)

        now = now or dt.datetime.now(dt.UTC)
        stamp = now.strftime("%Y%m%dT%H%M%SZ")
        stored = _stored_name(stamp, sha256, label)
        record = {  # the manifest line (imports.manifest_line writes it in the manifest's column order)
            "imported_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "original_name": label,
            "stored_name": stored,
            "sha256": sha256,
            "format": parsed.format,
            "rows": str(len(parsed.rows)),
            "as_of": parsed.as_of if is_fts and as_of else "",
            "countries": chosen,
        }
        manifest_path = imports_dir / imports.MANIFEST_NAME
        journal = {
            "stored": stored,
            "sha256": sha256,
            "created_dir": not imports_dir.exists(),
            "manifest_before": manifest_path.read_text(encoding="utf-8") if manifest_path.exists() else None,
        }
        imports_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(imports_dir / JOURNAL_NAME, json.dumps(journal))
        checkpoint("import.journal")
        try:
            with (imports_dir / stored).open("xb") as fh:  # "x": never overwrite an earlier import
                fh.write(data)
            checkpoint("import.stored")
            text = imports.manifest_text(journal["manifest_before"])
            _write_atomic(manifest_path, text + imports.manifest_line(text, record))
            checkpoint("import.listed")
            result = _rebuild(raw_dir, out_dir)
        except BaseException as err:
            _undo(imports_dir, journal)  # the copy and the manifest line go: a failed import changes nothing
            if isinstance(err, EtlError):
                detail = err.args[0] if len(err.args) == 1 else str(err)
                raise EtlError(Message("etl.import.rebuild_failed", label=label, detail=detail)) from None
            raise
        (imports_dir / JOURNAL_NAME).unlink()
        if is_fts:
            summary = fts.import_summary(
                raw_dir, config, fts.region_countries(result.tables), parsed.source_id
            )
            return Message(
                "etl.import.fts.done",
                label=label,
                summary=summary,
                stored=f"{imports_dir.name}/{stored}",
                sha256=sha256[: imports.SHA_PREFIX],
                out=str(out_dir),
            )

    series = parsed.rows["series"].value_counts()
    detail: str = ""
    if parsed.format in imports.DTM_FORMATS:
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
