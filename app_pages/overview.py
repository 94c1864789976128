"""Overview: the region's headline figures and where the 2020 appeal goes (a map and a ranking), each with
its source; a click on a country of the map opens its profile."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, maps, queries, state
from dashboard.components import data_view, figure, show_map, source_caption
from dashboard.i18n import current_language, format_date, format_int, format_pct, format_usd, name_column, t

st.title(t("app.title"))
st.write(t("app.tagline"))

appeal, entities = data.require("appeal", "entities")
lang, names = current_language(), name_column()
totals = data.derived(queries.appeal_totals, data.APPEAL, data.ENTITIES)

total_col, offices_col, statement_col, dtm_col = st.columns(4)
with total_col:
    st.metric(t("overview.total_appeal"), format_usd(appeal["amount_usd"].sum()))
    source_caption(appeal["source_id"])
with offices_col:
    countries = int((entities["kind"] == "country").sum())
    st.metric(
        t("overview.offices"),
        format_int(len(entities)),
        help=t("overview.offices_value", countries=countries),
    )
    st.caption(t("overview.offices_value", countries=countries))
try:
    displacement = data.load("displacement")
except data.TableUnavailable as err:
    st.warning(t("common.table_unavailable", name=err.name, reason=err.reason))
else:
    statement = data.derived(queries.basin_figure, data.DISPLACEMENT, "mi2020_statement", "affected_total")
    if statement is not None:
        with statement_col:
            st.metric(t("overview.lcb_displaced"), format_int(statement["value"]))
            source_caption([statement["source_id"]])
    latest = data.derived(queries.basin_figure, data.DISPLACEMENT, "dtm_lcb_dashboard", "affected_total")
    if latest is not None:
        with dtm_col:
            st.metric(
                t("overview.lcb_latest", date=format_date(latest["as_of"])), format_int(latest["value"])
            )
            source_caption([latest["source_id"]])

st.subheader(t("overview.by_office"))


@data.build_once
def appeal_map(language: str) -> maps.MapSpec:
    """The country offices' requirements on the map, one spec per language (shared: never modified)."""
    geometry = data.boundaries()
    return maps.choropleth_map(
        totals.assign(share_text=totals["share"].map(lambda v: format_pct(v, language))),
        "amount_usd",
        geometry,
        hover_name_col=names,
        hover_cols={"share_text": t("overview.col.share")},
        colorscale=charts.SEQUENTIAL,
        colorbar_title=t("overview.axis_usd"),
        # The hover keeps the exact dollars, as the source prints them; the colour bar rounds them.
        value_text=lambda v: format_int(v, language),
        tick_text=lambda v: format_usd(v, language),
        ticks=maps.nice_ticks(float(totals["amount_usd"].max())),
        context_label=t("funding.map_context"),
        frame=maps.region_frame(geometry),
        label=t("overview.by_office"),
    )


def _open_profile(iso3: str) -> None:
    # A callback may not switch pages: the choice is kept and acted on below, in the script run.
    st.session_state["overview-open-country"] = iso3


map_col, bar_col = st.columns([3, 2])
with map_col:
    if data.optional_boundaries() is not None:
        show_map(appeal_map(lang), key="overview-map", on_click=_open_profile)
        source_caption(appeal["source_id"])
        if not state.presenting():
            st.caption(t("overview.map_hint"))
picked = st.session_state.pop("overview-open-country", None)
if picked in set(totals["entity_id"]):
    st.switch_page("app_pages/country.py", query_params={"country": picked, "lang": lang})

labels = totals[names].tolist()
fig = figure(
    charts.ranked_bar,
    labels,
    totals["amount_usd"].tolist(),
    value_texts=[
        f"{format_usd(v)} · {format_pct(s)}"
        for v, s in zip(totals["amount_usd"], totals["share"], strict=True)
    ],
    keys=totals["entity_id"].tolist(),
    x_title=t("overview.axis_usd"),
    large=state.presenting(),
    labels_outside=True,
    lang=lang,
)
with bar_col:
    st.plotly_chart(fig, key="overview-offices", config={"displayModeBar": False})
    source_caption(appeal["source_id"])
if not state.presenting():
    data_view(
        totals[["entity_id", names, "amount_usd", "share", "rank"]].rename(
            columns={
                "entity_id": t("overview.col.office_id"),
                names: t("overview.col.office"),
                "amount_usd": t("overview.col.amount_usd"),
                "share": t("overview.col.share"),
                "rank": t("overview.col.rank"),
            }
        ),
        f"appeal_2020_by_office_{lang}",
        key="overview-offices-table",
    )
