"""Lake Chad Basin: the 2020 appeal's figures, the DTM dashboards' trend, admin-1 areas on a map, what
each source counts (side by side, never summed), the appeal next to the displaced, and new DTM figures."""

from __future__ import annotations

import re

import babel.dates
import pandas as pd
import streamlit as st

from dashboard import charts, data, maps, queries, settings, state
from dashboard.components import data_view, figure, requirement_per_affected_table, show_map, source_caption
from dashboard.i18n import current_language, format_date, format_int, format_usd, name_column, t, translate

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
MAP_NORTH = 18.5  # degrees: where the map's view stops (Niger and Chad reach 23.5)
CATEGORY_COLOURS = dict(zip(queries.LCB_BREAKDOWN_CATEGORIES, charts.PALETTE, strict=False))

lang = current_language()
presenting = state.presenting()
names = name_column()

st.title(t("lake_chad.title"))
st.write(t("lake_chad.intro"))

displacement, entities = data.require("displacement", "entities")




basin = entities[entities["lake_chad_basin"]].sort_values(names)
basin_ids = list(basin["entity_id"])
country_names = dict(zip(entities["entity_id"], entities[names], strict=True))


def _country(entity_id: object) -> str:
    return t("lake_chad.basin_total") if pd.isna(entity_id) else country_names.get(entity_id, str(entity_id))


def _month(value: str) -> str:
    return babel.dates.format_date(pd.Timestamp(value).date(), format="MMMM y", locale=lang)


