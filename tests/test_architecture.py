"""The house rules a new maintainer relies on (issue #18), checked on the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "app_pages").glob("*.py"))
MODULES = sorted(
    p for folder in ("dashboard", "etl", "app_pages", "i18n") for p in (ROOT / folder).rglob("*.py")
)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_page_is_short(page):
    assert _lines(page) <= 250, f"{page.name}: {_lines(page)} lines; move its work into dashboard/sections/"


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): _lines(p) for p in MODULES if _lines(p) > 500}
    assert not long


def test_no_importlib_in_the_dashboard():
    """Functions are called, not looked up again by module and name (the old hand-made caches did)."""
    found = [str(p.relative_to(ROOT)) for p in MODULES if "importlib" in _imports(p)
             and not p.is_relative_to(ROOT / "etl")]
    assert not found


def test_etl_and_the_language_module_never_import_streamlit():
    plain = [p for p in MODULES if p.is_relative_to(ROOT / "etl") or p.is_relative_to(ROOT / "i18n")]
    found = [str(p.relative_to(ROOT)) for p in plain if "streamlit" in _imports(p)]
    assert not found


def test_no_page_reads_a_raw_file():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert "data/raw" not in text and "read_csv" not in text, page.name


def test_no_pages_folder_beside_app_py():
    """A `pages/` folder would start Streamlit in its old pages-directory mode (README, "Layout")."""
    assert not (ROOT / "pages").exists()
