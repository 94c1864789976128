"""Country profile sections: the 2020 appeal (headline figures, requirement by pillar), displacement, the
locator map, events and the briefing pack; and the lookups the page's controls need.

Builders are cached on their explicit arguments and load their tables inside (data.load); what they return
is shared by every session, so nobody modifies it. Renderers (show_*) call them and draw. The response plans,
the priorities by theme and the comparison have their own modules (country_plans, country_priorities,
country_compare).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import charts, data, maps, queries
from dashboard.components import data_view, freeze, show_map, source_caption
from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from dashboard.search import escape_markdown, normalise

if TYPE_CHECKING:
    import plotly.graph_objects as go

REGIONAL_OFFICE = queries.REGIONAL_OFFICE
MAX_COMPARE = 4
# Crisis areas named on the locator map: entities' flag column -> catalogue key under country.
AREAS = {"lake_chad_basin": "area_lcb", "liptako_gourma": "area_lg"}
CHART_CONFIG = {"displaylogo": False}
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def tr(key: str, lang: str, **values: object) -> str:
    """A text of the page's catalogue section (country.<key>) in `lang`."""
    return translate(f"country.{key}", lang, **values)


def tables_readable(*names: str) -> bool:
    """True when every table can be read; a warning names each one that cannot (all are tried)."""
    return all([data.optional(name) is not None for name in names])


def open_section(heading_key: str, lang: str, *tables: str) -> bool:
    """A section's heading, then True when every table it needs can be read: otherwise the section stops
    under its heading, with a warning naming each table that cannot be read."""
    st.subheader(tr(heading_key, lang))
    return tables_readable(*tables)


# --- lookups -------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def names_by_id(table: str, id_column: str, lang: str) -> dict[str, str]:
    """The names in `lang` of a table's rows by id, in the table's order (entities, pillars, themes)."""
    rows = data.load(table)
    return dict(zip(rows[id_column], rows[f"name_{lang}"], strict=True))


def office_names(lang: str) -> dict[str, str]:
    """Every office's name in `lang`, by entity_id, in the entities' order."""
    return names_by_id("entities", "entity_id", lang)


