"""Themes: what the region asks for, theme by theme.

A country x theme matrix grouped by MiGOF pillar; one theme in detail (map, countries, the priorities as
written, the appeal of those countries under the theme's pillar); the regional section's own principles
and objectives; a text search over every priority; and how themes are assigned, so the tagging can be
checked and challenged.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, maps, queries, search, state
from dashboard.components import data_view, downloads, figure, freeze, show_map, source_caption
from dashboard.i18n import current_language, format_int, format_usd, name_column, t

MAX_RESULTS = 25  # results drawn at once; the table view and downloads hold all of them
esc = search.escape_markdown

lang = current_language()
name = name_column()
presenting = state.presenting()

st.title(t("themes.title"))
st.write(t("themes.intro"))

priorities, priority_themes, themes, pillars, entities = data.require(
    "priorities", "priority_themes", "themes", "pillars", "entities"
)
ordered = data.derived(queries.ordered_themes, data.THEMES, data.PILLARS)
theme_ids = ordered["theme_id"].tolist()
theme_names = dict(zip(ordered["theme_id"], ordered[name], strict=True))
theme_pillar = dict(zip(ordered["theme_id"], ordered["pillar"], strict=True))
pillar_names = dict(zip(pillars["pillar_id"], pillars[name], strict=True))
office_names = dict(zip(entities["entity_id"], entities[name], strict=True))
office_kinds = dict(zip(entities["entity_id"], entities["kind"], strict=True))


@data.build_once
def found_words(language: str) -> dict[tuple[str, str | None], str]:
    """Captions of found words by (priority_id, theme or None), filled as pages ask for them and shared
    by sessions (the tagging is fixed for the life of the process)."""
    return {}


@data.build_once
def priority_labels(language: str) -> dict[str, list[tuple[str, str, str]]]:
    """(theme_id, theme name, matched rule) of every tagged priority, by priority_id."""
    labels = data.derived(queries.priority_theme_names, data.PRIORITY_THEMES, ordered)
    by_priority: dict[str, list[tuple[str, str, str]]] = {}
    for row in labels[["priority_id", "theme_id", name_column(language), "matched"]].itertuples(index=False):
        by_priority.setdefault(row[0], []).append((row[1], row[2], row[3]))
    return by_priority


texts_by_id = dict(zip(priorities["priority_id"], priorities["text"], strict=True))
known_captions = found_words(lang)
# Every list or figure of priorities cites the document and the project's taxonomy that tagged them.
PRIORITY_SOURCES = [*priorities["source_id"].unique(), *themes["source_id"].unique()]


def pillar_short(pillar: str) -> str:
    return t(f"themes.pillar_short.{pillar}")


def sync_widget(key: str, value: object) -> None:
    """The widget shows the URL's (validated) value; its on_change writes the URL back (write_url)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def write_url(param: str, key: str) -> None:
    state.set_query(**{param: st.session_state.get(key)})


def found_words_caption(priority_id: str, only: str | None = None) -> str:
    """ "Themes: <name> (words found: …); …" for one priority: the tagging shown, so it can be challenged.
    Made once per language (a regular-expression search over the text); a rerun only looks it up."""
    caption = known_captions.get((priority_id, only))
    if caption is None:
        caption = known_captions[(priority_id, only)] = _found_words_caption(priority_id, only)
    return caption


def _found_words_caption(priority_id: str, only: str | None) -> str:
    parts = []
    for theme_id, theme_name, matched in priority_labels(lang).get(priority_id, []):
        if only is not None and theme_id != only:
            continue
        words = search.rule_hits(texts_by_id[priority_id], matched)
        parts.append(t("themes.theme_found", theme=esc(theme_name), words=", ".join(esc(w) for w in words)))
    return t("themes.themes_found", items="; ".join(parts))


# --- the page's views, one tab each: only the open tab runs (a rerun pays for what is shown) ---------

VIEWS = ("theme", "matrix") if presenting else ("theme", "matrix", "regional", "search", "method")
# A search link (?q=, filters) opens the search tab; otherwise the theme in detail.
searching = any(st.query_params.get(p) for p in ("q", "q_countries", "q_themes"))
view = state.query_choice(
    "view",
    VIEWS,
    "search" if searching and not presenting else "theme",
    normalise=lambda v: v.strip().lower(),
)
view_labels = {v: t(f"themes.tab.{v}") for v in VIEWS}


def _view_changed() -> None:
    picked = {label: v for v, label in view_labels.items()}.get(st.session_state.get("themes-view"))
    state.set_query(view=picked)


