"""IDMC and UNHCR displacement figures per country and for the region. Pure pandas, no Streamlit.

Read the tables idmc_conflict_idps, idmc_disaster_events and unhcr_population (etl/tables.yaml). Rules
every function keeps, so that a page cannot break them by accident:

- one source, one series, one year per figure: IDMC's two releases (series idmc_gidd and idmc_via_unhcr),
  UNHCR's IDPs of concern and DTM's figures count the same people differently, so no function adds IDPs of
  two sources or two series; a "forcibly displaced" total adds only UNHCR's own figures of one year, and
  says which ones;
- a country-year without a figure in the source is absent from series, and NA (never 0) in the region's
  frames. UNHCR's rows write 0 in the columns of populations a row is not about (a row of stateless people
  has refugees 0), so a UNHCR measure has a figure only where some row gives it a positive count; IDMC's
  figures are taken as published (see the checks for its few year-end totals of 0);
- every figure comes with its year and its source_id, for the "as of | source" line.
"""

from __future__ import annotations

import pandas as pd

IDMC_SERIES: tuple[str, ...] = ("idmc_gidd", "idmc_via_unhcr")
DEFAULT_IDMC_SERIES = "idmc_gidd"
# Measures of the regional map and ranking, and the table each one reads.
REGIONAL_MEASURES: dict[str, str] = {
    "conflict_idps": "idmc_conflict_idps",
    "refugees_hosted": "unhcr_population",
    "refugees_originating": "unhcr_population",
    "disaster_displacements": "idmc_disaster_events",
}
# What UNHCR's "forcibly displaced" total adds (all UNHCR, one year): columns of unhcr_population.
UNHCR_FORCIBLY_DISPLACED: tuple[str, ...] = ("refugees", "asylum_seekers", "idps")
TRENDS_SINCE = 2009
# The measures of displacement_trends, in the order a legend lists them: IDMC's two releases, then UNHCR's.
TREND_MEASURES: tuple[str, ...] = (
    "conflict_idps_idmc_gidd",
    "conflict_idps_idmc_via_unhcr",
    "refugees_hosted",
    "asylum_seekers_hosted",
    "refugees_originating",
    "asylum_seekers_originating",
    "idps_of_concern",
)
_ROLES = {"asylum": "origin", "origin": "asylum"}


def _check_series(series: str) -> None:
    if series not in IDMC_SERIES:
        raise ValueError(f"unknown IDMC series {series!r}; one of {', '.join(IDMC_SERIES)}")


def _single_source(rows: pd.DataFrame) -> object:
    """The source_id of rows that all cite one source (the rules above guarantee it); NA without rows."""
    sources = rows["source_id"].dropna().unique()
    if len(sources) > 1:
        raise ValueError(f"figures of several sources would be added: {', '.join(map(str, sources))}")
    return sources[0] if len(sources) else pd.NA


def _positive_sum(counts: pd.Series) -> object:
    """The sum of a UNHCR count over rows, NA when no row gives a positive count (see the module note)."""
    return counts[counts > 0].sum(min_count=1)


def region_countries(entities: pd.DataFrame) -> pd.Series:
    """The region's country entity ids (not the Regional Office), in the entities table's order."""
    return entities.loc[entities["kind"] == "country", "entity_id"].reset_index(drop=True)


# --- conflict IDPs (IDMC) --------------------------------------------------------------------------------


def conflict_idps_series(
    idps: pd.DataFrame, entity_id: str, series: str = DEFAULT_IDMC_SERIES
) -> pd.DataFrame:
    """One IDMC series of conflict IDPs at year end for a country, oldest first: year, idps, idps_rounded,
    series, source_id. Years without a figure are left out."""
    _check_series(series)
    rows = idps[(idps["series"] == series) & (idps["entity_id"] == entity_id) & idps["idps"].notna()]
    columns = ["year", "idps", "idps_rounded", "series", "source_id"]
    return rows.sort_values("year")[columns].reset_index(drop=True)


