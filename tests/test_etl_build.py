"""The whole build: committed tables are reproducible, failures change nothing, the package is valid."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl import build
from etl.__main__ import main
from etl.common import PROCESSED_DIR, RAW_DIR

MI2020 = "iom_migration_initiatives_2020_wca.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt") / "processed"
    assert main(["--raw", str(RAW_DIR), "--out", str(out)]) == 0
    return out




@pytest.fixture
def previous_tables(tmp_path, rebuilt) -> Path:
    out = tmp_path / "processed"
    shutil.copytree(rebuilt, out)
    return out


def test_committed_tables_are_rebuilt_byte_for_byte(rebuilt):
    committed = sorted(p.name for p in PROCESSED_DIR.iterdir())
    assert committed == sorted(p.name for p in rebuilt.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(PROCESSED_DIR, rebuilt, committed, shallow=False)
    assert mismatch == [] and errors == []


def test_every_table_is_written_with_its_contract(rebuilt):
    for name in build.load_table_specs():
        table = pd.read_csv(rebuilt / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(table.columns) == [f["name"] for f in build.load_table_specs()[name]["fields"]]
        assert len(table) > 0, name


def test_datapackage_is_a_valid_frictionless_package(rebuilt):
    from frictionless import Package

    report = Package(str(rebuilt / "datapackage.json")).validate()
    errors = [(task.name, err.message) for task in report.tasks for err in task.errors]
    assert report.valid, errors[:5]


def test_summary_lists_tables_and_checks(rebuilt, capsys, tmp_path):
    assert main(["--raw", str(RAW_DIR), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "appeal.csv" in printed and "126 rows" in printed
    assert "source checks passed" in printed


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_an_altered_figure_fails_naming_office_and_pillar_and_changes_nothing(
    raw_copy, previous_tables, capsys
):
    before = snapshot(previous_tables)
    # Nigeria's O2 requirement, as printed in the table's second block.
    _edit(raw_copy / MI2020, "75 412 058", "75 412 158")
    assert main(["--raw", str(raw_copy), "--out", str(previous_tables)]) == 1
    message = capsys.readouterr().err
    assert "Nigeria" in message and "O2" in message
    assert "left unchanged" in message
    assert snapshot(previous_tables) == before


@pytest.mark.parametrize("damage", ["missing", "empty"])
def test_a_missing_or_empty_raw_file_fails_clearly_and_changes_nothing(
    raw_copy, previous_tables, capsys, damage
):
    before = snapshot(previous_tables)
    target = raw_copy / "reference" / "lcb_dtm_dashboards.csv"
    if damage == "missing":
        target.unlink()
    else:
        target.write_text("", encoding="utf-8")
    assert main(["--raw", str(raw_copy), "--out", str(previous_tables)]) == 1
    message = capsys.readouterr().err
    assert "lcb_dtm_dashboards.csv" in message
    assert snapshot(previous_tables) == before


def test_every_cited_source_is_described(rebuilt):
    sources = set(pd.read_csv(rebuilt / "sources.csv", dtype=str)["source_id"])
    for csv in rebuilt.glob("*.csv"):
        table = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if "source_id" in table and csv.name != "checks.csv":
            cited = set(table["source_id"]) - {""}
            assert cited and cited <= sources, csv.name


def test_a_write_failure_keeps_the_previous_tables(previous_tables, monkeypatch):
    before = snapshot(previous_tables)
    result = build.build_tables(RAW_DIR)

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("etl.write.write_csv", broken)
    with pytest.raises(OSError):
        build.write_tables(result.tables, previous_tables)
    assert snapshot(previous_tables) == before
    assert not list(previous_tables.parent.glob(".etl-tmp-*"))


def _steps_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "steps.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_steps_yaml_declares_every_table_once_and_in_order():
    steps, shared = build.load_steps()
    written = [table for step in steps for table in step.outputs]
    assert set(written) == set(build.load_table_specs())
    assert sorted(t for t in set(written) if written.count(t) > 1) == sorted(shared)
    for step in steps:
        for name in step.files:
            assert (RAW_DIR / name).exists(), (step.name, name)


def test_a_step_reading_a_table_no_earlier_step_writes_is_refused(tmp_path):
    path = _steps_file(
        tmp_path,
        "steps:\n  themes:\n    module: etl.sources.themes\n    inputs: {tables: [priorities]}\n"
        "    outputs: [themes]\n",
    )
    with pytest.raises(build.EtlError, match="step themes: input table priorities is written by no earlier"):
        build.load_steps(path)


def test_a_table_written_by_two_steps_must_be_shared(tmp_path):
    path = _steps_file(
        tmp_path,
        "shared_tables: [checks]\nsteps:\n  a:\n    module: etl.sources.entities\n    outputs: [entities]\n"
        "  b:\n    module: etl.sources.appeal\n    outputs: [entities, checks]\n",
    )
    with pytest.raises(build.EtlError, match="Two source modules build table entities"):
        build.load_steps(path)


def test_a_step_returning_an_undeclared_table_is_refused():
    step = build.Step("appeal", "etl.sources.appeal", "", (), (), ("appeal", "checks"), ())
    with pytest.raises(build.EtlError, match=r"Step appeal returned pillars, which etl/steps.yaml"):
        step.run(RAW_DIR, build.load_config(), {})


def test_the_2020_document_is_read_and_parsed_once_per_build(monkeypatch):
    """Offices, appeal, pillars, priorities, captions and the caption's figures all come from one parse."""
    from etl.sources import lcb_statement, mi2020, mi2020_table, priorities

    calls: dict[str, int] = {}

    def counted(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(mi2020, "read_text")
    counted(mi2020_table, "parse_appeal_table")
    counted(priorities, "parse_lines")
    counted(lcb_statement, "find_captions")
    result = build.build_tables(RAW_DIR)
    assert calls == {"read_text": 1, "parse_appeal_table": 1, "parse_lines": 1, "find_captions": 1}
    assert {"entities", "appeal", "pillars", "priorities", "captions"} <= set(result.tables)
    assert (result.tables["displacement"]["series"] == "mi2020_statement").sum() == 5


def test_no_etl_or_language_module_is_over_500_lines():
    root = Path(__file__).resolve().parent.parent
    long = {
        str(path.relative_to(root)): n
        for folder in ("etl", "i18n")
        for path in (root / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
