"""The themes page's sections: one theme in detail (its countries, map, the appeal under its pillar, its
priorities as written), the region's own principles and objectives, and how themes are assigned.

Names and the found-words captions that every tab uses are here too; the matrix is in themes_matrix.py,
the search in themes_search.py, the priorities' texts in the reader's language in themes_text.py. Builders
are cached on their arguments and return complete results that nobody modifies afterwards; renderers draw
them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import charts, data, maps, queries, search, table_format
from dashboard.components import data_view, downloads, freeze, show_map, source_caption
from dashboard.i18n import format_int, format_usd, name_column, translate
from dashboard.sections.themes_text import (
    original_markdown,
    priority_texts,
    text_columns,
    text_markdown,
    translation_controls,
)
from i18n import colon

esc = search.escape_markdown
CHART_CONFIG = {"displaylogo": False}


# --- names and captions every tab uses ------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def ordered_themes() -> pd.DataFrame:
    """queries.ordered_themes: themes grouped by MiGOF pillar."""
    return queries.ordered_themes(data.load("themes"), data.load("pillars"))


@dataclass(frozen=True)
class Names:
    """Names in one language, by id (read-only mappings, shared by sessions)."""

    theme_ids: tuple[str, ...]  # pillar by pillar, the taxonomy's order within one
    themes: Mapping[str, str]
    theme_pillar: Mapping[str, str]
    pillars: Mapping[str, str]
    offices: Mapping[str, str]
    office_kinds: Mapping[str, str]

    def theme_label(self, theme_id: str, lang: str) -> str:
        """"Border management (O3)": the theme and its pillar, for the theme chooser."""
        return f"{self.themes[theme_id]} ({pillar_short(self.theme_pillar[theme_id], lang)})"

    def pillar_label(self, pillar: str, lang: str) -> str:
        """"O3 — <the pillar's name>" (not escaped)."""
        return f"{pillar_short(pillar, lang)} — {self.pillars.get(pillar, pillar)}"


@st.cache_resource(show_spinner=False, max_entries=4)
def names(lang: str) -> Names:
    ordered, pillars, entities = ordered_themes(), data.load("pillars"), data.load("entities")
    name = name_column(lang)
    return Names(
        theme_ids=tuple(ordered["theme_id"]),
        themes=MappingProxyType(dict(zip(ordered["theme_id"], ordered[name], strict=True))),
        theme_pillar=MappingProxyType(dict(zip(ordered["theme_id"], ordered["pillar"], strict=True))),
        pillars=MappingProxyType(dict(zip(pillars["pillar_id"], pillars[name], strict=True))),
        offices=MappingProxyType(dict(zip(entities["entity_id"], entities[name], strict=True))),
        office_kinds=MappingProxyType(dict(zip(entities["entity_id"], entities["kind"], strict=True))),
    )


def pillar_short(pillar: str, lang: str) -> str:
    return translate(f"themes.pillar_short.{pillar}", lang)


@st.cache_resource(show_spinner=False)
def priority_sources() -> tuple[str, ...]:
    """Every list or figure of priorities cites the document and the project's taxonomy that tagged them."""
    return (*data.load("priorities")["source_id"].unique(), *data.load("themes")["source_id"].unique())


@st.cache_resource(show_spinner=False, max_entries=4)
def found_words(lang: str) -> Mapping[tuple[str, str | None], str]:
    """"Themes: <name> (words found: …); …" of every tagged priority, by (priority_id, None) for all its
    themes and by (priority_id, theme_id) for one: the tagging shown, so it can be challenged. Complete
    when returned (read-only, shared by sessions)."""
    texts = dict(zip(data.load("priorities")["priority_id"], data.load("priorities")["text"], strict=True))
    labels = queries.priority_theme_names(data.load("priority_themes"), ordered_themes())
    parts: dict[str, list[tuple[str, str]]] = {}  # priority_id -> [(theme_id, "name (words found: …)")]
    for priority_id, theme_id, theme_name, matched in zip(
        labels["priority_id"], labels["theme_id"], labels[name_column(lang)], labels["matched"], strict=True
    ):
        words = ", ".join(esc(w) for w in search.rule_hits(texts[priority_id], matched))
        part = translate("themes.theme_found", lang, theme=esc(theme_name), words=words)
        parts.setdefault(priority_id, []).append((theme_id, part))
    captions: dict[tuple[str, str | None], str] = {}
    for priority_id in texts:
        mine = parts.get(priority_id, [])
        every = "; ".join(part for _, part in mine)
        captions[(priority_id, None)] = translate("themes.themes_found", lang, items=every)
        for theme_id, part in mine:
            captions[(priority_id, theme_id)] = translate("themes.themes_found", lang, items=part)
    return MappingProxyType(captions)


