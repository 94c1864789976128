"""Security rules that a reviewer would otherwise check by hand, checked on every run.

- no `unsafe_allow_html` in the app's code (app.py, dashboard/, the pages' folder); every `st.html(...)`
  shows a module-level string constant;
- Streamlit configuration: XSRF protection on, no usage statistics, small uploads;
- uploads off unless WCA_ENABLE_UPLOADS is set (no page offers a file uploader otherwise);
- downloads: formula-like cells escaped in CSV and Excel (Excel read back: text, not formulas);
- no secrets in tracked files; requirements.txt fully pinned.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import settings
from dashboard.components import escape_formulas, to_csv_bytes, to_xlsx_bytes
from dashboard.pages import PAGES
from tests.apptest_helpers import APP, TIMEOUT

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _app_sources() -> list[Path]:
    """app.py, dashboard/ and every folder holding a registered page (dashboard.pages.PAGES)."""
    folders = ["dashboard", *sorted({str(Path(p.path).parent) for p in PAGES})]
    files = [PROJECT_DIR / "app.py"]
    for folder in dict.fromkeys(folders):
        files += sorted((PROJECT_DIR / folder).rglob("*.py"))
    return files


# --- HTML ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _app_sources(), ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_no_unsafe_allow_html(path):
    assert "unsafe_allow_html" not in path.read_text(encoding="utf-8")


def _module_string_constants(tree: ast.Module) -> set[str]:
    """Names bound once, at module level, to a plain string literal (no f-string, no data, never rebound)."""
    stores = Counter(
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del)
    )
    constants = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and stores[target.id] == 1
        ):
            constants.add(target.id)
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):  # a function may rebind it
            constants -= set(node.names)
    return constants


def _html_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls of anything named html: st.html(...), components.html(...), st.components.v1.html(...)."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html":
            calls.append(node)
    return calls


@pytest.mark.parametrize("path", _app_sources(), ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_st_html_only_shows_module_constants(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = _module_string_constants(tree)
    for call in _html_calls(tree):
        args = list(call.args) + [k.value for k in call.keywords if k.arg in (None, "body", "html")]
        assert len(args) == 1, f"{path.name}:{call.lineno}: html() with unexpected arguments"
        arg = args[0]
        assert isinstance(arg, ast.Name) and arg.id in constants, (
            f"{path.name}:{call.lineno}: html() must show a module-level string constant, "
            f"not {ast.unparse(arg)[:80]}"
        )


def test_the_html_check_catches_data_in_html():
    bad = ast.parse('import streamlit as st\nname = "x"\nst.html(f"<b>{name}</b>")\nst.html(name + "!")\n')
    constants = _module_string_constants(bad)
    offenders = [
        call
        for call in _html_calls(bad)
        if not (isinstance(call.args[0], ast.Name) and call.args[0].id in constants)
    ]
    assert len(offenders) == 2


# --- configuration ---------------------------------------------------------------------------------------


def test_streamlit_config_keeps_the_protections():
    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert 0 < config["server"]["maxUploadSize"] <= 10
    # CORS stays on (the default) when the file says anything about it
    assert config["server"].get("enableCORS", True) is True


def test_no_secrets_file_is_tracked():
    tracked = _tracked_files()
    assert not [f for f in tracked if f.endswith("secrets.toml") or Path(f).name in (".env", "id_rsa")]


# --- uploads -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "enabled"),
    [(None, False), ("", False), ("0", False), ("no", False), ("1", True), ("true", True), (" YES ", True)],
)
def test_uploads_are_off_unless_enabled(monkeypatch, value, enabled):
    if value is None:
        monkeypatch.delenv("WCA_ENABLE_UPLOADS", raising=False)
    else:
        monkeypatch.setenv("WCA_ENABLE_UPLOADS", value)
    assert settings.uploads_enabled() is enabled


def _uploaders_on_every_page() -> dict[str, int]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    found = {}
    for i, page in enumerate(PAGES):
        if i > 0:
            at.switch_page(page.path)
            at.query_params["lang"] = "en"
            at.run()
        assert not at.exception, page.path
        found[page.path] = len(at.get("file_uploader"))
    return found


def test_no_page_offers_an_upload_by_default(monkeypatch):
    monkeypatch.delenv("WCA_ENABLE_UPLOADS", raising=False)
    assert sum(_uploaders_on_every_page().values()) == 0


def test_uploaders_only_behind_the_setting():
    """Every file_uploader in the code sits in a module that asks settings.uploads_enabled()."""
    for path in _app_sources():
        text = path.read_text(encoding="utf-8")
        if "file_uploader(" in text:
            assert "uploads_enabled()" in text, f"{path.name} offers an upload without the setting"


# --- downloads ---------------------------------------------------------------------------------------------

FORMULAS = ["=1+1", "+x", "-x", "@x", '=HYPERLINK("http://example.invalid","click")', "\t=1", "\r=1"]


def test_escape_formulas_neutralises_formula_like_text():
    table = pd.DataFrame({"text": FORMULAS + ["plain", "a=b"], "number": range(len(FORMULAS) + 2)})
    escaped = escape_formulas(table)
    for original, safe in zip(table["text"], escaped["text"], strict=True):
        if original in FORMULAS:
            assert safe == "'" + original
        else:
            assert safe == original
    # numbers (also negative ones) stay numbers
    assert escaped["number"].tolist() == table["number"].tolist()
    assert table["text"].tolist()[0] == "=1+1", "the page's own frame is not modified"


def test_escape_formulas_handles_pandas_string_dtype_and_missing_values():
    table = pd.DataFrame({"text": pd.array(["=1+1", None, "ok"], dtype="string")})
    escaped = escape_formulas(table)
    assert escaped["text"].iloc[0] == "'=1+1"
    assert pd.isna(escaped["text"].iloc[1])


def test_excel_download_holds_text_not_formulas():
    # "\r" is stored as the _x000D_ escape, which openpyxl reads back literally: left out of this comparison
    formulas = [f for f in FORMULAS if "\r" not in f]
    table = pd.DataFrame({"text": formulas, "value": [-1.5] * len(formulas)})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table)))
    sheet = book.active
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert len(cells) == len(formulas)
    for cell, original in zip(cells, formulas, strict=True):
        assert cell.data_type == "s", f"{original!r} became a {cell.data_type} cell"
        assert cell.value == original  # text as text: no visible apostrophe
    numbers = [row[0].value for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2)]
    assert numbers == [-1.5] * len(formulas)
    raw = zipfile.ZipFile(io.BytesIO(to_xlsx_bytes(table))).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw and "<hyperlink" not in raw  # no formula, no link in the sheet itself


def test_excel_download_does_not_turn_addresses_into_links():
    table = pd.DataFrame({"text": ["https://example.org/x", "mailto:a@b.c"]})
    book = zipfile.ZipFile(io.BytesIO(to_xlsx_bytes(table)))
    assert not [name for name in book.namelist() if "worksheets/_rels" in name]  # a sheet's links live there
    assert "<hyperlink" not in book.read("xl/worksheets/sheet1.xml").decode()


def test_csv_download_escapes_formulas():
    table = pd.DataFrame({"text": ["=1+1", "@x", "-x", "+x"]})
    csv = to_csv_bytes(table).decode("utf-8-sig")
    assert csv.splitlines() == ["text", "'=1+1", "'@x", "'-x", "'+x"]


# --- repository ---------------------------------------------------------------------------------------


def _tracked_files() -> list[str]:
    done = subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_DIR, capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    return [line for line in done.stdout.splitlines() if line]


# Patterns are assembled from parts so this file does not match itself.
SECRET_PATTERNS = {
    "private key": re.compile("-----BEGIN [A-Z ]*" + "PRIVATE KEY-----"),
    "AWS access key id": re.compile(r"\b(AKIA|ASIA)" + r"[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(r"aws_secret_access_key\s*[=:]\s*\S{20,}", re.IGNORECASE),
    "api key": re.compile(r"api[_-]?key" + r"""\s*["']?\s*[=:]\s*["']?[A-Za-z0-9_\-]{12,}""", re.IGNORECASE),
    "the api-key name": re.compile("api" + "_key", re.IGNORECASE),
    "token in a URL or setting": re.compile(r"token" + r"""=["']?[A-Za-z0-9_\-.]{8,}""", re.IGNORECASE),
    "GitHub token": re.compile(r"\bgh[pousr]_" + r"[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[baprs]-" + r"[A-Za-z0-9-]{10,}"),
}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".xlsx", ".pptx", ".woff2", ".zip"}


def test_no_secrets_in_tracked_files():
    found = []
    for name in _tracked_files():
        path = PROJECT_DIR / name
        if path.suffix.lower() in BINARY_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for label, pattern in SECRET_PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {label}")
    assert found == []


def test_the_secret_scan_finds_planted_secrets():
    planted = "\n".join(
        [
            "-----BEGIN RSA " + "PRIVATE KEY-----",
            "AKIA" + "ABCDEFGHIJKLMNOP",
            "API" + "_KEY = 'sk_live_0123456789abcdef'",
            "https://example.invalid/?" + "tok" + "en=abcdef0123456789",
        ]
    )
    hits = {label for label, pattern in SECRET_PATTERNS.items() if pattern.search(planted)}
    assert {"private key", "AWS access key id", "api key", "token in a URL or setting"} <= hits


def test_requirements_are_fully_pinned():
    lines = (PROJECT_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    assert requirements
    pinned = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*(\[[\w,\-]+\])?==[\w.+!\-]+")
    unpinned = [r for r in requirements if not pinned.fullmatch(r)]
    assert unpinned == []
