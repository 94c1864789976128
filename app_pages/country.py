"""Country profile: one office's 2020 appeal, displacement, response plans, priorities and events, with a
one-click briefing pack; or two to four offices side by side (?compare=NGA,NER,TCD)."""

from __future__ import annotations

import unicodedata

import pandas as pd
import streamlit as st

from dashboard import charts, data, maps, queries, state
from dashboard.components import data_view, downloads, figure, lazy_expander, show_map, source_caption
from dashboard.i18n import current_language, format_date, format_int, format_pct, format_usd, name_column, t
from dashboard.search import escape_markdown

MAX_COMPARE = 4
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

lang = current_language()
name_col = name_column()
presenting = state.presenting()


# --- small helpers ----------------------------------------------------------------------------------------




def _sort_key(text: str) -> str:
    """Alphabetical order that ignores accents (Bénin next to Benin, Côte d'Ivoire among the Cs)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()




def _normalise(code: str) -> str:
    return code.strip().upper()


def _signed_int(value: int) -> str:
    text = format_int(abs(value), lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def _usd_or_unknown(value: object) -> str:
    return t("common.not_known") if pd.isna(value) else format_usd(value, lang)


def _published_pct(value: object) -> str:
    """A share as published (54.0 -> 54%), one decimal only where the source gives one."""
    if pd.isna(value):
        return t("common.not_known")
    return format_pct(float(value) / 100, lang, digits=0 if float(value).is_integer() else 1)


def _badges(theme_ids: tuple[str, ...], theme_names: dict[str, str]) -> str:
    """Themes as badges (a markdown directive, no HTML); brackets in names are escaped."""
    return " ".join(
        ":blue-badge[" + theme_names[i].replace("[", "(").replace("]", ")") + "]"
        for i in theme_ids
        if i in theme_names
    )


# --- tables every view needs ------------------------------------------------------------------------------

appeal, entities, pillars = data.require("appeal", "entities", "pillars")
names = dict(zip(entities["entity_id"], entities[name_col], strict=True))
totals = data.derived(queries.appeal_totals, data.APPEAL, data.ENTITIES)
# Countries alphabetically in the session language, then the Regional Office.
office_ids = sorted(
    entities["entity_id"],
    key=lambda e: (e == queries.REGIONAL_OFFICE, _sort_key(names[e])),
)
default_id = str(totals.iloc[0]["entity_id"])  # the largest appeal
flags = entities.set_index("entity_id")
area_members = {
    "lake_chad_basin": entities.loc[entities["lake_chad_basin"], "entity_id"].tolist(),
    "liptako_gourma": entities.loc[entities["liptako_gourma"], "entity_id"].tolist(),
}
AREA_KEYS = {"lake_chad_basin": "country.area_lcb", "liptako_gourma": "country.area_lg"}


# --- URL state: ?country=, ?compare=, ?themes= ------------------------------------------------------------

entity_id = state.query_choice("country", office_ids, default_id, normalise=_normalise)
compare_ids = state.query_choices("compare", office_ids, normalise=_normalise)
if len(compare_ids) > MAX_COMPARE:
    st.toast(t("country.compare_too_many", limit=MAX_COMPARE))
    compare_ids = compare_ids[:MAX_COMPARE]
if "compare" in st.query_params:
    state.set_query(compare=compare_ids)  # keep only the valid codes in a shared link

# Compare mode: the URL asks for it, or the reader switched to it (and may have emptied the selection).
st.session_state.setdefault("country_mode", "profile")
if compare_ids:
    st.session_state["country_mode"] = "compare"
st.session_state["country_pick"] = entity_id
st.session_state["compare_pick"] = compare_ids


def _country_picked() -> None:
    state.set_query(country=st.session_state["country_pick"], themes=None)


def _mode_picked() -> None:
    if st.session_state["country_mode"] == "compare":
        state.set_query(compare=queries.default_comparison(entities, totals, entity_id, MAX_COMPARE))
    else:
        state.set_query(compare=None)


def _compare_picked() -> None:
    state.set_query(compare=st.session_state["compare_pick"])


@data.build_once
def _brief_bytes(office: str, language: str) -> bytes:
    """The briefing pack, built once per office and language (on the first click, not on page load)."""
    from dashboard import brief  # python-pptx only when a pack is asked for

    return brief.build_brief(office, language)


# --- profile ----------------------------------------------------------------------------------------------


def _headline(office: str) -> None:
    row = totals.set_index("entity_id").loc[office]
    total_col, share_col, rank_col = st.columns(3)
    total_col.metric(t("country.appeal_total"), format_usd(row["amount_usd"], lang))
    share_col.metric(t("country.appeal_share"), format_pct(row["share"], lang))
    rank_col.metric(
        t("country.appeal_rank"), t("country.rank_value", rank=int(row["rank"]), total=len(totals))
    )
    source_caption([row["source_id"]])


def _displacement(office: str) -> None:
    if office == queries.REGIONAL_OFFICE:
        return
    basin_names = ", ".join(names[e] for e in area_members["lake_chad_basin"])
    if not bool(flags.loc[office, "lake_chad_basin"]):
        st.caption(t("country.dtm_not_covered", countries=basin_names))
        return
    displacement = data.optional("displacement")
    if displacement is None:
        return
    trend = data.derived(queries.dtm_trend, data.DISPLACEMENT, office)
    if trend is None:
        st.metric(t("country.dtm_latest"), t("common.not_known"))
        return
    latest, previous = trend["latest"], trend["previous"]
    delta = None if trend["change"] is None else _signed_int(trend["change"])
    st.metric(
        t("country.dtm_latest"),
        format_int(latest["value"], lang),
        delta=delta,
        delta_color="inverse",  # more people displaced reads as bad news
        help=t("country.dtm_help"),
    )
    if previous is None:
        st.caption(
            t("country.dtm_single", no=int(latest["dashboard_no"]), date=format_date(latest["as_of"], lang))
        )
    else:
        st.caption(
            t(
                "country.dtm_trend",
                no=int(latest["dashboard_no"]),
                date=format_date(latest["as_of"], lang),
                prev_no=int(previous["dashboard_no"]),
                prev_date=format_date(previous["as_of"], lang),
                prev_value=format_int(previous["value"], lang),
            )
        )
    source_caption([latest["source_id"], *([] if previous is None else [previous["source_id"]])])


def _locator(office: str) -> None:
    geojson = data.optional_boundaries()
    if geojson is None:
        return
    if office == queries.REGIONAL_OFFICE:
        highlight = [e for e in entities["entity_id"] if e != queries.REGIONAL_OFFICE]
        areas = list(AREA_KEYS)
    else:
        highlight = [office]
        areas = [a for a in AREA_KEYS if bool(flags.loc[office, a])]
    outline = [e for a in areas for e in area_members[a]]
    area_text = "; ".join(
        t(
            "country.area_members",
            area=t(AREA_KEYS[a]),
            countries=", ".join(names[e] for e in area_members[a]),
        )
        for a in areas
    )
    if office == queries.REGIONAL_OFFICE:
        caption = t("country.locator_region", areas=area_text)
    elif area_text:
        caption = t("country.locator_area", name=names[office], areas=area_text)
    else:
        caption = t("country.locator_plain", name=names[office])
    show_map(maps.locator_map(geojson, highlight, outline, label=caption), key="country-locator")
    st.caption(caption)
    source_caption(flags.loc[[office], "source_id"])


def _pillars(office: str) -> None:
    st.subheader(t("country.pillars_heading"))
    table = data.derived(queries.appeal_by_pillar, data.APPEAL, data.PILLARS, office)
    labels = table[name_col].tolist()
    fig = figure(
        charts.pillar_bar,
        table["pillar_id"].tolist(),
        labels,
        table["amount_usd"].tolist(),
        value_texts=[format_usd(v, lang) for v in table["amount_usd"]],
        x_title=t("country.axis_usd"),
        large=presenting,
        lang=lang,
    )
    st.plotly_chart(fig, key="country-pillars", config={"displaylogo": False})
    source_caption(table["source_id"].dropna())
    if not presenting:
        data_view(
            lambda: pd.DataFrame(
                {
                    t("country.col_pillar"): labels,
                    t("country.col_group"): [t(f"country.group_{g}") for g in table["group"]],
                    t("country.col_requirement_usd"): table["amount_usd"].astype("int64"),
                }
            ),
            f"appeal-by-pillar-{office}",
            "country-pillars-data",
        )


def _funding(office: str) -> None:
    if office == queries.REGIONAL_OFFICE:
        return
    st.subheader(t("country.funding_heading"))
    funding = data.optional("funding")
    if funding is None:
        return
    appeals = data.derived(queries.funding_appeals, data.FUNDING)
    rows = appeals[appeals["entity_id"] == office].reset_index(drop=True)
    if rows.empty:
        st.info(t("country.funding_none", name=names[office]))
        return
    latest = data.derived(queries.latest_funding_by_country, data.FUNDING)
    latest = latest[latest["entity_id"] == office]
    if latest.empty:
        st.caption(t("country.funding_no_gap"))
    else:
        plan = latest.iloc[0]
        st.markdown(f"**{escape_markdown(plan['appeal'])}**")
        req_col, funded_col, gap_col = st.columns(3)
        req_col.metric(t("country.funding_required"), _usd_or_unknown(plan["required_usd"]))
        if pd.notna(plan["funded_usd"]):
            funded_col.metric(t("country.funding_funded"), format_usd(plan["funded_usd"], lang))
        else:
            funded_col.metric(t("country.funding_funded_pct"), _published_pct(plan["funded_pct"]))
        gap_col.metric(t("country.funding_gap"), _usd_or_unknown(plan["gap_usd"]))
        st.caption(t("country.funding_gap_note", date=format_date(plan["as_of"], lang)))
        source_caption([plan["source_id"]])
    if presenting:
        return
    # The table and its downloads are made and sent only while it is open.
    view = lazy_expander(t("country.funding_all", count=len(rows)), "country-funding-data-view")
    if view is None:
        return
    table = pd.DataFrame(
        {
            t("country.col_year"): rows["year"].astype("int64"),
            t("country.col_appeal"): rows["appeal"],
            t("country.col_organisations"): [
                t(f"country.org_{o.replace('-', '_')}") for o in rows["organisation_scope"]
            ],
            t("country.col_required"): rows["required_usd"].map(_usd_or_unknown),
            t("country.col_funded"): rows["funded_usd"].map(_usd_or_unknown),
            t("country.col_funded_pct"): rows["funded_pct"].map(_published_pct),
            t("country.col_gap"): rows["gap_usd"].map(_usd_or_unknown),
            t("country.col_unmet"): rows["unmet_usd"].map(_usd_or_unknown),
            t("country.col_as_of"): [format_date(d, lang) for d in rows["as_of"]],
        }
    )
    with view:
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(t("country.funding_table_note"))
        source_caption(rows["source_id"])
        raw = pd.DataFrame(
            {
                t("country.col_year"): rows["year"],
                t("country.col_appeal"): rows["appeal"],
                t("country.col_organisations"): table[t("country.col_organisations")],
                t("country.col_required_usd"): rows["required_usd"],
                t("country.col_funded_usd"): rows["funded_usd"],
                t("country.col_funded_pct"): rows["funded_pct"],
                t("country.col_gap_usd"): rows["gap_usd"],
                t("country.col_unmet_usd"): rows["unmet_usd"],
                t("country.col_as_of"): rows["as_of"],
                t("country.col_source"): rows["source_id"],
            }
        )
        downloads(raw, f"response-plans-{office}", "country-funding-data")


def _priorities(office: str) -> None:
    st.subheader(t("country.priorities_heading"))
    tables = [data.optional(n) for n in ("priorities", "priority_themes", "themes")]
    if any(tb is None for tb in tables):
        return
    priorities, priority_themes, themes = tables
    texts = data.derived(queries.office_priorities, data.PRIORITIES, data.PRIORITY_THEMES, office)
    if texts.empty:
        st.info(t("country.priorities_none"))
        return
    theme_names = dict(zip(themes["theme_id"], themes[name_col], strict=True))
    counts = data.derived(
        queries.theme_counts, data.PRIORITIES, data.PRIORITY_THEMES, data.THEMES, office
    )  # most first, zeros left out
    fig = figure(
        charts.ranked_bar,
        counts[name_col].tolist(),
        counts["priorities"].tolist(),
        value_texts=[format_int(c, lang) for c in counts["priorities"]],
        x_title=t("country.axis_texts"),
        title=t("country.themes_chart_title"),
        large=presenting,
        lang=lang,
        xaxes={"dtick": 1},
        traces={"textangle": 0},  # small counts stay upright inside short bars
    )
    st.plotly_chart(fig, key="country-themes", config={"displaylogo": False})
    st.caption(t("country.themes_note"))
    source_caption([*texts["source_id"], *counts["source_id"]])
    if presenting:
        return
    data_view(
        lambda: pd.DataFrame(
            {t("country.col_theme"): counts[name_col], t("country.col_texts"): counts["priorities"]}
        ),
        f"themes-{office}",
        "country-themes-data",
    )

    present = [i for i in themes["theme_id"] if any(i in ids for ids in texts["theme_ids"])]
    chosen = state.query_choices("themes", present)
    st.session_state["country_themes"] = chosen
    st.multiselect(
        t("country.filter_themes"),
        present,
        format_func=theme_names.get,
        key="country_themes",
        on_change=lambda: state.set_query(themes=st.session_state["country_themes"]),
        placeholder=t("country.filter_placeholder"),
    )
    if chosen:
        texts = texts[texts["theme_ids"].map(lambda ids: any(i in ids for i in chosen))]
        st.caption(t("country.filter_count", shown=len(texts)))
    st.caption(t("country.priorities_note"))

    if office == queries.REGIONAL_OFFICE:
        pillar_names = dict(zip(pillars["pillar_id"], pillars[name_col], strict=True))
        for _, row in texts.iterrows():
            st.markdown(f"##### {escape_markdown(pillar_names.get(row['pillar'], row['pillar']))}")
            st.markdown(escape_markdown(row["text"]))
            st.markdown(_badges(row["theme_ids"], theme_names))
    else:
        for _, row in texts.iterrows():
            if row["kind"] == "intro":
                st.markdown(f"*{escape_markdown(row['text'])}*")
            else:
                st.markdown("- " + escape_markdown(row["text"]))
            st.markdown(_badges(row["theme_ids"], theme_names))
    if texts.empty:
        st.info(t("country.filter_none"))
    source_caption(texts["source_id"])


def _events(office: str) -> None:
    st.subheader(t("country.events_heading"))
    events = data.optional("events")
    participants = data.optional("event_participants")
    if events is None or participants is None:
        return
    rows = data.derived(
        queries.office_events, data.EVENTS, data.EVENT_PARTICIPANTS, office,
        regional_office=office == queries.REGIONAL_OFFICE,
    )
    if rows.empty:
        st.info(t("country.events_none", name=names[office]))
        return
    for _, row in rows.iterrows():
        start, end = row["start_date"], row["end_date"]
        if pd.isna(end):
            when = t("country.event_since", date=format_date(start, lang))
        elif start == end:
            when = format_date(start, lang)
        else:
            when = t("country.event_dates", start=format_date(start, lang), end=format_date(end, lang))
        place = (
            t("country.event_online")
            if row["city"] == "online"
            else (row["city"] if pd.notna(row["city"]) else "")
        )
        details = [when, place, t(f"country.role_{row['role']}")]
        if pd.notna(row["participant_count"]):
            unit = row["participant_unit"] if row["participant_unit"] in ("countries", "officials") else None
            key = f"country.event_unit_{unit}" if unit else "country.event_participants"
            details.append(t(key, count=format_int(row["participant_count"], lang)))
        st.markdown(f"**{escape_markdown(row['title'])}**")
        st.caption(" · ".join(escape_markdown(d) for d in details if d))
        source_caption([row["source_id"]])


def _brief_button(office: str) -> None:
    st.download_button(
        t("country.brief_download"),
        data=lambda: _brief_bytes(office, lang),
        file_name=f"brief-{office.lower()}-{lang}.pptx",
        mime=PPTX_MIME,
        on_click="ignore",
        icon=":material/slideshow:",
        key=f"country-brief-{office}-{lang}",
        help=t("country.brief_help"),
    )


def profile(office: str) -> None:
    left, right = st.columns([2, 1], gap="large")
    with left:
        _headline(office)
        _displacement(office)
    with right:
        _locator(office)
    _pillars(office)
    _funding(office)
    _priorities(office)
    if not presenting:
        _events(office)


# --- comparison -------------------------------------------------------------------------------------------


def compare(offices: list[str]) -> None:
    if len(offices) < 2:
        st.info(t("country.compare_pick_more", limit=MAX_COMPARE))
        return
    labels = [names[e] for e in offices]
    by_id = totals.set_index("entity_id")
    displacement = data.optional("displacement")
    latest = data.derived(
        queries.latest_dtm_by_country, data.DISPLACEMENT
    ) if displacement is not None else None
    latest = None if latest is None else latest.set_index("entity_id")
    columns = st.columns(len(offices))
    for col, office in zip(columns, offices, strict=True):
        row = by_id.loc[office]
        with col:
            st.markdown(f"**{escape_markdown(names[office])}**")
            st.metric(t("country.appeal_total"), format_usd(row["amount_usd"], lang))
            st.caption(
                t(
                    "country.compare_rank",
                    rank=int(row["rank"]),
                    total=len(totals),
                    share=format_pct(row["share"], lang),
                )
            )
            if latest is not None and office in latest.index:
                st.metric(t("country.dtm_latest"), format_int(latest.loc[office, "value"], lang))
                st.caption(
                    t(
                        "country.dtm_single",
                        no=int(latest.loc[office, "dashboard_no"]),
                        date=format_date(latest.loc[office, "as_of"], lang),
                    )
                )
            else:
                st.metric(t("country.dtm_latest"), "–", help=t("country.compare_dtm_unknown"))
    sources = [by_id.loc[o, "source_id"] for o in offices]
    if latest is not None:
        sources += [latest.loc[o, "source_id"] for o in offices if o in latest.index]
    source_caption(sources)

    st.subheader(t("country.pillars_heading"))
    table = data.derived(queries.comparison_pillars, data.APPEAL, data.PILLARS, offices)
    pillar_ids = list(dict.fromkeys(table["pillar_id"]))
    pillar_labels = [table.loc[table["pillar_id"] == p, name_col].iloc[0] for p in pillar_ids]
    amounts = table.pivot(index="entity_id", columns="pillar_id", values="amount_usd")
    values = [[int(amounts.loc[o, p]) for p in pillar_ids] for o in offices]
    fig = figure(
        charts.grouped_pillar_bars,
        labels,
        pillar_labels,
        pillar_ids,
        values,
        [[format_usd(v, lang) for v in row] for row in values],
        y_title=t("country.axis_usd"),
        tick_prefix="$" if lang == "en" else "",
        tick_suffix="" if lang == "en" else "\u00a0$",
        large=presenting,
        lang=lang,
    )
    st.plotly_chart(fig, key="country-compare-pillars", config={"displaylogo": False})
    source_caption(table["source_id"].dropna())
    if not presenting:
        data_view(
            lambda: pd.DataFrame(
                {
                    t("country.col_office"): table["entity_id"].map(names),
                    t("country.col_pillar"): table[name_col],
                    t("country.col_requirement_usd"): table["amount_usd"].astype("int64"),
                }
            ),
            "appeal-by-pillar-" + "-".join(offices),
            "country-compare-pillars-data",
        )

    st.subheader(t("country.compare_themes_heading"))
    tables = [data.optional(n) for n in ("priorities", "priority_themes", "themes")]
    if any(tb is None for tb in tables):
        return
    priorities, priority_themes, themes = tables
    matrix = data.derived(
        queries.theme_matrix, data.PRIORITIES, data.PRIORITY_THEMES, data.THEMES, data.ENTITIES
    )
    grid = matrix.pivot(index="entity_id", columns="theme_id", values="count")
    ordered = data.derived(
        queries.ordered_themes, data.THEMES, data.PILLARS
    )  # grouped by pillar, as on the themes page
    theme_order = ordered["theme_id"].tolist()
    theme_labels = ordered[name_col].tolist()
    fig = figure(
        charts.grouped_theme_bars,
        theme_labels,
        labels,
        [[int(grid.loc[o, i]) for i in theme_order] for o in offices],
        x_title=t("country.axis_texts"),
        large=presenting,
        lang=lang,
    )
    st.plotly_chart(fig, key="country-compare-themes", config={"displaylogo": False})
    st.caption(t("country.themes_note"))
    source_caption(
        [*priorities.loc[priorities["entity_id"].isin(offices), "source_id"], *priority_themes["source_id"]]
    )
    if not presenting:

        def shown() -> pd.DataFrame:
            frame = pd.DataFrame({t("country.col_theme"): theme_labels})
            for office, label in zip(offices, labels, strict=True):
                frame[label] = [int(grid.loc[office, i]) for i in theme_order]
            return frame

        data_view(shown, "themes-" + "-".join(offices), "country-compare-themes-data")


# --- page -------------------------------------------------------------------------------------------------

mode = st.session_state["country_mode"]
st.title(t("country.compare_title") if mode == "compare" else t("country.title", name=names[entity_id]))
controls = st.columns([5, 3, 4], vertical_alignment="bottom")
with controls[1]:
    st.radio(
        t("country.mode"),
        ("profile", "compare"),
        format_func=lambda m: t(f"country.mode_{m}"),
        key="country_mode",
        horizontal=True,
        on_change=_mode_picked,
    )
with controls[0]:
    if mode == "compare":
        st.multiselect(
            t("country.compare_pick", limit=MAX_COMPARE),
            office_ids,
            format_func=names.get,
            key="compare_pick",
            max_selections=MAX_COMPARE,
            on_change=_compare_picked,
            placeholder=t("country.compare_placeholder"),
        )
    else:
        st.selectbox(
            t("country.pick"),
            office_ids,
            format_func=names.get,
            key="country_pick",
            on_change=_country_picked,
        )
if mode == "profile" and not presenting:
    with controls[2]:
        _brief_button(entity_id)

if mode == "compare":
    compare(compare_ids)
else:
    profile(entity_id)
