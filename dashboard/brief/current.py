"""What the briefing pack says about a country today: its humanitarian funding from OCHA FTS (latest plan,
regional plans' shares apart, ten-year trend), its displacement from IDMC and UNHCR (each figure with its
year, one series per source), and the unmet requirement per displaced person of one year. The figures come
from the queries the country page calls (dashboard.queries.fts, forced_displacement), formatted in the deck's
language; no drawing here (dashboard.brief.current_slides), no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from dashboard.brief.facts import Card, shorten, tr
from dashboard.i18n import format_date, format_int, format_pct, format_usd, translate
from dashboard.queries import forced_displacement, fts

TREND_YEARS = 10  # as the country page


def percent_text(percent: object, lang: str) -> str:
    """FTS's % funded as FTS rounds it (19 -> 19%)."""
    if percent is None or pd.isna(percent):
        return translate("common.not_known", lang)
    return format_pct(float(percent) / 100, lang, digits=0)


class CurrentFigures:
    """One country's current figures (FTS, IDMC, UNHCR) in `lang`, from the pack's tables."""

    def __init__(self, entity_id: str, lang: str, tables: dict[str, pd.DataFrame]):
        self.entity_id, self.lang = entity_id, lang
        self.sources = tables["sources"]
        rows = fts.plan_rows(tables["fts_plans"], tables["fts_plan_funding"], tables["sources"])
        idps, population = tables["idmc_conflict_idps"], tables["unhcr_population"]
        self.plan = fts.latest_plan(rows, entity_id)
        # the files a "no plan" or "no data" is read from, cited where no figure is
        self.fts_files = list(dict.fromkeys(rows["source_id"]))
        self.displacement_files = list(dict.fromkeys([*idps["source_id"], *population["source_id"]]))
        self.fts_year = fts.latest_year(rows)
        self.fts_as_of = fts.as_of_date(rows)
        self.shares = fts.regional_shares(rows, entity_id)
        outside = tables["fts_outside_plans"]
        self.trend = fts.country_trend(rows, outside, entity_id, self.fts_year, TREND_YEARS)
        self.idps = forced_displacement.conflict_idps_headline(idps, entity_id)
        self.hosted = forced_displacement.latest_refugees(population, entity_id, "hosted")
        self.originating = forced_displacement.latest_refugees(population, entity_id, "originating")
        self.trends = forced_displacement.displacement_trends(idps, population, entity_id)
        self.per_person = forced_displacement.unmet_per_displaced(rows, idps, population, entity_id)

    def t(self, key: str, **values: object) -> str:
        return tr(self.lang, key, **values)

    def page(self, key: str, **values: object) -> str:
        """A text of the country page's catalogue (country.<key>): the pack says what the page says."""
        return translate(f"country.{key}", self.lang, **values)

    def pair(self, label: str, value: str) -> str:
        """"Label: value" as the language writes it (French puts a space before the colon)."""
        return f"{label}{': ' if self.lang == 'en' else chr(0xA0) + ': '}{value}"

    def usd(self, value: object) -> str:
        return format_usd(value, self.lang)

    def usd_or_unknown(self, value: object) -> str:
        unknown = value is None or pd.isna(value)
        return translate("common.not_known", self.lang) if unknown else self.usd(value)

    def count(self, value: object) -> str:
        return format_int(value, self.lang) if value is not None else self.page("forced.no_data")

    # --- sources and dates ---------------------------------------------------------------------------

    def fts_sources(self) -> list[str]:
        ids = [] if self.plan is None else [self.plan["source_id"]]
        ids += list(self.trend["source_id"].dropna()) + list(self.trend["outside_source_id"].dropna())
        return ids or self.fts_files

    def displacement_sources(self) -> list[str]:
        ids = [figure["source_id"] for figure in self.idps]
        ids += [figure["source_id"] for figure in (self.hosted, self.originating) if figure is not None]
        return ids + list(self.trends["source_id"]) or self.displacement_files

    def per_person_sources(self) -> list[str]:
        figure = self.per_person
        if figure is None:
            return []
        return [figure["fts_source_id"], figure["idps_source_id"], figure["hosted_source_id"]]

    def dates(self) -> list[tuple[str, str]]:
        """(what, date) for the title slide: the FTS file's date, IDMC's and UNHCR's latest years."""
        items = []
        if self.plan is not None:
            items.append((self.t("data_fts"), format_date(self.fts_as_of, self.lang)))
        if self.idps:
            items.append((self.t("data_idmc"), str(max(int(f["year"]) for f in self.idps))))
        if self.hosted is not None or self.originating is not None:
            year = max(f["year"] for f in (self.hosted, self.originating) if f is not None)
            items.append((self.t("data_unhcr"), str(year)))
        return items

    # --- key figures ---------------------------------------------------------------------------------

    def cards(self) -> tuple[list[Card], list[str]]:
        """The key-figures cards of FTS, IDMC and UNHCR (each figure with its year) and their sources."""
        cards = [self._fts_card(), self._idps_card(), self._hosted_card()]
        return cards, self.fts_sources()[:1] + self.displacement_sources()[:3]

    def _fts_card(self) -> Card:
        plan = self.plan
        if plan is None:
            return Card(self.t("card_fts_none"), self.t("card_fts_no_plan"))
        note = self.t(
            "card_fts_note", plan=shorten(plan["name"], 60), requirement=self.usd(plan["requirement_usd"]),
            funding=self.usd(plan["funding_usd"]), pct=percent_text(plan["percent_funded"], self.lang),
        )  # fmt: skip
        return Card(self.t("card_fts", year=plan["year"]), self.usd(plan["gap_usd"]), note)

    def _idps_card(self) -> Card:
        if not self.idps:
            return Card(self.t("card_idps_none"), self.page("forced.no_data"))
        first = self.idps[0]
        note = " ".join(
            self.t("card_idps_later", value=format_int(f["idps"], self.lang), year=f["year"])
            for f in self.idps[1:]
        )
        return Card(self.t("card_idps", year=first["year"]), format_int(first["idps"], self.lang), note)

    def _hosted_card(self) -> Card:
        figure = self.hosted
        if figure is None:
            return Card(self.t("card_hosted_none"), self.page("forced.no_data"))
        note = self.t(
            "card_hosted_note", asylum=self.count(figure["asylum_seekers"]),
            previous_year=figure["previous_year"] or "–", previous=self.count(figure["previous_refugees"]),
        )  # fmt: skip
        return Card(self.t("card_hosted", year=figure["year"]), self.count(figure["refugees"]), note)

    # --- slide texts -----------------------------------------------------------------------------------

    def shares_lines(self) -> list[str]:
        """The country's shares of regional plans, one line each, never added to its own plan."""
        return [
            self.page("fts.regional_line", plan=row["name"], year=int(row["year"]),
                      requirement=self.usd_or_unknown(row["requirement_usd"]),
                      funding=self.usd_or_unknown(row["funding_usd"]),
                      unmet=self.usd_or_unknown(row["gap_usd"]))
            for _, row in self.shares.iterrows()
        ]  # fmt: skip

    def per_person_lines(self) -> list[str]:
        """The unmet requirement per displaced person of one year, and how it is made ([] where no year has
        all three figures)."""
        figure = self.per_person
        if figure is None:
            return []
        amount = self.usd(round(figure["usd_per_person"]))
        formula = self.page(
            "per_person.formula", gap=self.usd(figure["gap_usd"]), plan=figure["plan_name"],
            displaced=format_int(figure["displaced"], self.lang), idps=format_int(figure["idps"], self.lang),
            hosted=format_int(figure["hosted"], self.lang), year=figure["year"],
        )  # fmt: skip
        return [self.t("per_person_line", year=figure["year"], amount=amount), formula]

    def trend_years(self) -> list[int]:
        return [int(y) for y in self.trend["year"]]

    def trend_series(self) -> list[tuple[str, list[float | None]]]:
        """The funding chart's series: requirement, funding received, funding outside plans (context)."""
        def values(column: str) -> list[float | None]:
            return [None if pd.isna(v) else float(v) for v in self.trend[column]]

        return [
            (self.page("fts.series_requirement"), values("requirement_usd")),
            (self.page("fts.series_funding"), values("funding_usd")),
            (self.page("fts.series_outside"), values("outside_usd")),
        ]

    def displacement_series(self) -> tuple[list[int], list[tuple[str, str, list[float | None]]]]:
        """Years and one (measure, name, values) per source and series of the displacement trends."""
        if self.trends.empty:
            return [], []
        years = list(range(int(self.trends["year"].min()), int(self.trends["year"].max()) + 1))
        series: list[tuple[str, str, list[float | None]]] = []
        for measure in forced_displacement.TREND_MEASURES:
            rows = self.trends[self.trends["measure"] == measure]
            if rows.empty:
                continue
            by_year = dict(zip(rows["year"].astype(int), rows["value"], strict=True))
            values = [None if pd.isna(by_year.get(y, pd.NA)) else float(by_year[y]) for y in years]
            series.append((measure, self.page(f"forced.measure_{measure}"), values))
        return years, series

    def headline_lines(self) -> list[tuple[str, str]]:
        """(label, value) of the displacement slide's side panel, each with its year and source."""
        lines = []
        for figure in self.idps:
            later = figure["series"] != forced_displacement.DEFAULT_IDMC_SERIES
            key = "forced.idps_later" if later else "forced.idps"
            lines.append((self.page(key, year=figure["year"]), format_int(figure["idps"], self.lang)))
        if not self.idps:
            lines.append((self.page("forced.idps_none"), self.page("forced.no_data")))
        for role, figure in (("hosted", self.hosted), ("originating", self.originating)):
            if figure is None:
                lines.append((self.page(f"forced.{role}_none"), self.page("forced.no_data")))
            else:
                label = self.page(f"forced.{role}", year=figure["year"])
                lines.append((label, self.count(figure["refugees"])))
        return lines

    @property
    def has_displacement(self) -> bool:
        return bool(self.idps) or self.hosted is not None or self.originating is not None
