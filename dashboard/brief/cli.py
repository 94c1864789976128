"""`python -m dashboard.brief`: write one office's or the region's briefing pack to a .pptx file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.brief.deck import build_brief
from dashboard.brief.facts import entity_choices, load_tables
from dashboard.i18n import LANGUAGES
from dashboard.tables import TableUnavailable


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.brief",
        description="Write the PowerPoint briefing pack of one office (ISO3 code, RO-DAKAR) or the region.",
    )
    parser.add_argument("--country", required=True, help="ISO3 code of a country office, RO-DAKAR, or REGION")
    parser.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the pack (default en)")
    parser.add_argument("--out", required=True, type=Path, help="where to write the .pptx file")
    args = parser.parse_args(argv)
    code = args.country.strip().upper()
    try:
        tables = load_tables()
    except TableUnavailable as err:
        print(
            f"error: the table “{err.name}” cannot be read ({err.reason}); run `python -m etl`.",
            file=sys.stderr,
        )
        return 1
    choices = entity_choices(tables)
    if code not in choices:
        print(
            f"error: unknown code {args.country!r}. Use one of: {', '.join(choices)}.",
            file=sys.stderr,
        )
        return 2
    data = build_brief(code, args.lang, tables)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0
