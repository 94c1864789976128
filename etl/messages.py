"""The build's bilingual messages: rows of the checks table, in English and French.

The catalogues, templates and number formats live in the top-level `i18n` package (shared with the
dashboard); they are re-exported here so an ETL step needs one import: `from etl.messages import Message,
check_row`.
"""

from __future__ import annotations

from typing import Any

from i18n import (  # noqa: F401 (re-exported for the ETL steps)
    DEFAULT_LANGUAGE,
    LANGUAGES,
    SEMICOLON,
    Join,
    Local,
    Message,
    catalogue,
    format_int,
    format_iso_date,
    format_number,
    in_language,
    is_missing,
    render,
    text,
)

CHECK_COLUMNS = ["check_id", "table", "status", "subject", "message", "source_id", "subject_fr", "message_fr"]


def check_row(
    check_id: str, table: str, status: str, subject: str, message: str, source_id: str | None
) -> dict[str, Any]:
    """One row of the checks table: subject and message in English, and the same in French."""
    return {
        "check_id": check_id,
        "table": table,
        "status": status,
        "subject": in_language(subject, "en"),
        "message": in_language(message, "en"),
        "source_id": source_id,
        "subject_fr": in_language(subject, "fr"),
        "message_fr": in_language(message, "fr"),
    }