def _markdown_text(text: str) -> str:
    """Text from the tables shown literally in markdown (no emphasis, links, LaTeX or HTML)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$])", r"\\\1", text)


def _write_query(param: str, key: str) -> None:
    state.set_query(**{param: st.session_state[key]})


# --- the 2020 appeal's figures and the latest DTM dashboard ------------------------------------------

st.subheader(t("lake_chad.statement_heading"))
statement = data.derived(queries.lcb_statement_figures, data.DISPLACEMENT)
# Worded figures ("an estimated 10.7 million") are too long for st.metric's one-line value: a heading wraps.
for column, row in zip(st.columns(max(len(statement), 1)), statement.itertuples(index=False), strict=False):
    # Figure first, what it counts beneath: the figures line up even where a label wraps.
    column.markdown(
        f"### {_markdown_text(queries.lcb_written_figure(row.value_text, row.qualifier, row.value, lang))}"
    )
    column.caption(t(f"lake_chad.statement.{row.category}"))
st.caption(t("lake_chad.statement_note"))
source_caption(statement["source_id"])

latest = data.derived(queries.lcb_latest_dashboard, data.DISPLACEMENT)
if not latest.empty:
    first = latest.iloc[0]
    st.subheader(
        t("lake_chad.latest_heading", no=int(first["dashboard_no"]), date=format_date(first["as_of"], lang))
    )
    for column, row in zip(st.columns(len(latest)), latest.itertuples(index=False), strict=True):
        column.metric(_country(row.entity_id), format_int(row.value, lang))
    st.caption(t("lake_chad.latest_note"))
    source_caption(latest["source_id"])

@data.build_once
def map_points(category: str, month: str) -> pd.DataFrame:
    """queries.lcb_map_points once per category and month (cleared with the tables after an import)."""
    return queries.lcb_map_points(areas, category, month, points)


@data.build_once
def breakdown_table(country: str) -> pd.DataFrame:
    """queries.lcb_breakdown_table once per country (cleared with the tables after an import)."""
    return queries.lcb_breakdown_table(data.derived(queries.lcb_breakdown, data.DISPLACEMENT, country))


# --- admin-1 areas on the map: first, so it draws before plotly's bundle has loaded ---------------------

st.subheader(t("lake_chad.map_heading"))
areas = data.derived(queries.lcb_area_rows, data.DISPLACEMENT)
categories = queries.lcb_categories(areas)
if not categories:
    st.info(t("lake_chad.map_none"))
else:
    category = state.query_choice(
        "category", categories, "idps" if "idps" in categories else categories[0], normalise=str.strip
    )
    months = queries.lcb_months(areas, category)
    month = state.query_choice(
        "date",
        months,
        queries.lcb_default_month(areas, category),
        normalise=lambda raw: queries.lcb_month_end(raw.strip()) or raw,
    )
    st.session_state["lake_chad_category"] = category
    st.session_state["lake_chad_month"] = month

    def _month_changed() -> None:
        state.set_query(
            category=st.session_state["lake_chad_category"], date=st.session_state["lake_chad_month"]
        )

    def _category_changed() -> None:
        # A new category has its own months: its default month, not a stale date from the URL.
        state.set_query(category=st.session_state["lake_chad_category"], date=None)

    category_col, month_col = st.columns(2)
    category_col.selectbox(
        t("lake_chad.category_label"),
        categories,
        key="lake_chad_category",
        # Language bound here, not read at call time (AppTest formats options outside the script run).
        format_func=lambda c: translate(f"lake_chad.category.{c}", lang),
        on_change=_category_changed,
    )
    month_col.selectbox(
        t("lake_chad.month_label"),
        months,
        key="lake_chad_month",
        format_func=_month,
        on_change=_month_changed,
    )

    points = data.or_warning(data.lcb_admin1_points)
    geojson = data.optional_boundaries() if points is not None else None
    if points is not None and geojson is not None:
        shown = map_points(category, month)
        placed = shown[shown["placed"]].copy()
        placed["label"] = [
            f"{a}, {format_date(d, lang)}" for a, d in zip(placed["admin1"], placed["as_of"], strict=True)
        ]
        placed["country"] = placed["entity_id"].map(_country)
        placed["date_text"] = placed["as_of"].map(lambda d: format_date(d, lang))
        placed["source"] = placed["source_org"].fillna(placed["source_id"])
        # The four countries, less the empty north of Niger and Chad: the circles sit around the lake.
        west, south, east, north = maps.feature_bounds(geojson, basin_ids)
        frame = maps.Frame((west, south, east, min(north, MAP_NORTH)), height=560, padding=0.04)
        map_spec = maps.bubble_map(
            placed,
            "lat",
            "lon",
            "value",
            color_col="source",
            geojson=geojson,
            outline_iso3=basin_ids,
            name_col="label",
            legend_format=lambda v: format_int(v, lang),
            hover_cols={"country": t("lake_chad.col.country"), "source": t("lake_chad.col.source")},
            size_label=t(f"lake_chad.category.{category}"),
            missing_label=t("common.not_known"),
            outline_label=t("lake_chad.map_outline"),
            value_text=lambda v: format_int(v, lang),
            frame=frame,
            label=t("lake_chad.map_outline"),
        )
        show_map(map_spec, key="lake_chad_map")
        st.caption(t("lake_chad.map_caption"))
        unplaced = shown[~shown["placed"]]
        if not unplaced.empty:
            st.caption(t("lake_chad.map_not_placed", places="; ".join(sorted(set(unplaced["admin1"])))))
        source_caption(shown["source_id"])
        if not presenting:
            data_view(
                lambda: pd.DataFrame(
                    {
                        t("lake_chad.col.date"): shown["as_of"],
                        t("lake_chad.col.country"): shown["entity_id"].map(_country),
                        t("lake_chad.col.area"): shown["admin1"],
                        t("lake_chad.col.category"): t(f"lake_chad.category.{category}"),
                        t("lake_chad.col.value"): shown["value"],
                        t("lake_chad.col.source"): shown["source_org"],
                        t("lake_chad.col.source_id"): shown["source_id"],
                        t("lake_chad.col.note"): shown["note"],
                    }
                ),
                f"lake_chad_{category}_{month}",
                "lake_chad_map_data",
            )

# --- trend across DTM dashboards ----------------------------------------------------------------------

st.subheader(t("lake_chad.trend_heading"))
checks = data.optional("checks")
trend = data.derived(queries.lcb_dtm_trend, data.DISPLACEMENT)
checks_table = None if checks is None else data.CHECKS  # without checks: the trend unflagged
flags = data.derived(queries.lcb_total_flags, data.DISPLACEMENT, checks_table)
changes = data.derived(queries.lcb_definition_changes, data.DISPLACEMENT, checks_table)


def _point_hover(row: pd.Series) -> str:
    return "\n".join(
        [
            _country(row["entity_id"]),
            t("lake_chad.trend_point", date=format_date(row["as_of"], lang), no=int(row["dashboard_no"])),
            format_int(row["value"], lang),
        ]
    )


# Colours follow the countries' codes, not their names: the same in both languages.
country_colours = {iso3: charts.PALETTE[k % len(charts.PALETTE)] for k, iso3 in enumerate(sorted(basin_ids))}


@data.build_once
def trend_lines(language: str) -> list[dict]:
    """The trend chart's series in one language: made once (cleared with the tables after an import),
    as writing every point's hover text took a fifth of a rerun."""
    lines = []
    for entity_id in [None, *[e for e in basin_ids if e in set(trend["entity_id"].dropna())]]:
        mine = trend["entity_id"].isna() if entity_id is None else trend["entity_id"] == entity_id
        rows = trend[mine]
        if rows.empty:
            continue
        lines.append(
            {
                "name": t("lake_chad.trend_total") if entity_id is None else country_names[entity_id],
                "x": rows["as_of"].tolist(),
                "y": [int(v) for v in rows["value"]],
                "hover": [_point_hover(r) for _, r in rows.iterrows()],
                "colour": "#000000" if entity_id is None else country_colours[entity_id],
                "width": 3 if entity_id is None else 2,
            }
        )
    return lines