if presenting:
    # Projected: the theme, then the matrix, one after the other; no tab to click.
    tabs = {v: st.container() for v in VIEWS}
    is_open = dict.fromkeys(VIEWS, True)
else:
    tabs = dict(
        zip(
            VIEWS,
            st.tabs(
                list(view_labels.values()),
                key="themes-view",
                default=view_labels[view],
                on_change=_view_changed,
            ),
            strict=True,
        )
    )
    is_open = {v: tab.open for v, tab in tabs.items()}

# --- one theme: first, so its map draws before plotly's bundle has loaded ----------------------------
if is_open["theme"]:
    with tabs["theme"]:
        st.header(t("themes.theme_heading"))
        theme_id = state.query_choice("theme", theme_ids, theme_ids[0])
        sync_widget("themes-theme", theme_id)
        st.selectbox(
            t("themes.theme_choice"),
            theme_ids,
            format_func=lambda i: f"{theme_names[i]} ({pillar_short(theme_pillar[i])})",
            key="themes-theme",
            on_change=write_url,
            args=("theme", "themes-theme"),
        )
        theme = ordered[ordered["theme_id"] == theme_id].iloc[0]
        pillar = theme["pillar"]
        st.markdown(
            t(
                "themes.theme_pillar",
                pillar=f"{pillar_short(pillar)} — {esc(pillar_names.get(pillar, pillar))}",
            )
            + "  \n"
            + esc(theme[f"description_{lang}"])
        )

        by_office = data.derived(
            queries.theme_offices, data.PRIORITIES, data.PRIORITY_THEMES, data.ENTITIES, theme_id
        )
        countries = by_office[by_office["kind"] == "country"].copy()
        countries["_key"] = countries[name].map(search.normalise)
        countries = countries.sort_values("_key")
        regional = by_office[by_office["kind"] != "country"]
        items = data.derived(
            queries.theme_priorities, data.PRIORITIES, data.PRIORITY_THEMES, data.ENTITIES, theme_id
        )

        count_col, priorities_col, appeal_col = st.columns(3)
        count_col.metric(t("themes.metric_countries"), format_int(len(countries)))
        priorities_col.metric(t("themes.metric_priorities"), format_int(len(items)))
        st.markdown(
            t("themes.countries_list", count=format_int(len(countries)))
            + " "
            + (", ".join(esc(n) for n in countries[name]) if len(countries) else t("themes.none"))
        )
        if len(regional):
            regional_items = items[items["kind"] != "country"]
            st.markdown(
                t(
                    "themes.regional_too",
                    pillars=", ".join(pillar_short(p) for p in regional_items["pillar"].dropna().unique()),
                )
            )

        geometry = data.optional_boundaries()

        @data.build_once
        def theme_map(theme_id: str, language: str) -> maps.MapSpec:
            """The theme's map for one language, built once (never modified after: shared by sessions)."""
            map_values = entities.loc[entities["kind"] == "country", ["entity_id", name]].merge(
                countries[["entity_id", "count"]], on="entity_id", how="left"
            )
            map_values["count"] = map_values["count"].astype("float64")  # no priority: NaN, drawn grey
            most = max(float(map_values["count"].max()), 1.0) if countries["count"].any() else 1.0
            return maps.choropleth_map(
                map_values,
                "count",
                geometry,
                hover_name_col=name,
                colorscale=[[0.0, "#9ECAE1"], [1.0, "#08519C"]],
                colorbar_title=t("themes.priorities_axis"),
                value_text=lambda v: format_int(v, language),
                ticks=list(range(int(most) + 1)),  # counts are whole numbers: one tick each
                zmin=0,
                zmax=most,
                missing_label=t("themes.map_none"),
                context_label=t("themes.map_context"),
                frame=maps.region_frame(geometry),
                label=f"{theme_names[theme_id]}: {t('themes.priorities_axis')}",
            )

        if geometry is not None:
            show_map(theme_map(theme_id, lang), key="themes-map")
            source_caption(PRIORITY_SOURCES)

        # The appeal has no theme breakdown: the theme's countries with their requirement under the
        # theme's pillar.
        try:
            appeal = data.load("appeal")
        except data.TableUnavailable as err:
            appeal_col.metric(t("themes.metric_appeal", pillar=pillar_short(pillar)), "–")
            st.warning(t("common.table_unavailable", name=err.name, reason=err.reason))
        else:
            amounts = data.derived(
                queries.theme_pillar_appeal, data.APPEAL, data.ENTITIES, tuple(countries["entity_id"]), pillar
            )
            pillar_label = f"{pillar_short(pillar)} — {pillar_names.get(pillar, pillar)}"
            appeal_col.metric(
                t("themes.metric_appeal", pillar=pillar_short(pillar)),
                format_usd(amounts["amount_usd"].sum()) if len(amounts) else "–",
                help=t("themes.appeal_note", pillar=pillar_label),
            )
            st.subheader(t("themes.appeal_heading"))
            st.markdown(t("themes.appeal_note", pillar=esc(pillar_label)))
            if len(amounts):
                st.plotly_chart(
                    figure(
                        charts.ranked_bar,
                        amounts[name].tolist(),
                        amounts["amount_usd"].astype("float64").tolist(),
                        value_texts=[format_usd(v) for v in amounts["amount_usd"]],
                        keys=amounts["entity_id"].tolist(),
                        x_title=t("themes.appeal_axis", pillar=pillar_short(pillar)),
                        large=presenting,
                        lang=lang,
                    ),
                    key="themes-appeal",
                    config={"displaylogo": False},
                )
                st.markdown(
                    t(
                        "themes.appeal_total",
                        count=format_int(len(amounts)),
                        amount=format_usd(amounts["amount_usd"].sum()),
                    )
                )
                source_caption(amounts["source_id"])
                if not presenting:
                    data_view(
                        lambda: amounts[[name, "amount_usd"]].rename(
                            columns={
                                name: t("themes.col.office"),
                                "amount_usd": t("themes.col.pillar_usd", pillar=pillar_short(pillar)),
                            }
                        ),
                        f"appeal-{pillar}-{theme_id}",
                        key="themes-appeal-data",
                    )

        @data.build_once
        def priority_list(theme_id: str, language: str) -> list[tuple[str, str]]:
            """(office, markdown) of every office with priorities under the theme, the regional office
            first: its name and count in bold, then each priority a bullet with its found words in small
            grey under it. One block per office: ~20 elements instead of ~120; made once per theme and
            language."""
            items_by_office = dict(tuple(items.groupby("entity_id", sort=False)))
            blocks = []
            for entity_id in [*regional["entity_id"], *countries["entity_id"]]:
                office_items = items_by_office.get(entity_id, items.iloc[:0])
                count = format_int(len(office_items), language)
                lines = [f"**{esc(office_names[entity_id])}** ({count})", ""]
                # zip over columns: itertuples indexes every column per call, slow on 20 small frames
                for item_pillar, item_text, priority_id in zip(
                    office_items["pillar"], office_items["text"], office_items["priority_id"], strict=True
                ):
                    has_pillar = isinstance(item_pillar, str) and item_pillar
                    prefix = f"*{pillar_short(item_pillar)}* — " if has_pillar else ""
                    words = found_words_caption(priority_id, only=theme_id)
                    lines.append(f"- {prefix}{esc(item_text)}\n\n  :small[:gray[{words}]]")
                blocks.append((entity_id, "\n".join(lines)))
            return blocks

        if not presenting:
            st.subheader(t("themes.list_heading", theme=esc(theme_names[theme_id])))
            st.caption(t("themes.list_intro"))
            with st.container(height=640):
                for entity_id, text in priority_list(theme_id, lang):
                    st.markdown(text)
                    if office_kinds.get(entity_id) == "country":
                        st.page_link(
                            "app_pages/country.py",
                            label=t("themes.country_link", country=office_names[entity_id]),
                            query_params={"country": entity_id, "lang": lang},
                            icon=":material/flag:",
                        )
            source_caption(PRIORITY_SOURCES)
            data_view(
                lambda: items[[name, "priority_id", "text", "matched"]].rename(
                    columns={
                        name: t("themes.col.office"),
                        "priority_id": t("themes.col.priority_id"),
                        "text": t("themes.col.text"),
                        "matched": t("themes.col.matched"),
                    }
                ),
                f"priorities-{theme_id}",
                key="themes-list-data",
            )