def latest_conflict_idps(
    idps: pd.DataFrame, entity_id: str, series: str = DEFAULT_IDMC_SERIES
) -> dict[str, object] | None:
    """The latest year's conflict IDPs of one IDMC series for a country: {"year", "idps", "idps_rounded",
    "series", "source_id"}; None when the series has no figure for it."""
    rows = conflict_idps_series(idps, entity_id, series)
    return None if rows.empty else rows.iloc[-1].to_dict()


def conflict_idps_by_series(idps: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Both IDMC releases side by side for a country (never merged): year, then one column per series
    (NA where that release has no figure), oldest first."""
    rows = idps[(idps["entity_id"] == entity_id) & idps["idps"].notna()]
    wide = rows.pivot(index="year", columns="series", values="idps").reindex(columns=list(IDMC_SERIES))
    return wide.astype("Int64").rename_axis(columns=None).reset_index()


# --- refugees and asylum-seekers (UNHCR) -----------------------------------------------------------------


def _flows(population: pd.DataFrame, role: str, entity_id: str) -> pd.DataFrame:
    """Rows where the country is of asylum (role "asylum") or of origin ("origin") of people who crossed a
    border: rows with origin = asylum are IDPs of concern, not refugees hosted or originating."""
    other = _ROLES[role]
    return population[
        (population[f"{role}_iso3"] == entity_id) & (population[f"{other}_iso3"] != entity_id)
    ]


def _refugees_by_year(population: pd.DataFrame, role: str, entity_id: str) -> pd.DataFrame:
    rows = _flows(population, role, entity_id)
    by_year = rows.groupby("year").agg(
        refugees=("refugees", _positive_sum),
        asylum_seekers=("asylum_seekers", _positive_sum),
        source_id=("source_id", "first"),
    )
    # Both UNHCR, same year. Where UNHCR's rows of the year give no positive count of one of the two, they
    # give 0 for it (rows about the other one): the pair is then the other one alone.
    pair = by_year[["refugees", "asylum_seekers"]]
    by_year["refugees_and_asylum_seekers"] = pair.sum(axis=1, min_count=1)
    columns = ["year", "refugees", "asylum_seekers", "refugees_and_asylum_seekers", "source_id"]
    result = by_year.reset_index()[columns]
    for column in columns[1:4]:
        result[column] = result[column].astype("Int64")
    known = result[["refugees", "asylum_seekers"]].notna().any(axis=1)
    return result[known].reset_index(drop=True)


def refugees_hosted(population: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Refugees (incl. refugee-like) and asylum-seekers the country hosts (country of asylum), per year,
    oldest first: year, refugees, asylum_seekers, refugees_and_asylum_seekers (both UNHCR, same year),
    source_id. Years in which UNHCR gives neither figure for this country of asylum are left out."""
    _single_source(population)
    return _refugees_by_year(population, "asylum", entity_id)


def refugees_originating(population: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Refugees and asylum-seekers from the country (country of origin), hosted anywhere, per year:
    the same columns as refugees_hosted."""
    _single_source(population)
    return _refugees_by_year(population, "origin", entity_id)


def _ranked_flows(population: pd.DataFrame, role: str, entity_id: str, year: int | None,
                  n: int) -> pd.DataFrame:
    rows = _flows(population, role, entity_id)
    rows = rows[rows["refugees"].fillna(0) > 0]
    if year is None:
        if rows.empty:
            return rows.iloc[0:0]
        year = int(rows["year"].max())
    other = _ROLES[role]
    ranked = rows[rows["year"] == year].sort_values(["refugees", f"{other}_iso3"], ascending=[False, True])
    columns = ["year", f"{other}_iso3", f"{other}_name", f"{other}_name_fr", "refugees", "asylum_seekers",
               "source_id"]
    return ranked.head(n)[columns].reset_index(drop=True)


def top_origins(
    population: pd.DataFrame, entity_id: str, year: int | None = None, n: int = 10
) -> pd.DataFrame:
    """The main countries of origin of the refugees a country hosts, in one year (the latest with any when
    year is None), most refugees first: year, origin_iso3, origin_name, origin_name_fr, refugees,
    asylum_seekers, source_id. Origins with no refugees that year are left out."""
    return _ranked_flows(population, "asylum", entity_id, year, n)


def top_hosts(population: pd.DataFrame, entity_id: str, year: int | None = None, n: int = 10) -> pd.DataFrame:
    """The main countries hosting a country's refugees, in one year (the latest with any when year is
    None), most refugees first: year, asylum_iso3, asylum_name, asylum_name_fr, refugees, asylum_seekers,
    source_id."""
    return _ranked_flows(population, "origin", entity_id, year, n)


def unhcr_forcibly_displaced(population: pd.DataFrame, entity_id: str, year: int) -> dict[str, object] | None:
    """UNHCR's forcibly displaced from a country in one year: refugees and asylum-seekers originating from
    it plus IDPs of concern inside it, all UNHCR, same year: {"year", "refugees", "asylum_seekers", "idps",
    "total", "components", "source_id"}. "components" names what the total adds (those of the three UNHCR
    gives a figure for), for its label. None when UNHCR gives none of the three that year."""
    rows = population[(population["origin_iso3"] == entity_id) & (population["year"] == year)]
    parts = {column: _positive_sum(rows[column]) for column in UNHCR_FORCIBLY_DISPLACED}
    components = tuple(column for column, value in parts.items() if pd.notna(value))
    if not components:
        return None
    result: dict[str, object] = {"year": year}
    result.update({column: None if pd.isna(v) else int(v) for column, v in parts.items()})
    result["total"] = sum(int(parts[column]) for column in components)
    result["components"] = components
    result["source_id"] = _single_source(rows)
    return result


# --- trends ----------------------------------------------------------------------------------------------


def displacement_trends(idps: pd.DataFrame, population: pd.DataFrame, entity_id: str,
                        since: int = TRENDS_SINCE) -> pd.DataFrame:
    """A country's displacement figures per year since `since`, long format, one measure per source and
    series, never added across them: year, measure, value, source_id. Measures: conflict_idps_idmc_gidd,
    conflict_idps_idmc_via_unhcr (IDMC); refugees_hosted, asylum_seekers_hosted, refugees_originating,
    asylum_seekers_originating, idps_of_concern (UNHCR). A year without a figure has no row."""
    parts = []
    for series in IDMC_SERIES:
        rows = conflict_idps_series(idps, entity_id, series)
        parts.append(rows.assign(measure=f"conflict_idps_{series}", value=rows["idps"]))
    for role, suffix in (("asylum", "hosted"), ("origin", "originating")):
        by_year = _refugees_by_year(population, role, entity_id)
        parts.append(by_year.assign(measure=f"refugees_{suffix}", value=by_year["refugees"]))
        parts.append(by_year.assign(measure=f"asylum_seekers_{suffix}", value=by_year["asylum_seekers"]))
    own = population[(population["origin_iso3"] == entity_id) & (population["asylum_iso3"] == entity_id)]
    idp_rows = own.groupby("year", as_index=False).agg(value=("idps", _positive_sum),
                                                      source_id=("source_id", "first"))
    parts.append(idp_rows.assign(measure="idps_of_concern"))
    columns = ["year", "measure", "value", "source_id"]
    trends = pd.concat([part[columns] for part in parts], ignore_index=True)
    trends = trends[(trends["year"] >= since) & trends["value"].notna()]
    trends = trends.astype({"year": "int64", "value": "Int64"})
    return trends.sort_values(["measure", "year"], kind="mergesort").reset_index(drop=True)


# --- the region, one measure and year --------------------------------------------------------------------


def _measure_rows(measure: str, table: pd.DataFrame, series: str) -> pd.DataFrame:
    """entity_id, year, value, source_id for every country-year the measure's source has a figure for."""
    if measure == "conflict_idps":
        _check_series(series)
        rows = table[(table["series"] == series) & table["idps"].notna()]
        return rows.rename(columns={"idps": "value"})[["entity_id", "year", "value", "source_id"]]
    if measure in ("refugees_hosted", "refugees_originating"):
        role = "asylum" if measure == "refugees_hosted" else "origin"
        crossed = table[table["origin_iso3"] != table["asylum_iso3"]]
        grouped = crossed.groupby([f"{role}_iso3", "year"], as_index=False).agg(
            value=("refugees", _positive_sum), source_id=("source_id", "first"))
        return grouped[grouped["value"].notna()].rename(columns={f"{role}_iso3": "entity_id"})
    if measure == "disaster_displacements":
        return table.groupby(["entity_id", "year"], as_index=False).agg(
            value=("displacements", lambda s: s.sum(min_count=1)), source_id=("source_id", "first"))
    raise ValueError(f"unknown measure {measure!r}; one of {', '.join(REGIONAL_MEASURES)}")


def regional_displacement(measure: str, year: int, entities: pd.DataFrame, table: pd.DataFrame,
                          series: str = DEFAULT_IDMC_SERIES) -> pd.DataFrame:
    """One measure in one year for each of the region's countries, for a map and a ranking: entity_id,
    year, value, source_id; value and source_id NA where the source has no figure for the country that
    year (drawn as "no data", never 0).

    `table` is REGIONAL_MEASURES[measure]: conflict_idps (IDMC, one `series`), refugees_hosted and
    refugees_originating (UNHCR, refugees incl. refugee-like, crossing a border), disaster_displacements
    (the sum of the displacements of the events IDMC lists for the country that year: movements, not
    people, and not an IDP figure)."""
    rows = _measure_rows(measure, table, series)
    rows = rows[rows["year"] == year].set_index("entity_id")
    frame = pd.DataFrame({"entity_id": region_countries(entities)})
    frame["year"] = year
    frame["value"] = frame["entity_id"].map(rows["value"]).astype("Int64")
    frame["source_id"] = frame["entity_id"].map(rows["source_id"]).astype("string")
    return frame


def measure_years(measure: str, table: pd.DataFrame, entities: pd.DataFrame,
                  series: str = DEFAULT_IDMC_SERIES) -> list[int]:
    """Years in which the measure has a figure for at least one of the region's countries, oldest first."""
    rows = _measure_rows(measure, table, series)
    rows = rows[rows["entity_id"].isin(set(region_countries(entities))) & rows["value"].notna()]
    return sorted(int(y) for y in rows["year"].unique())


# --- the regional page: its default year and country, the flows' year --------------------------------------


def latest_measure_year(measure: str, table: pd.DataFrame, entities: pd.DataFrame,
                        series: str = DEFAULT_IDMC_SERIES) -> int | None:
    """The latest year in which the measure has a figure for one of the region's countries (the regional
    map's default year); None when it has none."""
    years = measure_years(measure, table, entities, series)
    return years[-1] if years else None


def largest_host(population: pd.DataFrame, entities: pd.DataFrame) -> str | None:
    """The region's country hosting the most refugees in UNHCR's latest year with figures (the page's
    default country for "where people fled from and to"); None when UNHCR gives no such figure."""
    year = latest_measure_year("refugees_hosted", population, entities)
    if year is None:
        return None
    region = regional_displacement("refugees_hosted", year, entities, population).dropna(subset=["value"])
    ranked = region.sort_values(["value", "entity_id"], ascending=[False, True])
    return str(ranked.iloc[0]["entity_id"])


def latest_flow_year(population: pd.DataFrame, entity_id: str) -> int | None:
    """The latest year in which UNHCR counts refugees who crossed a border into or out of the country (the
    year "where people fled from and to" shows when none is asked for); None without any."""
    crossed = pd.concat([_flows(population, "asylum", entity_id), _flows(population, "origin", entity_id)])
    crossed = crossed[crossed["refugees"].fillna(0) > 0]
    return None if crossed.empty else int(crossed["year"].max())


# --- country profile and briefing pack: the latest figures, funding per displaced person -------------------


def conflict_idps_headline(idps: pd.DataFrame, entity_id: str) -> list[dict[str, object]]:
    """The latest conflict IDP figure of each IDMC release for a country, side by side (never merged): the
    GIDD's first, then the later release (as UNHCR republishes it) only where it says something else: another
    year, or another figure than the GIDD's own rounded one. Each as latest_conflict_idps; [] without any."""
    gidd = latest_conflict_idps(idps, entity_id, IDMC_SERIES[0])
    later = latest_conflict_idps(idps, entity_id, IDMC_SERIES[1])
    if gidd is None or later is None:
        return [figure for figure in (gidd, later) if figure is not None]
    same = later["year"] == gidd["year"] and later["idps"] in (gidd["idps"], gidd["idps_rounded"])
    return [gidd] if same else [gidd, later]


def latest_refugees(population: pd.DataFrame, entity_id: str, role: str) -> dict[str, object] | None:
    """The latest year's refugees and asylum-seekers a country hosts (role "hosted") or that come from it
    (role "originating"), UNHCR, with the year before that UNHCR gives: {"year", "refugees",
    "asylum_seekers", "previous_year", "previous_refugees", "previous_asylum_seekers", "source_id"} (None
    for what UNHCR does not give); None when UNHCR gives neither figure in any year."""
    if role not in ("hosted", "originating"):
        raise ValueError(f"role must be hosted or originating, not {role!r}")
    by_year = refugees_hosted(population, entity_id) if role == "hosted" else refugees_originating(
        population, entity_id)
    if by_year.empty:
        return None

    def _count(value: object) -> int | None:
        return None if pd.isna(value) else int(value)

    latest = by_year.iloc[-1]
    previous = by_year.iloc[-2] if len(by_year) > 1 else None
    return {
        "year": int(latest["year"]),
        "refugees": _count(latest["refugees"]),
        "asylum_seekers": _count(latest["asylum_seekers"]),
        "previous_year": None if previous is None else int(previous["year"]),
        "previous_refugees": None if previous is None else _count(previous["refugees"]),
        "previous_asylum_seekers": None if previous is None else _count(previous["asylum_seekers"]),
        "source_id": latest["source_id"],
    }


def _idmc_figure(idps: pd.DataFrame, entity_id: str, year: int) -> dict[str, object] | None:
    """One IDMC figure of conflict IDPs for a country and year: the GIDD's, else the later release's."""
    for series in IDMC_SERIES:
        rows = conflict_idps_series(idps, entity_id, series)
        rows = rows[rows["year"] == year]
        if len(rows):
            return rows.iloc[0].to_dict()
    return None


def unmet_per_displaced(plan_rows: pd.DataFrame, idps: pd.DataFrame, population: pd.DataFrame,
                        entity_id: str) -> dict[str, object] | None:
    """The FTS unmet requirement of a country's response plan (HRP/HNRP) in one year divided by the people
    displaced in and into the country that same year: IDMC's conflict IDPs at year end (the GIDD's figure,
    else IDMC's later release) plus UNHCR's refugees and asylum-seekers hosted at year end. Refugees are not
    IDPs: no count of IDPs of two sources is added. The latest year in which all three figures exist; None
    when no year has.

    `plan_rows` is dashboard.queries.fts.plan_rows. Keys: year, plan_name, plan_id, gap_usd,
    fts_source_id, idps, idps_series, idps_source_id, hosted (refugees and asylum-seekers), hosted_source_id,
    displaced (idps + hosted), usd_per_person."""
    from dashboard.queries.fts import country_plan  # fts knows nothing of displacement

    own = plan_rows[(plan_rows["entity_id"] == entity_id) & ~plan_rows["is_regional"].astype(bool)]
    hosted = refugees_hosted(population, entity_id).set_index("year")
    for year in sorted(set(own["year"].astype(int)) & set(hosted.index.astype(int)), reverse=True):
        plan = country_plan(plan_rows, entity_id, year)
        idmc = _idmc_figure(idps, entity_id, year)
        refugees = hosted.loc[year, "refugees_and_asylum_seekers"]
        if plan is None or plan["plan_kind"] != "response_plan" or plan["gap_usd"] is None:
            continue
        if idmc is None or pd.isna(refugees):
            continue
        displaced = int(idmc["idps"]) + int(refugees)
        if displaced == 0:
            continue
        return {
            "year": year,
            "plan_name": plan["name"],
            "plan_id": plan["plan_id"],
            "gap_usd": plan["gap_usd"],
            "fts_source_id": plan["source_id"],
            "idps": int(idmc["idps"]),
            "idps_series": idmc["series"],
            "idps_source_id": idmc["source_id"],
            "hosted": int(refugees),
            "hosted_source_id": hosted.loc[year, "source_id"],
            "displaced": displaced,
            "usd_per_person": plan["gap_usd"] / displaced,
        }
    return None
