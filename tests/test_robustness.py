"""Bad input and faults: damaged tables, malformed links, and the ETL putting a deleted table back.

Every page is run through AppTest (pages come from dashboard.pages.PAGES, tables from datapackage.json):
- each table deleted, reduced to its header, or cut in the middle of a line: every page either works or
  says which table it cannot read (st.error naming it); no page raises, and no page complains about a
  table that is intact;
- malformed query parameters (unknown codes, markup, path traversal, 10,000 characters): no exception,
  the value is not echoed into the page, and a parameter the page rewrote came with a notice (toast);
- `python -m etl --out <copy>` rebuilds deleted or damaged tables byte for byte.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import translate
from dashboard.pages import PAGES
from dashboard.tables import PROCESSED_DIR
from tests.apptest_helpers import APP, TIMEOUT, data_view_keys, open_data_views

PROJECT_DIR = Path(__file__).resolve().parent.parent
TABLES = [res["name"] for res in json.loads((PROCESSED_DIR / "datapackage.json").read_text())["resources"]]
PAGE_PATHS = [p.path for p in PAGES]
DAMAGE = ("deleted", "header_only", "cut_mid_line")


def _damage(folder: Path, table: str, how: str) -> None:
    path = folder / f"{table}.csv"
    if how == "deleted":
        path.unlink()
        return
    raw = path.read_bytes()
    if how == "header_only":
        path.write_bytes(raw.split(b"\n", 1)[0] + b"\n")
        return
    # Cut inside a line (not at a line end), about half way through: a copy interrupted mid-write.
    cut = len(raw) // 2
    while cut < len(raw) - 1 and raw[cut - 1 : cut + 1].count(b"\n"):
        cut += 1
    path.write_bytes(raw[:cut])


def _every_page(lang: str = "en", **params: str):
    """(page, AppTest) for each registered page, one AppTest switched from page to page, with its table
    views (components.data_view) open: closed, they build nothing."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    for i, page in enumerate(PAGE_PATHS):
        if i > 0:
            at.switch_page(page)
            at.query_params["lang"] = lang
            for name, value in params.items():
                at.query_params[name] = value
            at.run()
        if not at.exception and data_view_keys(at):
            open_data_views(at)
        yield page, at


def _fresh_page(page: str, lang: str = "en", **params: str) -> tuple[AppTest, list[str]]:
    """A new session on `page` with these URL parameters (as a shared link opens it), its table views
    open, and every notice.

    AppTest starts on the default page, then switches (as tests/apptest_helpers.run_page does); the
    parameters are given to both runs, and the toasts of both runs are returned (app.py reads ?lang= on
    the first one already).
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    toasts = [str(toast.value) for toast in at.toast]
    if page != PAGE_PATHS[0]:
        at.switch_page(page)
        at.query_params["lang"] = lang
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        toasts += [str(toast.value) for toast in at.toast]
    if not at.exception and data_view_keys(at):
        open_data_views(at)  # the table views too, which build nothing while closed
    return at, toasts


def _exceptions(at: AppTest) -> list[str]:
    """The exceptions' last traceback lines (the message itself is redacted: showErrorDetails = false)."""
    return [" | ".join(line.strip() for line in list(e.stack_trace)[-3:])[:600] for e in at.exception]


@pytest.mark.parametrize("how", DAMAGE)
@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_table_breaks_only_the_pages_that_need_it(processed_copy, table, how):
    _damage(processed_copy, table, how)
    for page, at in _every_page():
        assert not at.exception, f"{page} raised with {table} {how}: {_exceptions(at)}"
        for error in at.error:
            # an error box is allowed only about the damaged table (the message names it)
            assert f"“{table}”" in error.value or table in error.value, (
                f"{page} shows an error about another table while {table} is {how}: {error.value[:300]}"
            )
        assert at.title or at.error, f"{page} is blank with {table} {how}"


def test_no_page_shows_an_error_with_intact_tables(processed_copy):
    for page, at in _every_page():
        assert not at.exception, f"{page}: {_exceptions(at)}"
        assert not at.error, f"{page} shows an error with intact tables: {[e.value for e in at.error]}"


def test_a_missing_datapackage_is_reported_not_raised(processed_copy):
    (processed_copy / "datapackage.json").unlink()
    for page, at in _every_page():
        assert not at.exception, f"{page}: {_exceptions(at)}"
        shown = [e.value for e in at.error] + [w.value for w in at.warning]
        assert any("datapackage.json" in text for text in shown), f"{page} does not say what is missing"