# --- the matrix ------------------------------------------------------------------------------------------
if is_open["matrix"]:
    with tabs["matrix"]:
        st.header(t("themes.matrix_heading"))
        st.write(t("themes.matrix_intro"))
        matrix = data.derived(
            queries.theme_matrix, data.PRIORITIES, data.PRIORITY_THEMES, data.THEMES, data.ENTITIES
        )
        office_order = state.query_choice("country_order", queries.OFFICE_ORDERS, "name")
        theme_order = state.query_choice("theme_order", queries.THEME_ORDERS, "taxonomy")
        if not presenting:
            sync_widget("themes-country-order", office_order)
            sync_widget("themes-theme-order", theme_order)
            left, right = st.columns(2)
            left.radio(
                t("themes.country_order"),
                queries.OFFICE_ORDERS,
                format_func=lambda v: t(f"themes.country_order_{v}"),
                horizontal=True,
                key="themes-country-order",
                on_change=write_url,
                args=("country_order", "themes-country-order"),
            )
            right.radio(
                t("themes.theme_order"),
                queries.THEME_ORDERS,
                format_func=lambda v: t(f"themes.theme_order_{v}"),
                horizontal=True,
                key="themes-theme-order",
                on_change=write_url,
                args=("theme_order", "themes-theme-order"),
            )
        offices = queries.office_order(matrix, entities, office_order, lang)
        rows = queries.theme_order(matrix, ordered, theme_order, lang)
        wide = matrix.pivot(index="theme_id", columns="entity_id", values="count").loc[rows, offices]

        @data.build_once
        def matrix_figure(office_order: str, theme_order: str, language: str, large: bool) -> go.Figure:
            """The matrix for one ordering and language, built once (never modified after: shared by
            sessions)."""
            hover = [
                [
                    t(
                        "themes.matrix_hover",
                        office=office_names[office],
                        theme=theme_names[theme],
                        pillar=f"{pillar_short(theme_pillar[theme])} — {pillar_names[theme_pillar[theme]]}",
                        count=format_int(wide.loc[theme, office]),
                    )
                    for office in offices
                ]
                for theme in rows
            ]
            return freeze(
                charts.count_heatmap(
                    wide.to_numpy().tolist(),
                    [office_names[o] for o in offices],
                    [theme_names[th] for th in rows],
                    row_groups=[pillar_short(theme_pillar[th]) for th in rows],
                    hover_texts=hover,
                    colorbar_title=t("themes.priorities_axis"),
                    separate_last_column=office_kinds[offices[-1]] != "country",
                    large=large,
                )
            )

        st.plotly_chart(
            matrix_figure(office_order, theme_order, lang, presenting),
            key="themes-matrix",
            config={"displaylogo": False},
        )
        st.caption(
            " · ".join(
                t("themes.pillar_legend_item", pillar=pillar_short(p), name=esc(pillar_names[p]))
                for p in queries.PILLAR_ORDER
                if p in pillar_names
            )
        )
        source_caption(PRIORITY_SOURCES)
        if not presenting:

            def matrix_table() -> pd.DataFrame:
                table = wide.T.rename(columns=theme_names)
                table.insert(0, t("themes.col.office"), [office_names[o] for o in table.index])
                return table.reset_index(drop=True)

            data_view(matrix_table, "themes-by-office", key="themes-matrix-data")


