"""What the briefing pack says: the tables it reads, the office or region it is about, and its figures,
taken from the same query functions as the dashboard's pages (dashboard.queries), so a number on a slide is
never computed another way than on the page. Formatting in the deck's language; no drawing here (see
dashboard.brief.pptx_parts and dashboard.brief.deck), no Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from dashboard import queries
from dashboard.citations import citation
from dashboard.i18n import LANGUAGES, format_date, format_int, format_pct, format_usd, translate
from dashboard.tables import read_table

if TYPE_CHECKING:
    from dashboard.brief.current import CurrentFigures

REGION = "REGION"
TABLES = (
    "sources",
    "entities",
    "pillars",
    "appeal",
    "priorities",
    "priority_themes",
    "themes",
    "displacement",
    "fts_plans",
    "fts_plan_funding",
    "fts_outside_plans",
    "idmc_conflict_idps",
    "unhcr_population",
)
TEXT_LIMIT = 230  # characters of a priority quoted on a slide


class UnknownEntity(ValueError):
    """The code is neither one of the 21 offices nor REGION."""


def load_tables(folder: Path | None = None) -> dict[str, pd.DataFrame]:
    """The tables the pack uses (raises TableUnavailable with the table's name when one is missing)."""
    return {name: read_table(name, folder) for name in TABLES}


def entity_choices(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The codes a pack can be made for: every office, then REGION."""
    return [*tables["entities"]["entity_id"], REGION]


# --- text ----------------------------------------------------------------------------------------------


def tr(lang: str, key: str, **values: object) -> str:
    """A text of the pack's catalogue section (country.brief.<key>) in `lang`."""
    return translate(f"country.brief.{key}", lang, **values)


def shorten(text: str, limit: int = TEXT_LIMIT) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def compact(value: float, lang: str) -> str:
    """A short people count for chart labels: 4.46 M / 4,46 M, 775 k (the exact figure is beside it)."""
    if abs(value) >= 1e6:
        return format_decimal(value / 1e6, format="#,##0.00", locale=lang) + "\u00a0M"
    if abs(value) >= 1e3:
        return format_decimal(round(value / 1e3), format="#,##0", locale=lang) + "\u00a0k"
    return format_int(value, lang)


def month(value: str, lang: str) -> str:
    """Short date for chart categories: Feb 2024 / févr. 2024."""
    return babel_date(dt.date.fromisoformat(str(value)[:10]), format="MMM y", locale=lang)


def signed(change: int, lang: str) -> str:
    """A change with its sign: +117,008, −218,255, ±0."""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{format_int(abs(change), lang)}"


def source_line(source_ids: Sequence[str], sources: pd.DataFrame, lang: str) -> str:
    """The slide's "As of <date> | <source>" line: the first source in full, the others counted (they are
    all on the Sources slide)."""
    by_id = sources.set_index("source_id")
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s in by_id.index]
    if not ids:
        return ""
    line = citation(by_id.loc[ids[0]], lang)
    if len(ids) == 2:
        line += " " + tr(lang, "more_sources_one")
    elif len(ids) > 2:
        line += " " + tr(lang, "more_sources", count=len(ids) - 1)
    return line


@dataclass(frozen=True)
class Card:
    """A key figure: what it is, its value, a short note."""

    label: str
    value: str
    note: str = ""


# --- the figures ---------------------------------------------------------------------------------------


class Facts:
    """The figures of one office's pack (its entity_id) or the region's (REGION), in `lang`."""

    def __init__(self, entity_id: str, lang: str, tables: dict[str, pd.DataFrame]):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
        if entity_id not in entity_choices(tables):
            raise UnknownEntity(entity_id)
        self.entity_id = entity_id
        self.lang = lang
        self.tb = tables
        self.region = entity_id == REGION
        self.name_col = f"name_{lang}"
        self.entities = tables["entities"].set_index("entity_id")
        self.name = (
            translate("common.region", lang)
            if self.region
            else str(self.entities.loc[entity_id, self.name_col])
        )
        self.totals = queries.appeal_totals(tables["appeal"], tables["entities"])

    def t(self, key: str, **values: object) -> str:
        return tr(self.lang, key, **values)

    def usd(self, value: object) -> str:
        return format_usd(value, self.lang)

    @property
    def own_office(self) -> bool:
        """A country office (not the region, not the Regional Office): it has response plans."""
        return not self.region and self.entity_id != queries.REGIONAL_OFFICE

    @property
    def in_basin(self) -> bool:
        return self.region or (self.own_office and bool(self.entities.loc[self.entity_id, "lake_chad_basin"]))

    def appeal_source(self) -> list[str]:
        return list(dict.fromkeys(self.tb["appeal"]["source_id"]))

    def source_date(self, ids: Sequence[str]) -> str:
        """The newest date of these sources, formatted."""
        by_id = self.tb["sources"].set_index("source_id")
        dates = [by_id.loc[i, "date"] for i in ids if i in by_id.index and not pd.isna(by_id.loc[i, "date"])]
        return format_date(max(dates) if dates else None, self.lang)

    def trend(self) -> dict | None:
        """queries.dtm_trend of the country (the basin for the region); None outside the basin."""
        if not self.in_basin:
            return None
        return queries.dtm_trend(self.tb["displacement"], None if self.region else self.entity_id)

    @cached_property
    def current(self) -> CurrentFigures | None:
        """A country's current figures (OCHA FTS, IDMC, UNHCR); None for the region and Regional Office."""
        from dashboard.brief.current import CurrentFigures  # it builds on this module's Card and tr

        return CurrentFigures(self.entity_id, self.lang, self.tb) if self.own_office else None

    def texts(self) -> pd.DataFrame:
        """The texts the theme counts cover: the office's, or every office's for the region."""
        if self.region:
            return self.tb["priorities"]
        return queries.office_priorities(self.tb["priorities"], self.tb["priority_themes"], self.entity_id)

    def theme_table(self) -> pd.DataFrame:
        """Themes with the number of texts they tag (most first, zeros left out): the office's, or all
        offices' for the region. Columns theme_id, name_en, name_fr, count."""
        priorities, priority_themes, themes = (
            self.tb[n] for n in ("priorities", "priority_themes", "themes")
        )
        if self.region:
            matrix = queries.theme_matrix(priorities, priority_themes, themes, self.tb["entities"])
            summed = matrix.groupby("theme_id", sort=False)["count"].sum()
            table = themes[["theme_id", "name_en", "name_fr"]].assign(
                count=lambda d: d["theme_id"].map(summed)
            )
            table = table[table["count"] > 0].sort_values("count", ascending=False, kind="stable")
        else:
            table = queries.theme_counts(priorities, priority_themes, themes, self.entity_id)
            table = table.rename(columns={"priorities": "count"})
        return table[["theme_id", "name_en", "name_fr", "count"]].reset_index(drop=True)

    def top_themes(self, n: int) -> list[str]:
        return list(self.theme_table()[self.name_col].head(n))

    # --- key figures -----------------------------------------------------------------------------------

    def key_figures(self) -> tuple[list[Card], list[str]]:
        """The key-figures slide's cards and the sources they cite."""
        ids = self.appeal_source()
        cards = self._region_cards() if self.region else self._office_cards()
        trend = self.trend()
        if trend is not None:
            cards.append(self._displacement_card(trend))
            if trend["previous"] is not None:
                ids.append(trend["previous"]["source_id"])
            ids.append(trend["latest"]["source_id"])
        if self.current is not None:
            current_cards, current_ids = self.current.cards()
            cards += current_cards
            ids += current_ids
        texts = self.texts()
        cards.append(
            Card(
                self.t("card_priorities"),
                format_int(len(texts), self.lang),
                self.t("card_priorities_note", themes=", ".join(self.top_themes(3))),
            )
        )
        ids += list(texts["source_id"]) + ["PROJECT-THEMES"]
        return cards, ids

    def _office_cards(self) -> list[Card]:
        row = self.totals.set_index("entity_id").loc[self.entity_id]
        rank = translate("country.rank_value", self.lang, rank=int(row["rank"]), total=len(self.totals))
        return [
            Card(self.t("card_total"), self.usd(row["amount_usd"]), self.t("card_total_note")),
            Card(self.t("card_share"), format_pct(row["share"], self.lang), self.t("card_share_note")),
            Card(self.t("card_rank"), rank, self.t("card_rank_note")),
        ]

    def _region_cards(self) -> list[Card]:
        total = int(self.tb["appeal"]["amount_usd"].sum())
        countries = int((self.tb["entities"]["kind"] == "country").sum())
        top = self.totals.iloc[0]
        by_pillar = queries.appeal_by_pillar(self.tb["appeal"], self.tb["pillars"])
        objectives = by_pillar.groupby("group")["amount_usd"].sum().get("objective", 0)
        basin = self.tb["entities"].loc[self.tb["entities"]["lake_chad_basin"], "entity_id"]
        basin_total = int(self.totals.loc[self.totals["entity_id"].isin(basin), "amount_usd"].sum())
        return [
            Card(
                self.t("card_region_total"),
                self.usd(total),
                self.t("card_region_offices", countries=countries),
            ),
            Card(
                self.t("card_largest"),
                str(top[self.name_col]),
                f"{self.usd(top['amount_usd'])} · {format_pct(top['share'], self.lang)}",
            ),
            Card(
                self.t("card_lcb_share"),
                format_pct(basin_total / total if total else None, self.lang),
                self.t(
                    "card_lcb_share_note",
                    amount=self.usd(basin_total),
                    countries=", ".join(self.entities.loc[list(basin), self.name_col]),
                ),
            ),
            Card(
                self.t("card_objectives"),
                format_pct(objectives / total if total else None, self.lang),
                self.t("card_objectives_note", amount=self.usd(objectives)),
            ),
        ]

    def _displacement_card(self, trend: dict) -> Card:
        latest, previous = trend["latest"], trend["previous"]
        note = self.t(
            "card_dtm_note", no=int(latest["dashboard_no"]), date=format_date(latest["as_of"], self.lang)
        )
        if previous is not None:
            note += " " + self.t(
                "card_dtm_change",
                change=signed(trend["change"], self.lang),
                prev_no=int(previous["dashboard_no"]),
            )
        label = self.t("card_dtm_region") if self.region else self.t("card_dtm")
        return Card(label, format_int(latest["value"], self.lang), note)