@pytest.mark.parametrize("content", ["[]", '{"built_at": null}', '{"built_at": "not a date"}', "{", ""])
def test_a_malformed_build_info_leaves_every_page_working(processed_copy, tmp_path, monkeypatch, content):
    """data/build_info.json is written by the build; damaged, the footer's build date is unknown, and
    nothing else changes: no exception, no error box, no server path on any page."""
    from dashboard import components

    info = tmp_path / "build_info.json"
    info.write_text(content, encoding="utf-8")
    monkeypatch.setattr(components, "BUILD_INFO_PATH", info)
    data_as_of = translate("footer.data_as_of", "en", items="").strip()  # "Data as of:"
    built = translate("footer.built", "en", date="").strip()  # "Tables built"
    for page, at in _every_page():
        assert not at.exception, f"{page}: {_exceptions(at)}"
        assert not at.error, f"{page} shows an error: {[e.value for e in at.error]}"
        captions = [c.value for c in at.caption]
        assert any(c.startswith(data_as_of) for c in captions), f"{page} lost its footer"
        assert not any(built in c for c in captions), "an unknown build date is shown as a date"
        assert not any(str(tmp_path) in c or "/work/" in c for c in captions)


BAD_PARAMS = [
    ("country", "XXX"),
    ("lang", "zz"),
    ("pillar", "<script>alert(1)</script>"),
    ("theme", "../../etc/passwd"),
    ("country", "A" * 10_000),
    ("theme", "t" * 10_000),
    ("lang", "f" * 10_000),
    ("compare", ",".join(["NGA", "<b>x</b>"] * 2_000)),
]


def _param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


@pytest.mark.parametrize("page", PAGE_PATHS)
@pytest.mark.parametrize(
    ("name", "value"),
    BAD_PARAMS,
    ids=[f"{n}-{v[:10] if len(v) < 20 else f'{len(v)}chars'}" for n, v in BAD_PARAMS],
)
def test_a_malformed_parameter_falls_back_with_a_notice(page, name, value):
    at, toasts = _fresh_page(page, **{name: value})
    assert not at.exception, f"{page} ?{name}={value[:30]}: {_exceptions(at)}"
    assert not at.error, f"{page} ?{name}={value[:30]} shows an error: {[e.value for e in at.error]}"
    shown = "\n".join(
        str(el.value)
        for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning")
        for el in getattr(at, kind)
    )
    assert value not in shown, f"{page} echoes ?{name}= into the page"
    assert "<script>" not in shown
    for toast in toasts:
        assert len(toast) < 500, "a notice must not repeat a huge parameter"
    if _param(at, name) != value:
        # the page read the parameter and replaced (or dropped) it: the reader is told
        assert any(name in toast for toast in toasts), f"{page} replaced ?{name}= without a notice"
    if name == "lang":
        # app.py reads ?lang= before every page: the page is shown in the default language, with a notice
        assert at.session_state["lang"] == "en"
        assert any("lang" in toast for toast in toasts)


def _run_etl(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "--out", str(out)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _same_as_processed(folder: Path) -> list[str]:
    """Files that differ from data/processed (or are missing), compared byte for byte."""
    names = sorted(p.name for p in PROCESSED_DIR.iterdir() if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(PROCESSED_DIR, folder, names, shallow=False)
    return mismatch + errors


def test_etl_restores_a_deleted_and_a_damaged_table(tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, copy)
    (copy / "appeal.csv").unlink()
    _damage(copy, "displacement", "cut_mid_line")
    done = _run_etl(copy)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _same_as_processed(copy) == []


def test_etl_restores_every_table(tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(PROCESSED_DIR, copy)
    for table in TABLES:
        (copy / f"{table}.csv").unlink()
    done = _run_etl(copy)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _same_as_processed(copy) == []


@pytest.mark.parametrize("uploads", ["", "1"], ids=["public", "operator"])
def test_a_truncated_boundaries_file_gets_its_own_repair_advice(
    processed_copy, tmp_path, monkeypatch, uploads
):
    """The map file is bundled, not built: its advice is git checkout or python -m etl.boundaries, never
    `python -m etl`; a public server (uploads off) gives visitors no command, and no server path."""
    from dashboard import maps, projection

    cut = tmp_path / "wca_countries.geojson"
    cut.write_bytes(projection.GEO_PATH.read_bytes()[:2000])
    monkeypatch.setattr(maps, "load_boundaries", lambda: projection.load_boundaries(cut))
    monkeypatch.setenv("WCA_ENABLE_UPLOADS", uploads)
    at, _ = _fresh_page("app_pages/funding.py")
    assert not at.exception, _exceptions(at)
    shown = " ".join([w.value for w in at.warning] + [e.value for e in at.error])
    assert "wca_countries.geojson" in shown and str(tmp_path) not in shown
    assert translate("common.repair.tables", "en") not in shown  # the tables' advice would not restore it
    if uploads:
        assert "git checkout static/wca_countries.geojson" in shown and "python -m etl.boundaries" in shown
    else:
        assert "git checkout" not in shown