lines = trend_lines(lang)


def _flag_note(flag: pd.Series) -> str:
    return t(
        "lake_chad.trend_flag_note",
        no=int(flag["dashboard_no"]),
        date=format_date(flag["as_of"], lang),
        total=format_int(flag["total"], lang),
        sum=format_int(flag["country_sum"], lang),
        difference=format_int(abs(int(flag["difference"])), lang),
    )


flag_notes = [_flag_note(f) for _, f in flags.iterrows()]
events = [
    {
        "x": change["as_of"],
        "name": t("lake_chad.trend_change_legend", no=int(change["dashboard_no"])),
        "label": t("lake_chad.trend_change_label", no=int(change["dashboard_no"])),
    }
    for _, change in changes.iterrows()
]
trend_fig = figure(
    charts.dated_lines,
    lines,
    flags={
        "name": t("lake_chad.trend_flag"),
        "x": flags["as_of"].tolist(),
        "y": [int(v) for v in flags["total"]],
        "hover": flag_notes,
    },
    events=events,
    y_title=t("lake_chad.trend_y"),
    large=presenting,
    lang=lang,
)
st.plotly_chart(trend_fig, key="lake_chad_trend", config=CHART_CONFIG, width="stretch")
for _, change in changes.iterrows():
    st.caption(
        t(
            "lake_chad.trend_change_note",
            no=int(change["dashboard_no"]),
            date=format_date(change["as_of"], lang),
        )
    )
for note in flag_notes:
    st.caption(f"⚠ {note}")
# Eleven dashboards: their "as of | source" lines sit in an expander named by the range they cover.
with st.expander(
    t(
        "lake_chad.trend_sources",
        count=trend["source_id"].nunique(),
        first=format_date(trend["as_of"].min(), lang),
        last=format_date(trend["as_of"].max(), lang),
    )
):
    source_caption(trend["source_id"])
if not presenting:
    data_view(
        lambda: pd.DataFrame(
            {
                t("lake_chad.col.dashboard"): trend["dashboard_no"],
                t("lake_chad.col.date"): trend["as_of"],
                t("lake_chad.col.country"): trend["entity_id"].map(_country),
                t("lake_chad.col.value"): trend["value"],
                t("lake_chad.col.source"): trend["source_id"],
            }
        ),
        "lake_chad_dtm_trend",
        "lake_chad_trend_data",
    )

# --- what each source counts, side by side ----------------------------------------------------------

st.subheader(t("lake_chad.breakdown_heading"))
with_rows = [e for e in basin_ids if not data.derived(queries.lcb_breakdown, data.DISPLACEMENT, e).empty]
if not with_rows:
    st.info(t("lake_chad.breakdown_none"))
else:
    country = state.query_choice(
        "country",
        with_rows,
        "TCD" if "TCD" in with_rows else with_rows[0],
        normalise=lambda s: s.strip().upper(),
    )
    st.session_state["lake_chad_country"] = country
    st.selectbox(
        t("lake_chad.country_label"),
        with_rows,
        key="lake_chad_country",
        format_func=lambda e: country_names[e],
        on_change=_write_query,
        args=("country", "lake_chad_country"),
    )
    breakdown = data.derived(queries.lcb_breakdown, data.DISPLACEMENT, country)
    table = breakdown_table(country)
    present = [c for c in queries.LCB_BREAKDOWN_CATEGORIES if c in table.columns]

    def _set_label(row: pd.Series) -> str:
        area = row["admin1"] or t("lake_chad.national")
        source = row["source_org"] or row["source_id"]
        if row["series"] == queries.LCB_SITE_ASSESSMENT:
            source = f"{source}, {t('lake_chad.site_assessment')}"
        return f"{area} · {source} · {format_date(row['as_of'] or None, lang)}"

    labels = [_set_label(r) for _, r in table.iterrows()]
    bars = []
    for category_id in present:
        values = [None if pd.isna(v) else int(v) for v in table[category_id]]
        name = t(f"lake_chad.category.{category_id}")
        bars.append(
            {
                "name": name,
                "values": values,
                "texts": ["" if v is None else format_int(v, lang) for v in values],
                "colour": CATEGORY_COLOURS.get(category_id, charts.NEUTRAL),
                "hover": [
                    f"{label}\n{name}: {format_int(v, lang)}" for label, v in zip(labels, values, strict=True)
                ],
            }
        )
    breakdown_fig = figure(
        charts.grouped_bars, labels, bars, x_title=t("lake_chad.breakdown_x"), large=presenting, lang=lang
    )
    st.plotly_chart(breakdown_fig, key="lake_chad_breakdown", config=CHART_CONFIG, width="stretch")
    st.caption(t("lake_chad.breakdown_caption"))
    source_caption(breakdown["source_id"])
    if not presenting:
        data_view(
            lambda: pd.DataFrame(
                {
                    t("lake_chad.col.date"): table["as_of"],
                    t("lake_chad.col.area"): table["admin1"],
                    t("lake_chad.col.source"): table["source_org"],
                    t("lake_chad.col.source_id"): table["source_id"],
                    **{t(f"lake_chad.category.{c}"): table[c] for c in present},
                }
            ),
            f"lake_chad_breakdown_{country}",
            "lake_chad_breakdown_data",
        )

