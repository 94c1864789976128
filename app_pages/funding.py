"""Funding map: what the 2020 appeal asks for, office by office, and where response-plan funding is known.

Two kinds of figures, never mixed: the IOM 2020 appeal (requirements only, map and ranking) and the
response plans of funding.csv (requirement, funding received and gap, each inside its own appeal).
View state (pillar, theme, country, year) lives in the URL so a shared link reopens the same view.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from dashboard import charts, data, maps, queries, state
from dashboard.citations import citations
from dashboard.components import (
    data_view,
    downloads,
    figure,
    requirement_per_affected_table,
    show_map,
    source_caption,
)
from dashboard.i18n import current_language, format_date, format_int, format_pct, format_usd, name_column, t
from dashboard.search import escape_markdown

ALL = "all"
GROUPS = ("principles", "objectives")
APPEAL_ID = "MI2020"
# Figures of the 2020 appeal only (a gap or a share is never computed across appeals).
APPEAL = data.Table("appeal", where=(("appeal_id", APPEAL_ID),))
data.ENTITIES, data.PILLARS, FUNDING = data.ENTITIES, data.PILLARS, data.FUNDING
data.PRIORITIES, PRIORITY_THEMES = data.PRIORITIES, data.PRIORITY_THEMES
TOP_THEMES = 6
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}

lang = current_language()
names = name_column()
presenting = state.presenting()


# --- small helpers ------------------------------------------------------------------------------------






def _wrap(label: str, width: int = 38) -> str:
    """Long axis labels on several lines (plotly line breaks), so the bars keep their width."""
    return "<br>".join(textwrap.wrap(html.escape(label, quote=False), width)) or label


def _pct_published(value: object) -> str:
    """A share as the source printed it (54 -> 54%, 19.2 -> 19.2%)."""
    if pd.isna(value):
        return "–"
    number = float(value)
    return format_pct(number / 100, digits=0 if number.is_integer() else 1)


def _date(value: object) -> str:
    return format_date(None if pd.isna(value) else value)


def _funding_date(value: object) -> str:
    """ "Funding as of <date>", or that the source gives no date."""
    return (
        t("funding.funding_date_unknown") if pd.isna(value) else t("funding.funding_as_of", date=_date(value))
    )


def _write_query(param: str, key: str) -> None:
    """Widget -> URL; the next run reads the URL back (one source of truth)."""
    value = st.session_state[key]
    state.set_query(**{param: None if value == ALL else value})


def _select_from_chart(key: str, read: Callable[[object], list[str]]) -> None:
    """A click on the map or a bar selects that country (written to the URL)."""
    picked = read(st.session_state.get(key))
    if picked:
        state.set_query(country=picked[0])


def _clear_country() -> None:
    state.set_query(country=None)


def _normalise_pillar(raw: str) -> str:
    value = raw.strip()
    return value.lower() if value.lower() in (ALL, *GROUPS) else value.upper()


# --- tables and view state ----------------------------------------------------------------------------

st.title(t("funding.title"))
if not presenting:
    st.write(t("funding.intro"))

appeal, entities, pillars = data.require("appeal", "entities", "pillars")
appeal = appeal[appeal["appeal_id"] == APPEAL_ID]
pillars = pillars.sort_values("seq")
countries = entities[entities["kind"] == "country"].sort_values(names)
country_ids = countries["entity_id"].tolist()
country_names = dict(zip(entities["entity_id"], entities[names], strict=True))
pillar_names = dict(zip(pillars["pillar_id"], pillars[names], strict=True))

themes, priorities, priority_themes = (data.optional(n) for n in ("themes", "priorities", "priority_themes"))
themes_ready = themes is not None and priorities is not None and priority_themes is not None
theme_names = dict(zip(themes["theme_id"], themes[names], strict=True)) if themes_ready else {}
funding = data.optional("funding")
sources = data.optional("sources")
citation_lines = data.citation_index(lang) if sources is not None else None
years = (
    [str(y) for y in sorted(funding["year"].dropna().unique(), reverse=True)] if funding is not None else []
)

pillar_options = [ALL, *GROUPS, *pillars["pillar_id"]]
pillar_choice = state.query_choice("pillar", pillar_options, None, normalise=_normalise_pillar) or ALL
theme_choice = state.query_choice("theme", list(theme_names), None, normalise=lambda s: s.strip().lower())
country = state.query_choice("country", country_ids, None, normalise=lambda s: s.strip().upper())
year = state.query_choice("year", years, None)
year_number = int(year) if year else None
# Canonical spelling back in the URL (?pillar=o2 -> O2), so equal views share one link.
state.set_query(
    pillar=None if pillar_choice == ALL else pillar_choice, theme=theme_choice, country=country, year=year
)


def _pillar_label(choice: str) -> str:
    if choice == ALL:
        return t("funding.pillar_all")
    if choice in GROUPS:
        return t(f"funding.pillar_{choice}")
    return t("funding.pillar_option", id=choice, name=pillar_names[choice])


# The URL decides; widgets are set from it before they are drawn, and write back through callbacks.
controls = {
    "funding_pillar": pillar_choice,
    "funding_theme": theme_choice or ALL,
    "funding_country": country or ALL,
    "funding_year": year or ALL,
}
for widget_key, value in controls.items():
    st.session_state[widget_key] = value

pillar_col, theme_col, country_col, year_col = st.columns(4)
pillar_col.selectbox(
    t("funding.pillar_label"),
    pillar_options,
    key="funding_pillar",
    format_func=_pillar_label,
    on_change=_write_query,
    args=("pillar", "funding_pillar"),
)
theme_col.selectbox(
    t("funding.theme_label"),
    [ALL, *theme_names],
    key="funding_theme",
    format_func=lambda v: t("funding.theme_all") if v == ALL else theme_names[v],
    on_change=_write_query,
    args=("theme", "funding_theme"),
    disabled=not themes_ready,
)
country_col.selectbox(
    t("funding.country_label"),
    [ALL, *country_ids],
    key="funding_country",
    format_func=lambda v: t("funding.country_none") if v == ALL else country_names[v],
    on_change=_write_query,
    args=("country", "funding_country"),
)
year_col.selectbox(
    t("funding.year_label"),
    [ALL, *years],
    key="funding_year",
    format_func=lambda v: t("funding.year_all") if v == ALL else v,
    on_change=_write_query,
    args=("year", "funding_year"),
    disabled=funding is None,
)

# --- the 2020 appeal: headline figures ----------------------------------------------------------------

pillar_ids = queries.pillar_ids_for(pillar_choice, pillars)
pillar_text = _pillar_label(pillar_choice)
totals = data.derived(queries.appeal_totals, APPEAL, data.ENTITIES, tuple(pillar_ids))
regional_total = int(totals["amount_usd"].sum())
country_totals = totals[totals["kind"] == "country"]
regional_office = totals[totals["entity_id"] == queries.REGIONAL_OFFICE]
themed = (
    data.derived(queries.entities_with_theme, data.PRIORITIES, data.PRIORITY_THEMES, theme_choice)
    if theme_choice and themes_ready
    else None
)
# The countries on the map and in the ranking: every country office, or those with the chosen theme.
shown = country_totals if themed is None else country_totals[country_totals["entity_id"].isin(themed)]
theme_sources = (
    priority_themes.loc[priority_themes["theme_id"] == theme_choice, "source_id"]
    if themed is not None
    else []
)

total_col, office_col, countries_col = st.columns(3)
with total_col:
    st.metric(t("funding.regional_total"), format_usd(regional_total))
    st.caption(t("funding.regional_total_note", pillars=pillar_text))
    source_caption(totals["source_id"])
with office_col:
    if not regional_office.empty:
        office = regional_office.iloc[0]
        st.metric(t("funding.ro_metric"), format_usd(office["amount_usd"]))
        st.caption(t("funding.ro_note", share=format_pct(office["share"])))
        source_caption([office["source_id"]])
with countries_col:
    shown_total = int(shown["amount_usd"].sum())
    shown_share = format_pct(shown_total / regional_total if regional_total else None)
    if themed is None:
        st.metric(t("funding.countries_metric", count=len(country_totals)), format_usd(shown_total))
        st.caption(t("funding.countries_note", share=shown_share))
        source_caption(shown["source_id"])
    else:
        st.metric(
            t("funding.theme_metric", count=len(shown), total=len(country_totals)), format_usd(shown_total)
        )
        st.caption(t("funding.theme_metric_note", theme=theme_names[theme_choice], share=shown_share))
        source_caption([*shown["source_id"], *theme_sources])

# --- map and ranking ----------------------------------------------------------------------------------

latest = (
    None if funding is None else data.derived(queries.latest_funding_by_country, data.FUNDING, year_number)
)
year_text = year if year else t("funding.year_all").lower()


def _funding_texts(iso3s: pd.Series) -> pd.Series:
    """The hover lines on funding received (map and table), one per country."""
    latest_by_id = {} if latest is None else {row["entity_id"]: row for _, row in latest.iterrows()}
    return iso3s.map(lambda iso3: _funding_text(latest_by_id.get(iso3)))


def _funding_text(row: pd.Series | None) -> str:
    """The hover line on funding received: the appeal named, with its date; or "not known"."""
    if row is None:
        return t("funding.funding_not_known")
    if pd.notna(row["funded_usd"]):
        if pd.notna(row["required_usd"]):
            amount = t(
                "funding.received_of",
                funded=format_usd(row["funded_usd"]),
                required=format_usd(row["required_usd"]),
            )
        else:
            amount = t("funding.received", funded=format_usd(row["funded_usd"]))
    else:
        amount = t("funding.pct_published", pct=_pct_published(row["funded_pct"]))
    return t("funding.funding_hover", amount=amount, appeal=row["appeal"], date=_date(row["as_of"]))


known_ids = set() if latest is None else set(latest["entity_id"])
not_known = [country_names[i] for i in shown["entity_id"] if i not in known_ids]


@data.build_once
def funding_map(pillar_choice: str, theme_choice: str | None, year: str | None, country: str | None,
                language: str) -> maps.MapSpec:
    """The map of one view (the URL's pillar, theme, year and country) in one language: what it draws
    follows from these, so it is built once and shared by sessions (never modified)."""
    geojson = data.boundaries()
    return maps.choropleth_map(
        shown.assign(
            share_text=shown["share"].map(format_pct), funding_text=_funding_texts(shown["entity_id"])
        ),
        "amount_usd",
        geojson,
        hover_name_col=names,
        hover_cols={
            "share_text": t("funding.hover_share"),
            "funding_text": t("funding.hover_funding", year=year_text),
        },
        colorscale=charts.SEQUENTIAL,
        colorbar_title=t("funding.map_colorbar"),
        # The hover keeps the exact dollars; the colour bar writes money as the language does.
        value_text=lambda v: format_int(v, language),
        tick_text=lambda v: format_usd(v, language),
        ticks=maps.nice_ticks(float(shown["amount_usd"].max()) if len(shown) else 0.0),
        highlight=country,
        missing_label=t("common.not_known"),
        context_label=t("funding.map_context_theme") if themed is not None else t("funding.map_context"),
        frame=maps.region_frame(geojson),
        label=t("funding.map_heading", pillars=pillar_text),
    )


st.subheader(t("funding.map_heading", pillars=pillar_text))
map_col, bar_col = st.columns([3, 2])
with map_col:
    if data.optional_boundaries() is not None:
        map_spec = funding_map(pillar_choice, theme_choice, year, country, lang)
        show_map(map_spec, key="funding_map", on_click=lambda iso3: state.set_query(country=iso3))
        source_caption(shown["source_id"])
        if themed is not None:
            st.caption(
                t("funding.map_theme_note", count=len(shown), theme=theme_names[theme_choice])
                if len(shown)
                else t("funding.map_theme_none", theme=theme_names[theme_choice])
            )
            source_caption(theme_sources)
        if funding is not None:
            if not_known:
                st.caption(
                    t("funding.not_known_list", year=year_text, countries=", ".join(sorted(not_known)))
                )
            if latest is not None and not latest.empty and not presenting:
                # Several appeals' sources: folded away, one click from the map.
                with st.expander(t("funding.hover_sources")):
                    source_caption(latest.loc[latest["entity_id"].isin(shown["entity_id"]), "source_id"])
with bar_col:
    if shown.empty:
        st.info(t("funding.map_theme_none", theme=theme_names.get(theme_choice or "", "")))
    else:
        bar = figure(
            charts.ranked_bar,
            shown[names].tolist(),
            shown["amount_usd"].tolist(),
            value_texts=[
                t("funding.bar_value", amount=format_usd(a), share=format_pct(s))
                for a, s in zip(shown["amount_usd"], shown["share"], strict=True)
            ],
            keys=shown["entity_id"].tolist(),
            highlight=country,
            x_title=t("funding.bar_axis"),
            title=t("funding.bar_title"),
            large=presenting,
            labels_outside=True,
            lang=lang,
        )
        st.plotly_chart(
            bar,
            key="funding_bar",
            on_select=lambda: _select_from_chart("funding_bar", charts.selected_keys),
            selection_mode="points",
            config=CHART_CONFIG,
            width="stretch",
        )
        source_caption(shown["source_id"])
if not presenting:
    st.caption(t("funding.click_hint"))
    data_view(
        lambda: pd.DataFrame(
            {
                t("funding.col_iso3"): shown["entity_id"],
                t("funding.col_office"): shown[names],
                t("funding.col_requirement"): shown["amount_usd"],
                t("funding.col_share"): (shown["share"] * 100).round(2),
                t("funding.col_rank"): shown["rank"],
                t("funding.col_funding", year=year_text): _funding_texts(shown["entity_id"]),
            }
        ),
        f"funding-appeal-2020-{pillar_choice}" + (f"-{theme_choice}" if themed else ""),
        "map",
    )

# --- the selected country -----------------------------------------------------------------------------

if country:
    name = country_names[country]
    all_totals = data.derived(queries.appeal_totals, APPEAL, data.ENTITIES).set_index("entity_id")
    st.subheader(t("funding.selected_heading", country=name))
    summary_col, pillar_chart_col = st.columns([1, 2])
    with summary_col:
        row = all_totals.loc[country]
        st.metric(t("funding.selected_total", country=name), format_usd(row["amount_usd"]))
        st.caption(
            t(
                "funding.selected_share",
                share=format_pct(row["share"]),
                rank=row["rank"],
                count=len(all_totals),
            )
        )
        source_caption([row["source_id"]])
        if pillar_choice != ALL:
            subset = totals.set_index("entity_id")
            amount = subset.loc[country, "amount_usd"] if country in subset.index else 0
            st.metric(t("funding.selected_pillars", pillars=pillar_text), format_usd(amount))
            source_caption([row["source_id"]])
        st.page_link(
            "app_pages/country.py",
            label=t("funding.country_link", country=name),
            icon=":material/flag:",
            query_params={"country": country, "lang": lang},
        )
        st.button(t("funding.clear_selection"), on_click=_clear_country, icon=":material/close:")
    with pillar_chart_col:
        by_pillar = data.derived(queries.appeal_by_pillar, APPEAL, data.PILLARS, country)
        labels = [
            _wrap(t("funding.pillar_option", id=p, name=n))
            for p, n in zip(by_pillar["pillar_id"], by_pillar[names], strict=True)
        ]
        fig = figure(
            charts.pillar_bar,
            by_pillar["pillar_id"].tolist(),
            labels,
            by_pillar["amount_usd"].tolist(),
            value_texts=[format_usd(a) for a in by_pillar["amount_usd"]],
            x_title=t("funding.bar_axis"),
            title=t("funding.by_pillar_title", country=name),
            large=presenting,
            lang=lang,
            money_axis=(float(by_pillar["amount_usd"].max()), 3),
        )
        st.plotly_chart(fig, key="funding_pillars", config=CHART_CONFIG, width="stretch")
        source_caption(by_pillar["source_id"].dropna())
        if not presenting:
            data_view(
                lambda: pd.DataFrame(
                    {
                        t("funding.col_pillar"): by_pillar["pillar_id"],
                        t("funding.col_pillar_name"): by_pillar[names],
                        t("funding.col_requirement"): by_pillar["amount_usd"],
                    }
                ),
                f"funding-{country}-by-pillar",
                "pillars",
            )
    if themes_ready:
        counts = data.derived(
            queries.theme_counts, data.PRIORITIES, data.PRIORITY_THEMES, data.THEMES, country
        ).head(TOP_THEMES)
        if counts.empty:
            st.info(t("funding.themes_none", country=name))
        else:
            fig = figure(
                charts.ranked_bar,
                counts[names].tolist(),
                counts["priorities"].tolist(),
                value_texts=[format_int(n) for n in counts["priorities"]],
                keys=counts["theme_id"].tolist(),
                highlight=theme_choice,
                x_title=t("funding.themes_axis"),
                title=t("funding.top_themes", country=name),
                large=presenting,
                lang=lang,
                # Counts: whole-number ticks, labels upright beside the bars.
                traces={"textposition": "outside", "textangle": 0, "cliponaxis": False},
                xaxes={"dtick": 1, "tickformat": "d", "range": [0, float(counts["priorities"].max()) * 1.15]},
            )
            st.plotly_chart(fig, key="funding_themes", config=CHART_CONFIG, width="stretch")
            own = priorities.loc[priorities["entity_id"] == country, "source_id"]
            source_caption([*own, *counts["source_id"]])
            if not presenting:
                data_view(
                    lambda: pd.DataFrame(
                        {
                            t("funding.col_theme_id"): counts["theme_id"],
                            t("funding.col_theme"): counts[names],
                            t("funding.col_priorities"): counts["priorities"],
                        }
                    ),
                    f"funding-{country}-themes",
                    "themes",
                )

# --- Lake Chad Basin: requirement per person affected (context) ---------------------------------------

displacement = data.optional("displacement")
if displacement is not None:
    per_person = data.derived(queries.requirement_per_affected, APPEAL, data.ENTITIES, data.DISPLACEMENT)
    st.subheader(t("funding.lcb_heading"))
    st.info(t("funding.lcb_note"))
    for col, (_, row) in zip(st.columns(max(len(per_person), 1)), per_person.iterrows(), strict=False):
        with col:
            value = row["usd_per_person"]
            st.metric(row[names], format_usd(value) if pd.notna(value) else t("common.not_known"))
            st.caption(t("funding.lcb_metric"))
            st.caption(t("funding.lcb_requirement", amount=format_usd(row["amount_usd"])))
            source_caption([row["appeal_source_id"]])
            st.caption(
                t(
                    "funding.lcb_affected",
                    people=format_int(row["affected"]),
                    date=_date(row["affected_as_of"]),
                )
            )
            source_caption([row["affected_source_id"]])
    if not presenting:
        requirement_per_affected_table(
            per_person, names, "funding-lcb-requirement-per-person-affected", "lcb"
        )

# --- response plans: requirement, funded and gap inside each appeal ----------------------------------
@data.build_once
def gap_figure(country: str | None, year_number: int | None, language: str, large: bool) -> go.Figure:
    """The response plans' funded-and-gap bars for one view and language, built once (shared)."""
    known = appeals[appeals["gap_known"]]
    labels = known["appeal"].astype(str)
    repeated = labels.duplicated(keep=False)
    # Two rows of one appeal (two dates) must stay two bars.
    labels = labels.where(~repeated, labels + " · " + known["as_of"].fillna(known["funding_id"]).astype(str))

    def _hover(row: pd.Series) -> list[str]:
        lines = [
            f"{row['appeal']} ({row['year']})",
            f"{t('funding.gaps_required')}: {format_usd(row['required_usd'])}",
            f"{t('funding.gaps_funded')}: {format_usd(row['funded_usd'])}"
            f" ({format_pct(row['funded_share'])})",
            f"{t('funding.gaps_gap')}: {format_usd(row['gap_usd'])}",
            _funding_date(row["as_of"]),
        ]
        if citation_lines is not None:
            lines += citations([row["source_id"]], citation_lines)
        return lines

    return figure(
        charts.gap_bar,
        [_wrap(label, 44) for label in labels],
        known["funded_usd"].astype("float64").tolist(),
        known["gap_usd"].astype("float64").tolist(),
        funded_texts=[format_usd(v) for v in known["funded_usd"]],
        gap_texts=[format_usd(v) for v in known["gap_usd"]],
        hover_lines=[_hover(r) for _, r in known.iterrows()],
        funded_name=t("funding.gaps_funded"),
        gap_name=t("funding.gaps_gap"),
        x_title=t("funding.bar_axis"),
        title=t("funding.gaps_chart_title"),
        large=large,
        lang=language,
        money_axis=(float(known["required_usd"].max()), 4),
    )


@data.build_once
def appeals_list(country: str | None, year_number: int | None, language: str) -> pa.Table:
    """Every response plan of the view, one row each with its own source, in one language. Kept as an
    Arrow table: st.dataframe then sends it without converting a DataFrame on every rerun."""
    # Each row names its own source ("As of <date> | <source>") instead of a list under the table.
    source_labels = {
        sid: (citation_lines or {}).get(sid, sid) for sid in appeals["source_id"].dropna().unique()
    }
    organisation = {"IOM": t("funding.org_iom"), "all-agencies": t("funding.org_all")}

    def _usd_or_unknown(series: pd.Series) -> pd.Series:
        return series.map(lambda v: format_usd(v) if pd.notna(v) else "–")

    table = pd.DataFrame(
        {
            t("funding.col_appeal"): appeals["appeal"],
            t("funding.col_year"): appeals["year"].astype(str),
            t("funding.col_scope"): appeals["scope"],
            t("funding.col_org"): appeals["organisation_scope"].map(lambda v: organisation.get(v, v)),
            t("funding.col_required"): _usd_or_unknown(appeals["required_usd"]),
            t("funding.col_funded"): _usd_or_unknown(appeals["funded_usd"]),
            t("funding.col_gap"): _usd_or_unknown(appeals["gap_usd"]),
            t("funding.col_funded_pct"): appeals["funded_pct"].map(_pct_published),
            t("funding.col_unmet"): _usd_or_unknown(appeals["unmet_usd"]),
            t("funding.col_as_of"): appeals["as_of"].map(lambda v: _date(v)),
            t("funding.col_source"): appeals["source_id"].map(lambda s: source_labels.get(s, s)),
        }
    )
    return pa.Table.from_pandas(table, preserve_index=False)



if funding is not None:
    st.subheader(t("funding.gaps_heading"))
    st.info(t("funding.gaps_intro"))
    appeals = data.derived(queries.funding_appeals, data.FUNDING, country, year_number)
    scope = (
        t("funding.gaps_scope_country", country=country_names[country], year=year_text)
        if country
        else t("funding.gaps_scope_all", year=year_text)
    )
    st.caption(scope)
    known = appeals[appeals["gap_known"]]
    if known.empty:
        st.info(t("funding.gaps_none"))
    else:
        fig = gap_figure(country, year_number, lang, presenting)
        st.plotly_chart(fig, key="funding_gaps", config=CHART_CONFIG, width="stretch")
        source_caption(known["source_id"])

        if country and not presenting:
            # One block per appeal: the three figures, then the appeal's date and source beneath them.
            for _, row in known.iterrows():
                st.markdown(f"**{escape_markdown(row['appeal'])}** ({row['year']})")
                req_col, funded_col, gap_col = st.columns(3)
                req_col.metric(t("funding.gaps_required"), format_usd(row["required_usd"]))
                funded_col.metric(t("funding.gaps_funded"), format_usd(row["funded_usd"]))
                gap_col.metric(t("funding.gaps_gap"), format_usd(row["gap_usd"]))
                published = []
                if pd.notna(row["funded_pct"]):
                    published.append(t("funding.pct_as_published", pct=_pct_published(row["funded_pct"])))
                if pd.notna(row["unmet_usd"]):
                    published.append(t("funding.unmet_as_published", amount=format_usd(row["unmet_usd"])))
                st.caption(" · ".join([_funding_date(row["as_of"]), *published]))
                source_caption([row["source_id"]])

    unknown = int((~appeals["gap_known"]).sum())
    if unknown:
        st.caption(t("funding.appeals_unknown_count", count=unknown, total=len(appeals)))
    if not presenting and not appeals.empty:
        st.markdown(f"**{t('funding.appeals_list')}**")
        shown_list = appeals_list(country, year_number, lang)
        st.dataframe(shown_list, hide_index=True, width="stretch", key="funding_appeals_table")
        # Downloads keep the numbers as numbers; an empty cell is an unknown, never a zero.
        raw = lambda: pd.DataFrame(  # noqa: E731 - made only when a download is clicked
            {
                t("funding.col_appeal"): appeals["appeal"],
                t("funding.col_year"): appeals["year"],
                t("funding.col_scope"): appeals["scope"],
                t("funding.col_scope_iso3"): appeals["scope_iso3"],
                t("funding.col_org"): appeals["organisation_scope"],
                t("funding.col_required"): appeals["required_usd"],
                t("funding.col_funded"): appeals["funded_usd"],
                t("funding.col_gap"): appeals["gap_usd"],
                t("funding.col_funded_pct"): appeals["funded_pct"],
                t("funding.col_unmet"): appeals["unmet_usd"],
                t("funding.col_as_of"): appeals["as_of"],
                t("funding.col_note"): appeals["note"],
                t("funding.col_source_id"): appeals["source_id"],
            }
        )
        downloads(
            raw,
            "funding-response-plans" + (f"-{country}" if country else "") + (f"-{year}" if year else ""),
            "appeals",
        )
