"""Regional coordination and capacity-building events, read from four short texts in data/raw/events/.

One small extract function per document: each finds the facts (title, dates, place, organiser, count
and named countries) with regular expressions on the text, so an edited text gives an error, not a
silently stale value. The document sources themselves come from config.yaml (added by the orchestrator).

Tables returned: "events", "event_participants".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from etl.common import EtlError, read_text
from etl.sources.displacement import known_country_iso3

EVENT_COLUMNS = [
    "event_id",
    "title",
    "start_date",
    "end_date",
    "city",
    "host_iso3",
    "organiser",
    "participant_count",
    "participant_unit",
    "topic",
    "in_region",
    "note",
    "source_id",
]
PARTICIPANT_COLUMNS = ["event_id", "iso3", "name", "in_region", "source_id"]
ONLINE = "online"
NUMBER_WORDS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven",
                                             "eight", "nine", "ten", "eleven", "twelve", "thirteen"])}
# Short English label shared by both EMM 2.0 events, however the text abbreviates it ("EMM2.0").
EMM_TOPIC = "{name} (EMM 2.0)"


def _text(text: str) -> str:
    """(Narrow) no-break spaces as plain ones; names keep their curly apostrophes ("Côte d’Ivoire")."""
    return re.sub(r"[^\S\n]", " ", text)


def _search(pattern: str, text: str, what: str, file_label: str, flags: int = 0) -> re.Match:
    match = re.search(pattern, text, flags)
    if match is None:
        raise EtlError(f"{file_label}: could not find {what} in the text (pattern {pattern!r}).")
    return match


def _date(day: int | str, month: str | int, year: int | str, where: str) -> str:
    try:
        if isinstance(month, str):
            return dt.datetime.strptime(f"{int(day)} {month} {int(year)}", "%d %B %Y").date().isoformat()
        return dt.date(int(year), month, int(day)).isoformat()
    except ValueError as err:
        raise EtlError(f"{where}: {day} {month} {year} is not a valid date ({err}).") from err


def _month_end(month: str, year: int, where: str) -> str:
    number = dt.datetime.strptime(month, "%B").month
    return _date(calendar.monthrange(year, number)[1], number, year, where)


def _first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def split_country_list(enumeration: str, where: str) -> list[tuple[str, str]]:
    """[(name as written, ISO3)] from "Chad, Gabon, Senegal and Sierra Leone".

    Commas separate most names; a final "and" may or may not have a comma before it, and some names
    contain "and" themselves ("Antigua and Barbuda", "Saint Vincent and the Grenadines"), so a piece is
    split on " and " only where both sides are country names.
    """
    names: list[tuple[str, str]] = []
    for piece in (p.strip() for p in enumeration.split(",")):
        piece = re.sub(r"^and\s+", "", piece).strip()
        if piece:
            names.extend(_split_and(piece, where))
    return names


def _split_and(piece: str, where: str) -> list[tuple[str, str]]:
    try:
        return [(piece, known_country_iso3(piece, where))]
    except EtlError:
        pass
    for match in re.finditer(r"\s+and\s+", piece):
        left, right = piece[: match.start()], piece[match.end():]
        try:
            head = [(left, known_country_iso3(left, where))]
            return head + _split_and(right, where)
        except EtlError:
            continue
    raise EtlError(f"{where}: unknown country name {piece!r} in the list of participating countries.")


def _event(**fields: object) -> dict:
    base = {col: "" for col in EVENT_COLUMNS}
    base["participant_count"] = pd.NA
    base.update(fields)
    return base


# --------------------------------------------------------------------------------------------------
# One extractor per document: (event fields, [(name as written, ISO3)]).

Extracted = tuple[dict, list[tuple[str, str]]]


def extract_emm2_dakar(text: str, file_label: str) -> Extracted:
    """EMM 2.0 regional training, Dakar, 10-12 May 2023: 21 officials from eight named countries."""
    text = _text(text)
    when = _search(r"in (?P<host>[A-Z][\w ]+?) from (?P<d1>\d{1,2}) to (?P<d2>\d{1,2}) "
                   r"(?P<month>[A-Z][a-z]+) (?P<year>\d{4})", text,
                   "the training dates ('in Senegal from 10 to 12 May 2023')", file_label)
    city = _search(r"^(?P<city>[A-Z][\w' -]+?) [–-] The International Organization", text,
                   "the dateline city ('Dakar – The International Organization ...')", file_label, re.M)
    who = _search(r"brought together (?P<n>\d+) (?:high-level )?(?P<unit>officials) from (?P<bodies>.+?) "
                  r"from (?P<nword>\w+) \((?P<ncountries>\d+)\) countries: (?P<list>[^.]+)\.", text,
                  "the participants ('brought together 21 high-level officials ... countries: ...')",
                  file_label)
    topic = _search(r"(?P<name>Essentials of Migration Management 2\.0) \(EMM ?2\.0\)", text,
                    "the programme name ('Essentials of Migration Management 2.0 (EMM 2.0)')", file_label)
    office = _search(r"of the (?P<office>Regional Office for [A-Z][\w ]+?)[,.]", text,
                     "the organising office ('Regional Office for West and Central Africa')", file_label)
    abbr = _search(r"International Organization for Migration \((?P<abbr>[A-Z]+)\)", text,
                   "the organisation's abbreviation", file_label)
    participants = split_country_list(who["list"], f"{file_label}, participating countries")
    if len(participants) != int(who["ncountries"]):
        raise EtlError(f"{file_label}: the text announces {who['ncountries']} countries but names "
                       f"{len(participants)}: {who['list']!r}.")
    where = f"{file_label}, training dates"
    return _event(
        title=_first_line(text),
        start_date=_date(when["d1"], when["month"], when["year"], where),
        end_date=_date(when["d2"], when["month"], when["year"], where),
        city=city["city"],
        host_iso3=known_country_iso3(when["host"], f"{file_label}, host country"),
        organiser=f"{abbr['abbr']} {office['office']}",
        participant_count=int(who["n"]),
        participant_unit=who["unit"],
        topic=EMM_TOPIC.format(name=topic["name"]),
        note=f"{who['n']} {who['unit']} from {who['bodies']}; {len(participants)} countries named.",
    ), participants


def extract_smuggling_dakar(text: str, file_label: str) -> Extracted:
    """Meeting on migrant smuggling, Dakar, Monday 18 March 2013: officials of 13 unnamed countries."""
    text = _text(text)
    lines = [line.strip() for line in text.splitlines()]
    dateline = next((i for i, line in enumerate(lines) if re.match(r"^[A-Z][A-Za-z ]+ - [A-Z]", line)), None)
    if dateline is None or dateline == 0:
        raise EtlError(f"{file_label}: could not find the dateline ('Senegal - Senior law enforcement ...').")
    title = next(line for line in reversed(lines[:dateline]) if line)
    when = _search(r"on (?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) "
                   r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{2})\) in (?P<city>[A-Z][a-z]+), "
                   r"(?P<host>[A-Z][a-z]+)", text,
                   "the meeting date and place ('on Monday (18/3/13) in Dakar')", file_label)
    # The release writes day/month/two-digit year; the weekday it names confirms the reading.
    date = _date(when["d"], int(when["m"]), 2000 + int(when["y"]), f"{file_label}, meeting date")
    if dt.date.fromisoformat(date).strftime("%A") != when["weekday"]:
        raise EtlError(f"{file_label}: {when['d']}/{when['m']}/{when['y']} read as {date}, which is not a "
                       f"{when['weekday']}.")
    count = _search(r"from (?P<n>\d+) (?:francophone )?countries", text,
                    "the number of countries ('from 13 francophone countries')", file_label)
    topic = _search(r"responses to (?P<topic>migrant smuggling)", text,
                    "the topic ('responses to migrant smuggling')", file_label)
    organiser = _search(r"^(?P<org>IOM Regional Office for [^,\n]+)", text,
                        "the organising office ('IOM Regional Office for West and Central Africa')",
                        file_label, re.M)
    returned = re.search(r"Since (?P<since>[A-Z][a-z]+ \d{4}), the project has helped (?P<n>\d+) smuggled",
                         text)
    context = (f" The IOM project behind it had helped {returned['n']} smuggled migrants return home since "
               f"{returned['since']}." if returned else "")
    return _event(
        title=title,
        start_date=date,
        end_date=date,
        city=when["city"],
        host_iso3=known_country_iso3(when["host"], f"{file_label}, host country"),
        organiser=organiser["org"],
        participant_count=int(count["n"]),
        participant_unit="countries",
        topic=topic["topic"][0].upper() + topic["topic"][1:],
        note=f"Police, gendarmerie and immigration officials from {count['n']} francophone countries of West "
        f"and Central Africa; the release does not name the countries, so no participant rows.{context}",
    ), []


def extract_acbc_webinar(text: str, file_label: str) -> Extracted:
    """IOM ACBC continental webinar programme, 2021 to present; ten countries named for the 1st edition."""
    text = _text(text)
    title = _search(r"Repository of Practices\s*\n\s*(?P<title>[^\n]+)", text, "the practice's title",
                    file_label)
    dates = _search(r"Dates:?\s*\n\s*(?P<start>\d{4}) - (?P<end>Present|\d{4})", text,
                    "the dates ('Dates' then '2021 - Present')", file_label)
    organiser = _search(r"Other Organizations:?\s*\n\s*(?P<org>[^\n]+)", text,
                        "the organiser (under 'Other Organizations')", file_label)
    # The page text is extracted twice; every copy must name the same countries.
    lists = re.findall(r"The 1st Edition successfully gathered representatives from (?P<list>[^;]+);", text)
    if not lists:
        raise EtlError(f"{file_label}: could not find the 1st edition's countries "
                       "('The 1st Edition successfully gathered representatives from ...;').")
    if len(set(lists)) > 1:
        raise EtlError(f"{file_label}: the copies of the page name different countries: "
                       f"{sorted(set(lists))}.")
    topic = _search(r"cooperation on (?P<topic>migration and border management)", text,
                    "the topic ('cooperation on migration and border management')", file_label)
    online = re.search(r"webinar|online|virtual", title["title"], flags=re.I)
    ongoing = dates["end"] == "Present"
    return _event(
        title=title["title"].strip(),
        start_date=_date(1, 1, dates["start"], f"{file_label}, dates"),
        end_date="" if ongoing else _date(31, 12, dates["end"], f"{file_label}, dates"),
        city=ONLINE if online else "",
        organiser=organiser["org"].strip(),
        topic=topic["topic"][0].upper() + topic["topic"][1:],
        note=f"Dates given as '{dates['start']} - {dates['end']}': start set to 1 January {dates['start']}"
        + ("; ongoing (no end date)." if ongoing else f", end to 31 December {dates['end']}.")
        + " Continental programme; participants listed are those of the 1st edition; number of people "
        "not stated.",
    ), split_country_list(lists[0], f"{file_label}, 1st edition countries")


def extract_emm2_caribbean(text: str, file_label: str) -> Extracted:
    """EMM 2.0 online training in three Caribbean countries, April to August 2021 (outside the region)."""
    text = _text(text)
    organiser = _search(r"^(?P<org>IOM [^\n]+?) - The International Organization", text,
                        "the organising office (dateline 'IOM ... - The International Organization')",
                        file_label, re.M)
    who = _search(r"in (?P<n>\w+) Caribbean countries [–-] (?P<list>[^.]+)\.", text,
                  "the countries ('in three Caribbean countries – ...')", file_label)
    when = _search(r"will occur in (?P<m1>[A-Z][a-z]+),.*?through (?P<m2>[A-Z][a-z]+) (?P<y>\d{4})", text,
                   "the period ('will occur in April, ... through August 2021')", file_label, re.S)
    topic = _search(r"(?P<name>Essentials of Migration Management 2\.0) \(EMM ?2\.0\)", text,
                    "the programme name ('Essentials of Migration Management 2.0 (EMM2.0)')", file_label)
    online = re.search(r"online-facilitated|online", text)
    participants = split_country_list(who["list"], f"{file_label}, participating countries")
    count = _count(who["n"])
    if len(participants) != count:
        raise EtlError(f"{file_label}: the text announces {who['n']} countries but names "
                       f"{len(participants)}: {who['list']!r}.")
    year = int(when["y"])
    where = f"{file_label}, period"
    return _event(
        title=_first_line(text),
        start_date=_date(1, when["m1"], year, where),
        end_date=_month_end(when["m2"], year, where),
        city=ONLINE if online else "",
        organiser=organiser["org"],
        participant_count=count,
        participant_unit="countries",
        topic=EMM_TOPIC.format(name=topic["name"]),
        note=f"Month-only dates: from {when['m1']} (train-the-trainer sessions) through {when['m2']} {year}; "
        "start set to the first day, end to the last day of the month. Outside West and Central Africa: "
        "kept for reference, left out of maps of the region.",
    ), participants


EXTRACTORS: dict[str, Callable[[str, str], Extracted]] = {
    "emm2_dakar_2023": extract_emm2_dakar,
    "smuggling_dakar_2013": extract_smuggling_dakar,
    "acbc_webinar_2022": extract_acbc_webinar,
    "emm2_caribbean_2021": extract_emm2_caribbean,
}


def event_id(key: str) -> str:
    return key.upper().replace("_", "-")


def region_iso3(context: dict[str, pd.DataFrame]) -> set[str]:
    """ISO3 codes of the region's entities (context["entities"], built by the appeal step)."""
    entities = context.get("entities")
    if entities is None or "entity_id" not in entities.columns:
        raise EtlError("events: context['entities'] (with an entity_id column) is needed to tell which "
                       "participants are in West and Central Africa; build the entities table first.")
    return {str(e) for e in entities["entity_id"] if re.fullmatch(r"[A-Z]{3}", str(e))}


