"""French working translations of the priorities, read from etl/translations/priorities_fr.yaml.

The 2020 document exists in English only. The project keeps its own French translation of every priority
beside the English, as data: one entry per priority_id with the French text (`fr`) and a fingerprint of
the English text it translates (`en_sha256`: the first 12 hexadecimal digits of the SHA-256 of the
English text, UTF-8, as it stands in data/processed/priorities.csv). When the parsing of the document
changes an English text, the fingerprint no longer matches: the translation is kept but marked stale
(`text_fr_stale`), and a warning names it, until someone revises the French and its fingerprint.

Themes are assigned from the English text (etl/sources/themes.py); nothing here affects them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from etl import messages
from etl.common import EtlError
from etl.messages import Join, Message
from i18n.text import french_typography

TRANSLATIONS_PATH = Path(__file__).resolve().parent.parent / "translations" / "priorities_fr.yaml"
FINGERPRINT_LENGTH = 12
FINGERPRINT = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")
ASCII_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Translation:
    text: str
    en_sha256: str  # fingerprint of the English text the French was written from


def fingerprint(english: str) -> str:
    """The short fingerprint of an English text that a translation records (see the module docstring)."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def load_translations(path: Path = TRANSLATIONS_PATH) -> dict[str, Translation]:
    """priority_id -> Translation; a missing file is no translation at all (each priority is then reported
    missing), a malformed entry stops the build and names the entry."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise EtlError(Message("etl.error.translations_not_mapping", file=path.name))
    out: dict[str, Translation] = {}
    for priority_id, entry in data.items():
        french = entry.get("fr") if isinstance(entry, dict) else None
        stamp = entry.get("en_sha256") if isinstance(entry, dict) else None
        has_text = isinstance(french, str) and bool(french.strip())
        if not (has_text and isinstance(stamp, str) and FINGERPRINT.match(stamp)):
            raise EtlError(Message("etl.error.translations_entry", file=path.name, id=str(priority_id)))
        # ASCII whitespace only: the no-break spaces of French typography are part of the text; then the
        # catalogue's French typography (narrow no-break space before : ; ! ?, typographic apostrophe)
        text = french_typography(ASCII_SPACES.sub(" ", french).strip())
        out[str(priority_id)] = Translation(text=text, en_sha256=stamp)
    return out


def add_french(
    priorities: pd.DataFrame, translations: dict[str, Translation], source_id: str
) -> tuple[pd.DataFrame, list[dict]]:
    """The priorities with `text_fr` (empty where no translation) and `text_fr_stale` (True where the English
    changed after the translation was written), and the check rows that say what is missing or stale."""
    ids = priorities["priority_id"].tolist()
    missing = [pid for pid in ids if pid not in translations]
    unknown = [pid for pid in translations if pid not in set(ids)]
    stale = [
        pid
        for pid, english in zip(ids, priorities["text"], strict=True)
        if pid in translations and translations[pid].en_sha256 != fingerprint(english)
    ]
    out = priorities.copy()
    out["text_fr"] = [translations[pid].text if pid in translations else "" for pid in ids]
    out["text_fr_stale"] = [pid in stale for pid in ids]

    subject = Message("etl.check.priorities_fr.subject")
    checks = []
    for problem, found in (("missing", missing), ("stale", stale), ("unknown", unknown)):
        if found:
            message = Message(f"etl.check.priorities_fr.{problem}", count=len(found), ids=Join(found))
            check_id = f"priorities-fr-{problem}"
            checks.append(messages.check_row(check_id, "priorities", "warning", subject, message, source_id))
    if not checks:
        message = Message("etl.check.priorities_fr.complete", count=len(ids))
        checks.append(messages.check_row("priorities-fr", "priorities", "pass", subject, message, source_id))
    return out, checks
