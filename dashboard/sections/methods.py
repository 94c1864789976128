"""Data and methods: how figures are treated, what the build checked, the sources, and every table.
Builders are cached (never modify what they return); renderers draw."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, table_format
from dashboard.components import downloads
from dashboard.i18n import format_date, format_int, text_column, translate
from dashboard.tables import read_schema
from dashboard.text import for_markdown

RULES = ("gap", "qualifiers", "sources_disagree", "definition", "themes")


def rules(lang: str) -> None:
    st.header(translate("methods.rules_heading", lang))
    for rule in RULES:
        st.markdown(f"- {translate('methods.rule.' + rule, lang)}")


@st.cache_data(show_spinner=False)
def passed_checks(lang: str) -> pd.DataFrame:
    """The checks the build passed: table, subject and message in `lang` (the build writes both)."""
    checks = data.load("checks")
    subject, message = text_column("subject", lang), text_column("message", lang)
    passed = checks.loc[checks["status"] == "pass", ["table", subject, message]]
    names = {"table": "methods.col.table", subject: "methods.col.subject", message: "methods.col.message"}
    return passed.rename(columns={column: translate(key, lang) for column, key in names.items()})


def checks(lang: str) -> None:
    """How many checks passed, every warning in full, and the passed ones in a folded table."""
    table = data.load("checks")
    warnings = table.loc[table["status"] == "warning", text_column("message", lang)]
    st.header(translate("methods.checks_heading", lang))
    left, right = st.columns(2)
    left.metric(
        translate("methods.checks_passed", lang), format_int(int((table["status"] == "pass").sum()), lang)
    )
    right.metric(translate("methods.checks_warnings", lang), format_int(len(warnings), lang))
    for message in warnings:
        st.warning(for_markdown(message), icon=":material/warning:")  # may quote an imported name
    with st.expander(translate("methods.checks_passed_list", lang)):
        table_format.show(passed_checks(lang), lang)


@st.cache_data(show_spinner=False)
def sources_table(lang: str) -> pd.DataFrame:
    """Every source with its date as the language writes it ("–" when the source has none)."""
    sources = data.load("sources")
    shown = sources.assign(
        date=sources["date"].map(lambda d: format_date(d, lang) if isinstance(d, str) else "–")
    )
    columns = ("source_id", "title", "publisher", "date", "url", "file")
    return shown[list(columns)].rename(columns={c: translate(f"methods.col.{c}", lang) for c in columns})


def sources(lang: str) -> None:
    st.header(translate("methods.sources_heading", lang))
    table_format.show(
        sources_table(lang),
        lang,
        column_config={translate("methods.col.url", lang): st.column_config.LinkColumn()},
    )


def table_names(lang: str) -> list[str]:
    """The heading of the tables part and the names of the processed tables ([] after an error)."""
    st.header(translate("methods.tables_heading", lang))
    st.write(translate("methods.tables_intro", lang))
    try:
        return list(read_schema())
    except data.TableUnavailable as err:
        st.error(data.unavailable_text(err, lang))
        return []


def processed_kinds(name: str) -> dict[str, table_format.Kind]:
    """The whole-number columns of a processed table that are not counts (years, ranks, identifiers):
    shown as written, 2024 and not 2,024."""
    fields = read_schema()[name]["fields"]
    return {
        field["name"]: "as_written"
        for field in fields
        if field["type"] == "integer"
        and (field["name"] in ("year", "seq") or field["name"].endswith(("_id", "_no", "_row")))
    }


@st.cache_resource(show_spinner=False, max_entries=4)
def readable_table(name: str, lang: str) -> pd.DataFrame:
    """A large processed table as text in `lang` (shared: never modify it): formatting its ~100,000 cells
    takes about a second, once."""
    return table_format.readable(data.load(name), lang, processed_kinds(name))


def table(name: str, lang: str) -> None:
    """One processed table as it is (its numbers in the language's format), with its raw downloads."""
    try:
        shown = data.load(name)
        kinds = processed_kinds(name)
    except data.TableUnavailable as err:
        st.error(data.unavailable_text(err, lang))
        return
    st.caption(translate("methods.table_rows", lang, rows=format_int(len(shown), lang)))
    if shown.size > table_format.STYLER_MAX_CELLS:
        st.dataframe(readable_table(name, lang), hide_index=True, width="stretch")
    else:
        table_format.show(shown, lang, kinds)
    downloads(shown, name, key=f"methods-{name}")