# --- one theme ------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def theme_countries(theme_id: str, lang: str) -> pd.DataFrame:
    """queries.theme_offices' countries (entity_id, names, count), by name in `lang` (accents ignored)."""
    offices = queries.theme_offices(
        data.load("priorities"), data.load("priority_themes"), data.load("entities"), theme_id
    )
    countries = offices[offices["kind"] == "country"]
    order = countries[name_column(lang)].map(search.normalise).sort_values(kind="stable").index
    return countries.loc[order].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def theme_regional_offices(theme_id: str) -> list[str]:
    offices = queries.theme_offices(
        data.load("priorities"), data.load("priority_themes"), data.load("entities"), theme_id
    )
    return offices.loc[offices["kind"] != "country", "entity_id"].tolist()


@st.cache_data(show_spinner=False)
def theme_priorities(theme_id: str) -> pd.DataFrame:
    return queries.theme_priorities(
        data.load("priorities"), data.load("priority_themes"), data.load("entities"), theme_id
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def theme_map(theme_id: str, lang: str) -> maps.MapSpec:
    """The countries coloured by their number of priorities under the theme (none: grey)."""
    entities, countries = data.load("entities"), theme_countries(theme_id, lang)
    name = name_column(lang)
    map_values = entities.loc[entities["kind"] == "country", ["entity_id", name]].merge(
        countries[["entity_id", "count"]], on="entity_id", how="left"
    )
    map_values["count"] = map_values["count"].astype("float64")  # no priority: NaN, drawn grey
    most = max(float(map_values["count"].max()), 1.0) if countries["count"].any() else 1.0
    geometry = data.boundaries(lang)
    return maps.choropleth_map(
        map_values,
        "count",
        geometry,
        hover_name_col=name,
        colorscale=[[0.0, "#9ECAE1"], [1.0, "#08519C"]],
        colorbar_title=translate("themes.priorities_axis", lang),
        value_text=lambda v: format_int(v, lang),
        ticks=list(range(int(most) + 1)),  # counts are whole numbers: one tick each
        zmin=0,
        zmax=most,
        missing_label=translate("themes.map_none", lang),
        context_label=translate("themes.map_context", lang),
        frame=maps.region_frame(geometry),
        lang=lang,
        label=f"{names(lang).themes[theme_id]}{colon(lang)}{translate('themes.priorities_axis', lang)}",
    )


@st.cache_data(show_spinner=False, max_entries=64)
def theme_appeal(theme_id: str, lang: str) -> pd.DataFrame:
    """The theme's countries' 2020 requirement under the theme's pillar (the appeal has no theme
    breakdown): queries.theme_pillar_appeal."""
    countries = tuple(theme_countries(theme_id, lang)["entity_id"])
    pillar = names(lang).theme_pillar[theme_id]
    return queries.theme_pillar_appeal(data.load("appeal"), data.load("entities"), countries, pillar)


@st.cache_resource(show_spinner=False, max_entries=64)
def appeal_figure(theme_id: str, lang: str) -> go.Figure:
    amounts = theme_appeal(theme_id, lang)
    pillar = names(lang).theme_pillar[theme_id]
    fig = charts.ranked_bar(
        amounts[name_column(lang)].tolist(),
        amounts["amount_usd"].astype("float64").tolist(),
        value_texts=[format_usd(v, lang) for v in amounts["amount_usd"]],
        keys=amounts["entity_id"].tolist(),
        x_title=translate("themes.appeal_axis", lang, pillar=pillar_short(pillar, lang)),
    )
    return freeze(charts.localise(fig, lang))


@st.cache_resource(show_spinner=False, max_entries=64)
def priority_list(theme_id: str, lang: str, with_original: bool = False) -> tuple[tuple[str, str], ...]:
    """(office, markdown) of every office with priorities under the theme, the regional office first: its
    name and count in bold, then each priority a bullet (its text in `lang`, the English original under it
    if `with_original`) with its found words in small grey under it. One block per office: ~20 elements
    instead of ~120."""
    items, shown_names, captions = theme_priorities(theme_id), names(lang), found_words(lang)
    texts = priority_texts(lang)
    items_by_office = dict(tuple(items.groupby("entity_id", sort=False)))
    blocks = []
    for entity_id in [*theme_regional_offices(theme_id), *theme_countries(theme_id, lang)["entity_id"]]:
        office_items = items_by_office.get(entity_id, items.iloc[:0])
        lines = [f"**{esc(shown_names.offices[entity_id])}** ({format_int(len(office_items), lang)})", ""]
        # zip over columns: itertuples indexes every column per call, slow on 20 small frames
        for pillar, priority_id in zip(office_items["pillar"], office_items["priority_id"], strict=True):
            prefix = f"*{pillar_short(pillar, lang)}* — " if isinstance(pillar, str) and pillar else ""
            item = texts[priority_id]
            lines.append(f"- {prefix}{text_markdown(item, lang)}\n")
            if with_original and item.translated:
                lines.append(f"  {original_markdown(item, lang)}\n")
            lines.append(f"  :small[:gray[{captions[(priority_id, theme_id)]}]]")
        blocks.append((entity_id, "\n".join(lines)))
    return tuple(blocks)


def show_theme(theme_id: str, lang: str) -> None:
    """The theme's pillar and description, its numbers, countries, map, appeal and priorities."""
    shown_names = names(lang)
    theme = ordered_themes().set_index("theme_id").loc[theme_id]
    pillar = theme["pillar"]
    st.markdown(
        translate("themes.theme_pillar", lang, pillar=esc(shown_names.pillar_label(pillar, lang)))
        + "  \n"
        + esc(theme[f"description_{lang}"])
    )
    countries, items = theme_countries(theme_id, lang), theme_priorities(theme_id)
    count_col, priorities_col, appeal_col = st.columns(3)
    count_col.metric(translate("themes.metric_countries", lang), format_int(len(countries), lang))
    priorities_col.metric(translate("themes.metric_priorities", lang), format_int(len(items), lang))
    listed = ", ".join(esc(n) for n in countries[name_column(lang)]) or translate("themes.none", lang)
    count = format_int(len(countries), lang)
    st.markdown(translate("themes.countries_list", lang, count=count) + " " + listed)
    if theme_regional_offices(theme_id):
        regional_pillars = items.loc[items["kind"] != "country", "pillar"].dropna().unique()
        pillars = ", ".join(pillar_short(p, lang) for p in regional_pillars)
        st.markdown(translate("themes.regional_too", lang, pillars=pillars))
    # The map first: it draws before plotly's bundle has loaded.
    if data.optional_boundaries() is not None:
        show_map(theme_map(theme_id, lang), key="themes-map")
        source_caption(priority_sources())
    show_theme_appeal(theme_id, lang, appeal_col)
    show_priority_list(theme_id, lang)


def show_theme_appeal(theme_id: str, lang: str, metric_col: DeltaGenerator) -> None:
    """The requirement of the theme's countries under the theme's pillar: a metric in `metric_col`, a bar
    per country and its table."""
    pillar = names(lang).theme_pillar[theme_id]
    metric_label = translate("themes.metric_appeal", lang, pillar=pillar_short(pillar, lang))
    if data.optional("appeal") is None:
        metric_col.metric(metric_label, "–")
        return
    amounts = theme_appeal(theme_id, lang)
    pillar_label = names(lang).pillar_label(pillar, lang)
    total = format_usd(amounts["amount_usd"].sum(), lang) if len(amounts) else "–"
    metric_col.metric(metric_label, total, help=translate("themes.appeal_note", lang, pillar=pillar_label))
    st.subheader(translate("themes.appeal_heading", lang))
    st.markdown(translate("themes.appeal_note", lang, pillar=esc(pillar_label)))
    if not len(amounts):
        return
    st.plotly_chart(appeal_figure(theme_id, lang), key="themes-appeal", config=CHART_CONFIG)
    st.markdown(translate("themes.appeal_total", lang, count=format_int(len(amounts), lang), amount=total))
    source_caption(amounts["source_id"])
    columns = {
        name_column(lang): translate("themes.col.office", lang),
        "amount_usd": translate("themes.col.pillar_usd", lang, pillar=pillar_short(pillar, lang)),
    }
    data_view(lambda: amounts[list(columns)].rename(columns=columns), f"appeal-{pillar}-{theme_id}",
              key="themes-appeal-data")


def show_priority_list(theme_id: str, lang: str) -> None:
    """Every office's priorities under the theme, in the reader's language, with the words that tagged
    them."""
    shown_names = names(lang)
    st.subheader(translate("themes.fr_text.list_heading", lang, theme=esc(shown_names.themes[theme_id])))
    st.caption(translate("themes.fr_text.list_intro", lang))
    with_original = translation_controls(lang, key="themes-list-original")
    with st.container(height=640):
        for entity_id, text in priority_list(theme_id, lang, with_original):
            st.markdown(text)
            if shown_names.office_kinds.get(entity_id) == "country":
                st.page_link(
                    "app_pages/country.py",
                    label=translate("themes.country_link", lang, country=shown_names.offices[entity_id]),
                    query_params={"country": entity_id, "lang": lang},
                    icon=":material/flag:",
                )
    source_caption(priority_sources())

    def table() -> pd.DataFrame:
        items = theme_priorities(theme_id)
        return pd.DataFrame({
            translate("themes.col.office", lang): items[name_column(lang)],
            translate("themes.col.priority_id", lang): items["priority_id"],
            **text_columns(items["priority_id"], lang),
            translate("themes.col.matched", lang): items["matched"],
        })  # fmt: skip

    data_view(table, f"priorities-{theme_id}", key="themes-list-data")


# --- the region's own priorities; how themes are assigned ---------------------------------------------


@st.cache_data(show_spinner=False)
def regional_statements() -> pd.DataFrame:
    return queries.regional_statements(data.load("priorities"), data.load("pillars"))


def show_regional(lang: str) -> None:
    """The regional section's principles and objectives in the reader's language, one expander per
    pillar."""
    captions, texts = found_words(lang), priority_texts(lang)
    with_original = translation_controls(lang, key="themes-regional-original")
    for row in regional_statements().itertuples():
        label = f"{pillar_short(row.pillar, lang)} — {getattr(row, 'pillar_name_' + lang)}"
        item = texts[row.priority_id]
        with st.expander(esc(label)):
            st.markdown(text_markdown(item, lang))
            if with_original and item.translated:
                st.markdown(original_markdown(item, lang))
            st.caption(captions[(row.priority_id, None)])
    source_caption(priority_sources())


@st.cache_data(show_spinner=False, max_entries=4)
def theme_definitions(lang: str) -> pd.DataFrame:
    """Every theme with its pillar, description, rules and how many priorities and offices it tags."""
    priorities, priority_themes = data.load("priorities"), data.load("priority_themes")
    ordered = ordered_themes()
    per_theme = priority_themes.merge(priorities[["priority_id", "entity_id"]], on="priority_id")
    counts = per_theme.groupby("theme_id").agg(
        priorities=("priority_id", "nunique"), offices=("entity_id", "nunique")
    )
    tagged = {column: ordered["theme_id"].map(counts[column]).fillna(0).astype("int64") for column in counts}
    shown_names = names(lang)
    return pd.DataFrame({
        translate("themes.col.theme", lang): ordered[name_column(lang)],
        translate("themes.col.pillar", lang): [shown_names.pillar_label(p, lang) for p in ordered["pillar"]],
        translate("themes.col.description", lang): ordered[f"description_{lang}"],
        translate("themes.col.keywords", lang): ordered["keywords"],
        translate("themes.col.search_terms_fr", lang): ordered["search_terms_fr"],
        translate("themes.col.priorities", lang): tagged["priorities"],
        translate("themes.col.offices", lang): tagged["offices"],
    })  # fmt: skip


def show_method(lang: str) -> None:
    definitions = theme_definitions(lang)
    table_format.show(definitions, lang)
    source_caption(data.load("themes")["source_id"])
    downloads(definitions, "themes-definitions", key="themes-definitions-data")
