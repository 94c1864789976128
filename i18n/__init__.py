"""English and French for the whole project: catalogues, templates, number and date formats, text keys.

Plain Python, no Streamlit, shared by `etl/` (bilingual checks and errors) and `dashboard/` (which adds
only the session's language, dashboard/i18n.py):

- `i18n/en.yaml`, `i18n/fr.yaml`: every string a person reads, by dotted key;
- `i18n.messages`: `catalogue`, `text` (a key filled in one language), `Message`/`Local`/`Join`;
- `i18n.formats`: `format_number`, `format_int`, `format_usd`, `format_pct`, `format_iso_date`;
- `i18n.text`: `is_missing`, `sort_key` (accents aside), `slugify`.
"""

from i18n.formats import UNKNOWN, colon, format_int, format_iso_date, format_number, format_pct, format_usd
from i18n.messages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    LOCALES_DIR,
    SEMICOLON,
    Join,
    Local,
    Message,
    catalogue,
    in_language,
    named,
    render,
    text,
)
from i18n.text import is_missing, slugify, sort_key

__all__ = [
    "DEFAULT_LANGUAGE", "LANGUAGES", "LOCALES_DIR", "SEMICOLON", "UNKNOWN", "Join", "Local", "Message",
    "catalogue", "colon", "format_int", "format_iso_date", "format_number", "format_pct", "format_usd",
    "in_language", "named",
    "is_missing", "render", "slugify", "sort_key", "text",
]  # fmt: skip
