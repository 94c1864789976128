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