def build(raw_dir: Path, config: dict, context: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    region = region_iso3(context)
    events, participants = [], []
    for key, extract in EXTRACTORS.items():
        doc = config["documents"].get(key)
        if doc is None:
            raise EtlError(f"etl/config.yaml: documents.{key} is missing (file and source_id of the event).")
        fields, named = extract(read_text(raw_dir / doc["file"]), doc["file"])
        eid = event_id(key)
        rows = [{"event_id": eid, "iso3": iso3, "name": name, "in_region": iso3 in region,
                 "source_id": doc["source_id"]} for name, iso3 in dict.fromkeys(named)]
        # In the region if held there, or (online / continental) if any participant is from the region.
        in_region = fields["host_iso3"] in region or any(row["in_region"] for row in rows)
        events.append({**fields, "event_id": eid, "in_region": in_region, "source_id": doc["source_id"]})
        participants.extend(rows)
    events_df = pd.DataFrame(events, columns=EVENT_COLUMNS)
    events_df["participant_count"] = events_df["participant_count"].astype("Int64")
    events_df["in_region"] = events_df["in_region"].astype(bool)
    parts_df = pd.DataFrame(participants, columns=PARTICIPANT_COLUMNS)
    parts_df["in_region"] = parts_df["in_region"].astype(bool)
    return {
        "events": events_df.sort_values(["start_date", "event_id"], kind="mergesort").reset_index(drop=True),
        "event_participants": parts_df.sort_values(["event_id", "iso3"], kind="mergesort")
        .reset_index(drop=True),
    }