# --- the region's own priorities --------------------------------------------------------------------------
if is_open.get("regional"):
    with tabs["regional"]:
        st.header(t("themes.regional_heading"))
        st.write(t("themes.regional_intro"))
        statements = data.derived(queries.regional_statements, data.PRIORITIES, data.PILLARS)
        for row in statements.itertuples():
            label = f"{pillar_short(row.pillar)} — {getattr(row, 'pillar_name_' + lang)}"
            with st.expander(esc(label)):
                st.markdown(esc(row.text))
                st.caption(found_words_caption(row.priority_id))
        source_caption(PRIORITY_SOURCES)


# --- search ----------------------------------------------------------------------------------------------
if is_open.get("search"):
    with tabs["search"]:

        def query_text() -> str:
            """?q=, length-limited: an oversized value falls back to no search, with a notice."""
            raw = st.query_params.get("q", "")
            if len(raw) > search.MAX_QUERY_LENGTH:
                st.toast(t("common.param_fallback", param="q", value=raw[:24] + "…"))
                del st.query_params["q"]
                return ""
            return raw

        def kind_label(priority_id: str) -> str:
            return t(f"themes.kind.{kinds_by_id[priority_id]}")

        kinds_by_id = dict(zip(priorities["priority_id"], priorities["kind"], strict=True))

        st.header(t("themes.search_heading"))
        st.write(t("themes.search_intro"))
        query = query_text()
        office_ids = entities["entity_id"].tolist()
        chosen_offices = state.query_choices("q_countries", office_ids)
        chosen_themes = state.query_choices("q_themes", theme_ids)
        sync_widget("themes-q", query)
        sync_widget("themes-q-countries", chosen_offices)
        sync_widget("themes-q-themes", chosen_themes)
        st.text_input(
            t("themes.search_label"),
            key="themes-q",
            max_chars=search.MAX_QUERY_LENGTH,
            placeholder=t("themes.search_placeholder"),
            on_change=write_url,
            args=("q", "themes-q"),
        )
        filter_country, filter_theme = st.columns(2)
        filter_country.multiselect(
            t("themes.filter_countries"),
            office_ids,
            format_func=office_names.get,
            key="themes-q-countries",
            on_change=write_url,
            args=("q_countries", "themes-q-countries"),
            placeholder=t("common.all"),
        )
        filter_theme.multiselect(
            t("themes.filter_themes"),
            theme_ids,
            format_func=theme_names.get,
            key="themes-q-themes",
            on_change=write_url,
            args=("q_themes", "themes-q-themes"),
            placeholder=t("common.all"),
        )

        if query.strip():
            found = search.search_priorities(query, priorities, entities, themes, priority_themes)
        elif chosen_offices or chosen_themes:
            # Filters alone: every priority they keep, nothing highlighted.
            found = pd.DataFrame(
                {"priority_id": priorities["priority_id"], "entity_id": priorities["entity_id"]}
            )
            found = found.assign(in_text=False, in_office=False, via_themes="", spans=[[]] * len(found))
        else:
            found = None

        if found is None:
            st.caption(t("themes.search_hint"))
        else:
            if chosen_offices:
                found = found[found["entity_id"].isin(chosen_offices)]
            if chosen_themes:
                keep = priority_themes.loc[priority_themes["theme_id"].isin(chosen_themes), "priority_id"]
                found = found[found["priority_id"].isin(set(keep))]
            if found.empty:
                st.info(t("themes.search_none"))
            else:
                st.markdown(t("themes.search_count", count=format_int(len(found))))
                if len(found) > MAX_RESULTS:
                    st.caption(t("themes.search_more", shown=format_int(MAX_RESULTS)))
                for hit in found.head(MAX_RESULTS).itertuples():
                    with st.container(border=True):
                        office = esc(office_names.get(hit.entity_id, hit.entity_id))
                        st.markdown(
                            f"**{office}** · {kind_label(hit.priority_id)}  \n"
                            + search.highlight_markdown(texts_by_id[hit.priority_id], hit.spans)
                        )
                        caption = found_words_caption(hit.priority_id)
                        if hit.via_themes:
                            via = ", ".join(esc(theme_names[v]) for v in hit.via_themes.split("; "))
                            caption += "  \n" + t("themes.found_via_terms", themes=via)
                        st.caption(caption)
                source_caption(PRIORITY_SOURCES)

                def search_table() -> pd.DataFrame:
                    theme_labels = data.derived(queries.priority_theme_names, data.PRIORITY_THEMES, ordered)
                    labels = theme_labels.groupby("priority_id")[name].agg("; ".join)
                    results = pd.DataFrame(
                        {
                            t("themes.col.office"): found["entity_id"].map(office_names),
                            t("themes.col.priority_id"): found["priority_id"],
                            t("themes.col.text"): found["priority_id"].map(texts_by_id),
                            t("themes.col.themes"): found["priority_id"].map(labels),
                        }
                    )
                    return results.reset_index(drop=True)

                data_view(search_table, "priorities-search", key="themes-search-data")


