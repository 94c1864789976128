"""Plain-text helpers every layer shares: is a value missing, how names sort, how a name becomes an id.

Each was written two to five times across etl/ and dashboard/; these are the one copy.
"""

from __future__ import annotations

import math
import re
import unicodedata

# Typographic apostrophes and quotes PDF extraction and French text use, read as the plain apostrophe.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas' NA and their text forms ("nan", "<NA>"): a value nobody knows.

    An empty string is not missing here (it is a known empty text); callers that treat "" as unknown
    say so themselves."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def sort_key(text: object) -> str:
    """Alphabetical order accents aside, case aside (Équateur between Érythrée and Eswatini; "côte"
    equals "cote"): letters decomposed, their accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for stable ids: "Côte d’Ivoire" -> "cote-d-ivoire"."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_APOSTROPHES))
    plain = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


NARROW_NBSP = "\u202f"
# A space (plain or no-break) or none before a high punctuation mark that ends a clause (followed by a
# space, a line end, a closing quote or bracket): not a Markdown directive (":material/…:", ":small[")
# nor a URL's "?country=".
_BEFORE_HIGH_PUNCTUATION = re.compile(r"(?<=[^\s\u00a0\u202f:/\[(*_])[ \u00a0]?([:;!?])(?=[\s»)\]\"*_]|$)")
# After a number or a {placeholder} (a figure): "12 %", "{pct} %".
_BEFORE_PERCENT = re.compile(r"(?<=[\d}])[ \u00a0]?%")
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def french_typography(text: str) -> str:
    """French typography for the project's French text: a narrow no-break space before : ; ! ? and
    before % after a figure, « » for quotes (with narrow no-break spaces), the typographic apostrophe.
    For catalogue templates (i18n.messages applies it once when it loads fr.yaml), never for data."""
    text = _BEFORE_HIGH_PUNCTUATION.sub(NARROW_NBSP + r"\1", text)
    text = _BEFORE_PERCENT.sub(NARROW_NBSP + "%", text)
    text = _STRAIGHT_APOSTROPHE.sub("\u2019", text)
    return _QUOTED.sub("«" + NARROW_NBSP + r"\1" + NARROW_NBSP + "»", text)