# --- the 2020 appeal next to the displaced population --------------------------------------------------

st.subheader(t("lake_chad.funding_heading"))
appeal = data.optional("appeal")
if appeal is not None:
    funding = data.derived(queries.requirement_per_affected, data.APPEAL, data.ENTITIES, data.DISPLACEMENT)
    funding = funding.sort_values("amount_usd", ascending=False).reset_index(drop=True)
    labels = funding[names].tolist()
    need_col, people_col = st.columns(2)
    with need_col:
        fig = figure(
            charts.ranked_bar,
            labels,
            funding["amount_usd"].astype(float).tolist(),
            value_texts=[format_usd(v, lang) for v in funding["amount_usd"]],
            keys=funding["entity_id"].tolist(),
            title=t("lake_chad.funding_requirement"),
            large=presenting,
            lang=lang,
        )
        st.plotly_chart(fig, key="lake_chad_requirement", config=CHART_CONFIG)
        source_caption(funding["appeal_source_id"])
    with people_col:
        fig = figure(
            charts.ranked_bar,
            labels,
            [float(v) if pd.notna(v) else None for v in funding["affected"]],  # unknown: no bar, "–"
            value_texts=[format_int(v, lang) for v in funding["affected"]],
            keys=funding["entity_id"].tolist(),
            title=t("lake_chad.funding_affected"),
            large=presenting,
            lang=lang,
            xaxes={"tickformat": ",d"},
        )
        st.plotly_chart(fig, key="lake_chad_affected", config=CHART_CONFIG)
        source_caption(funding["affected_source_id"])
    per_person = [
        t("lake_chad.funding_per_person", country=row[names], amount=format_usd(row["usd_per_person"], lang))
        for _, row in funding.iterrows()
    ]
    st.caption(" · ".join(per_person))
    st.caption(t("lake_chad.funding_note"))
    if not presenting:
        requirement_per_affected_table(
            funding, names, "lake_chad_requirement_per_affected", "lake_chad_funding_data"
        )

# --- new figures ---------------------------------------------------------------------------------------

if not presenting:
    st.subheader(t("lake_chad.import_heading"))
    message = st.session_state.pop("lake_chad_import_result", None)
    if message:
        # The importer's message quotes the file (names, cells): shown literally, one line per problem.
        text = "  \n".join(_markdown_text(line) for line in message[1].splitlines())
        (st.success if message[0] == "ok" else st.error)(text)
    if not settings.uploads_enabled():
        st.info(t("lake_chad.uploads_off"))
    else:
        st.write(t("lake_chad.import_intro"))
        upload = st.file_uploader(t("lake_chad.upload_label"), type=["csv"], key="lake_chad_upload")
        if upload is not None and st.button(t("lake_chad.import_button"), key="lake_chad_import"):
            # The upload goes through the same importer as `python -m etl import FILE`.
            from dashboard.tables import default_processed_dir
            from etl import importer
            from etl.common import EtlError

            try:
                done = importer.import_bytes(
                    upload.getvalue(),
                    upload.name,
                    raw_dir=importer.default_raw_dir(),
                    out_dir=default_processed_dir(),
                )
            except EtlError as err:
                # The importer's messages come from the catalogues: err.text(lang) is the page's language.
                st.session_state["lake_chad_import_result"] = (
                    "error",
                    t("lake_chad.import_refused", message=err.text(lang)),
                )
            else:
                st.session_state["lake_chad_import_result"] = (
                    "ok",
                    t("lake_chad.import_done", message=done.text(lang)),
                )
                data.clear_caches()  # the page reads the rebuilt tables
            st.rerun()