def headed(table: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """The table's `columns` (column -> catalogue key), in that order, under their headers in `lang`: a
    table as downloaded."""
    return table[list(columns)].rename(columns={column: tr(key, lang) for column, key in columns.items()})


def said_none(rows: pd.DataFrame, none_key: str, office: str, lang: str, say: Callable[[str], object]
              ) -> bool:  # fmt: skip
    """True when the office has no `rows` for the section, after `say` (st.info, st.caption) has said so,
    naming the office."""
    if rows.empty:
        say(tr(none_key, lang, name=office_names(lang)[office]))
    return rows.empty


@st.cache_data(show_spinner=False)
def office_choices(lang: str) -> list[str]:
    """The offices a reader picks from: countries alphabetically in `lang` (accents ignored: Bénin beside
    Benin, Côte d'Ivoire among the Cs), then the Regional Office."""
    names = office_names(lang)
    return sorted(names, key=lambda e: (e == REGIONAL_OFFICE, normalise(names[e])))


@st.cache_data(show_spinner=False)
def appeal_totals() -> pd.DataFrame:
    """queries.appeal_totals of the 2020 appeal: one row per office, largest first."""
    return queries.appeal_totals(data.load("appeal"), data.load("entities"))


def largest_appeal() -> str:
    """The office shown when the URL names none: the one with the largest appeal."""
    return str(appeal_totals().iloc[0]["entity_id"])


@st.cache_data(show_spinner=False)
def default_comparison(office: str) -> list[str]:
    """The offices a profile is compared with when the reader switches to comparison."""
    return queries.default_comparison(data.load("entities"), appeal_totals(), office, MAX_COMPARE)


@st.cache_data(show_spinner=False)
def area_members() -> dict[str, list[str]]:
    """The offices of each crisis area (AREAS), in the entities' order."""
    entities = data.load("entities")
    return {area: entities.loc[entities[area], "entity_id"].tolist() for area in AREAS}


@st.cache_data(show_spinner=False)
def office_source(office: str) -> str:
    """The source of the office's entry (its name and crisis areas)."""
    return str(data.load("entities").set_index("entity_id").loc[office, "source_id"])


# --- the 2020 appeal -------------------------------------------------------------------------------------


def show_appeal(office: str, lang: str) -> None:
    """The office's 2020 appeal: its total, its share of the 21 offices' total, its rank."""
    totals = appeal_totals()
    row = totals.set_index("entity_id").loc[office]
    total_col, share_col, rank_col = st.columns(3)
    total_col.metric(tr("appeal_total", lang), format_usd(row["amount_usd"], lang))
    share_col.metric(tr("appeal_share", lang), format_pct(row["share"], lang))
    rank_col.metric(
        tr("appeal_rank", lang), tr("rank_value", lang, rank=int(row["rank"]), total=len(totals))
    )
    source_caption([row["source_id"]])


@st.cache_data(show_spinner=False)
def pillar_table(office: str) -> pd.DataFrame:
    """queries.appeal_by_pillar for one office: the requirement per MiGOF pillar, in pillar order."""
    return queries.appeal_by_pillar(data.load("appeal"), data.load("pillars"), office)


@st.cache_resource(show_spinner=False, max_entries=128)
def pillar_figure(office: str, lang: str) -> go.Figure:
    """Bars of the office's requirement per pillar, in the pillar colours (shared: never modify it)."""
    table = pillar_table(office)
    fig = charts.pillar_bar(
        table["pillar_id"].tolist(),
        table[f"name_{lang}"].tolist(),
        table["amount_usd"].tolist(),
        value_texts=[format_usd(v, lang) for v in table["amount_usd"]],
        x_title=tr("axis_usd", lang),
    )
    return freeze(charts.localise(fig, lang))


@st.cache_data(show_spinner=False)
def pillar_download(office: str, lang: str) -> pd.DataFrame:
    """The table behind the pillar bars, as shown and downloaded."""
    table = pillar_table(office)
    return pd.DataFrame(
        {
            tr("col_pillar", lang): table[f"name_{lang}"],
            tr("col_group", lang): [tr(f"group_{g}", lang) for g in table["group"]],
            tr("col_requirement_usd", lang): table["amount_usd"].astype("int64"),
        }
    )


def show_pillars(office: str, lang: str) -> None:
    """The appeal by pillar: bars, sources and the table with its downloads."""
    st.subheader(tr("pillars_heading", lang))
    st.plotly_chart(pillar_figure(office, lang), key="country-pillars", config=CHART_CONFIG)
    source_caption(pillar_table(office)["source_id"].dropna())
    data_view(lambda: pillar_download(office, lang), f"appeal-by-pillar-{office}", "country-pillars-data")


# --- displacement ------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def displacement_trend(office: str) -> dict[str, object] | None:
    """queries.dtm_trend of one country: the latest DTM dashboard figure, the previous one, the change."""
    return queries.dtm_trend(data.load("displacement"), office)


def _signed(value: int, lang: str) -> str:
    text = format_int(abs(value), lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def show_displacement(office: str, lang: str) -> None:
    """People affected by displacement in a Lake Chad Basin country (DTM dashboards), with the change
    since the previous dashboard; elsewhere a line naming the countries the DTM covers. IDMC and UNHCR
    figures, for every country, are in dashboard.sections.country_displacement (never added to these)."""
    if office == REGIONAL_OFFICE:
        return
    names = office_names(lang)
    basin = area_members()["lake_chad_basin"]
    if office not in basin:
        st.caption(tr("forced.dtm_basin_only", lang, countries=", ".join(names[e] for e in basin)))
        return
    if not tables_readable("displacement"):
        return
    trend = displacement_trend(office)
    if trend is None:
        st.metric(tr("dtm_latest", lang), translate("common.not_known", lang))
        return
    latest, previous = trend["latest"], trend["previous"]
    st.metric(
        tr("dtm_latest", lang),
        format_int(latest["value"], lang),
        delta=None if trend["change"] is None else _signed(trend["change"], lang),
        delta_color="inverse",  # more people displaced reads as bad news
        help=tr("dtm_help", lang),
    )
    no, date = int(latest["dashboard_no"]), format_date(latest["as_of"], lang)
    if previous is None:
        st.caption(tr("dtm_single", lang, no=no, date=date))
        source_caption([latest["source_id"]])
        return
    st.caption(
        tr(
            "dtm_trend",
            lang,
            no=no,
            date=date,
            prev_no=int(previous["dashboard_no"]),
            prev_date=format_date(previous["as_of"], lang),
            prev_value=format_int(previous["value"], lang),
        )
    )
    source_caption([latest["source_id"], previous["source_id"]])


# --- locator map ---------------------------------------------------------------------------------------


def _areas_of(office: str) -> list[str]:
    """The crisis areas the locator names: the office's own, or all of them for the Regional Office."""
    members = area_members()
    return [a for a in AREAS if office == REGIONAL_OFFICE or office in members[a]]


@st.cache_data(show_spinner=False)
def locator_caption(office: str, lang: str) -> str:
    """What the locator map shows, in words (its caption and its accessible label)."""
    names, members = office_names(lang), area_members()
    area_text = "; ".join(
        tr(
            "area_members",
            lang,
            area=tr(AREAS[a], lang),
            countries=", ".join(names[e] for e in members[a]),
        )
        for a in _areas_of(office)
    )
    if office == REGIONAL_OFFICE:
        return tr("locator_region", lang, areas=area_text)
    if area_text:
        return tr("locator_area", lang, name=names[office], areas=area_text)
    return tr("locator_plain", lang, name=names[office])


@st.cache_resource(show_spinner=False, max_entries=64)
def locator_spec(office: str, lang: str) -> dict:
    """The small static map: the office's country filled (every country for the Regional Office), its
    crisis areas outlined. TableUnavailable when the boundaries cannot be read."""
    if office == REGIONAL_OFFICE:
        highlight = [e for e in office_names(lang) if e != REGIONAL_OFFICE]
    else:
        highlight = [office]
    members = area_members()
    outline = [e for a in _areas_of(office) for e in members[a]]
    return maps.locator_map(data.boundaries(), highlight, outline, label=locator_caption(office, lang))


def show_locator(office: str, lang: str) -> None:
    spec = data.or_warning(lambda: locator_spec(office, lang))
    if spec is None:
        return
    show_map(spec, key="country-locator")
    st.caption(locator_caption(office, lang))
    source_caption([office_source(office)])


# --- events --------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def office_events(office: str) -> pd.DataFrame:
    """queries.office_events: the events the office hosted or took part in (the region's for the
    Regional Office), newest first."""
    return queries.office_events(
        data.load("events"),
        data.load("event_participants"),
        office,
        regional_office=office == REGIONAL_OFFICE,
    )


def _event_details(row: pd.Series, lang: str) -> str:
    """When, where, the office's role and how many took part, as one line (escaped for Markdown)."""
    start, end = row["start_date"], row["end_date"]
    if pd.isna(end):
        when = tr("event_since", lang, date=format_date(start, lang))
    elif start == end:
        when = format_date(start, lang)
    else:
        when = tr("event_dates", lang, start=format_date(start, lang), end=format_date(end, lang))
    if row["city"] == "online":
        place = tr("event_online", lang)
    else:
        place = row["city"] if pd.notna(row["city"]) else ""
    details = [when, place, tr(f"role_{row['role']}", lang)]
    if pd.notna(row["participant_count"]):
        unit = row["participant_unit"] if row["participant_unit"] in ("countries", "officials") else None
        key = f"event_unit_{unit}" if unit else "event_participants"
        details.append(tr(key, lang, count=format_int(row["participant_count"], lang)))
    return " · ".join(escape_markdown(d) for d in details if d)


def show_events(office: str, lang: str) -> None:
    if not open_section("events_heading", lang, "events", "event_participants"):
        return
    rows = office_events(office)
    if said_none(rows, "events_none", office, lang, st.info):
        return
    for _, row in rows.iterrows():
        st.markdown(f"**{escape_markdown(row['title'])}**")
        st.caption(_event_details(row, lang))
        source_caption([row["source_id"]])


# --- briefing pack ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=16)
def brief_bytes(office: str, lang: str) -> bytes:
    """The office's PowerPoint briefing pack, from the tables the page shows (built on the first click)."""
    from dashboard import brief  # python-pptx is imported only when a pack is asked for

    return brief.build_brief(office, lang, {name: data.load(name) for name in brief.TABLES})


def show_brief_button(office: str, lang: str) -> None:
    st.download_button(
        tr("brief_download", lang),
        data=lambda: brief_bytes(office, lang),
        file_name=f"brief-{office.lower()}-{lang}.pptx",
        mime=PPTX_MIME,
        on_click="ignore",
        icon=":material/slideshow:",
        key=f"country-brief-{office}-{lang}",
        help=tr("brief_help", lang),
    )