# --- how themes are assigned -----------------------------------------------------------------------------
if is_open.get("method"):
    with tabs["method"]:
        st.header(t("themes.method_heading"))
        st.markdown(t("themes.method_intro"))
        per_theme = priority_themes.merge(priorities[["priority_id", "entity_id"]], on="priority_id")
        counts = per_theme.groupby("theme_id").agg(
            priorities=("priority_id", "nunique"), offices=("entity_id", "nunique")
        )
        definitions = pd.DataFrame(
            {
                t("themes.col.theme"): ordered[name],
                t("themes.col.pillar"): [
                    f"{pillar_short(p)} — {pillar_names.get(p, p)}" for p in ordered["pillar"]
                ],
                t("themes.col.description"): ordered[f"description_{lang}"],
                t("themes.col.keywords"): ordered["keywords"],
                t("themes.col.search_terms_fr"): ordered["search_terms_fr"],
                t("themes.col.priorities"): ordered["theme_id"]
                .map(counts["priorities"])
                .fillna(0)
                .astype("int64"),
                t("themes.col.offices"): ordered["theme_id"].map(counts["offices"]).fillna(0).astype("int64"),
            }
        )
        st.dataframe(definitions, hide_index=True, width="stretch")
        source_caption(themes["source_id"])
        downloads(definitions, "themes-definitions", key="themes-definitions-data")
