"""Deployment settings, from environment variables (documented in the README)."""

from __future__ import annotations

import os

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES


def default_language() -> str:
    """WCA_DEFAULT_LANG=fr for a French-speaking workshop; anything else falls back to English."""
    value = os.environ.get("WCA_DEFAULT_LANG", DEFAULT_LANGUAGE).strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def uploads_enabled() -> bool:
    """WCA_ENABLE_UPLOADS=1 turns on the in-app import of displacement files (off for public demos)."""
    return os.environ.get("WCA_ENABLE_UPLOADS", "").strip().lower() in ("1", "true", "yes", "on")
