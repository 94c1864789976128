"""Text search over the priorities of the 2020 document, and safe highlighting of what was found.

Pure functions (pandas and the standard library; no Streamlit), so the page stays thin and every rule
here is unit-tested.

How a query matches (tolerant of accents, case and apostrophes: "Cote d'Ivoire" = "Côte d’Ivoire"):
- the query is split into words; a priority is found when EVERY word is found in one of
  - its text, in English as written or in the project's French working translation (text_fr): a word
    of three letters or more anywhere, even inside a longer word, so "trafficking" finds
    "countertrafficking" and "frontière" finds "frontières"; shorter words as whole words only,
  - the names of its office, in English and French (whole words: "Niger" does not find "Nigeria"),
  - a French search term of one of its themes (themes.search_terms_fr) that the query contains as
    whole words and that has a word no English text contains: themes are assigned from the English,
    so "trafic" or "traite" find every counter-trafficking priority through the theme, however its
    French text words it, while "MIDAS" or "immigration" (terms too, but words of the English texts)
    find only the texts that say them;
- the words found in each text are its spans to highlight (neighbouring words merged into one span):
  `spans` in the English, `spans_fr` in the French, so the highlight follows the language shown;
- results follow the document's order, those holding the whole query as a phrase (in either language)
  first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from dashboard.text import for_markdown
from i18n import sort_key

MAX_QUERY_LENGTH = 100
# Apostrophes and quotes people type or documents print, all read as the straight apostrophe.
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u2032\u0060\u00b4\u201b"), "'")
_WORD = re.compile(r"[^\W_]+")
HIGHLIGHT = "orange-background"

RESULT_COLUMNS = [
    "priority_id", "entity_id", "in_text", "in_office", "via_themes", "phrase", "spans", "spans_fr",
]  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: accents dropped (NFKD), case folded, apostrophes straightened (i18n's sort key,
    per character so that found spans map back onto the text shown)."""
    return sort_key(char.translate(_APOSTROPHES))


def normalise(text: str) -> str:
    """Text as the search compares it: no accents, case folded, straight apostrophes."""
    text = str(text)
    if text.isascii():  # most of the document: nothing to decompose
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character.

    Folding can change the length (ß -> ss, ligatures), so highlights need this map to land on the
    words the reader sees."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(str(text)):
        part = _fold_char(char)
        folded.append(part)
        origin += [i] * len(part)
    return "".join(folded), origin


def query_words(query: str) -> list[str]:
    """The words of a query, normalised, in order, without repeats (at most MAX_QUERY_LENGTH characters)."""
    return list(dict.fromkeys(_WORD.findall(normalise(query[:MAX_QUERY_LENGTH]))))


def _word_pattern(word: str, anywhere: bool) -> re.Pattern[str]:
    escaped = re.escape(word)
    return re.compile(escaped if anywhere else rf"(?<![^\W_]){escaped}(?![^\W_])")


def _text_pattern(word: str) -> re.Pattern[str]:
    # Three letters or more: anywhere (stems, words that lost their hyphen); shorter: whole words only.
    return _word_pattern(word, anywhere=len(word) >= 3)


def _phrase_in(phrase_words: Sequence[str], words: Sequence[str]) -> bool:
    """True if `phrase_words` appear consecutively in `words`."""
    n = len(phrase_words)
    return n > 0 and any(list(words[i : i + n]) == list(phrase_words) for i in range(len(words) - n + 1))


def theme_terms_in_query(
    words: Sequence[str], themes: pd.DataFrame, text_words: Iterable[str] = ()
) -> dict[str, set[str]]:
    """theme_id -> query words covered by a French search term of that theme found (as whole words) in
    the query: "lutte contre le trafic" contains the term "trafic"; "migrants" alone is no term. With a
    term found, the query's words that are words of the theme's names count as covered too ("lutte",
    "contre", "le" are in "Lutte contre la traite et le trafic de migrants").

    `text_words`: query words some priority text contains. A term made only of such words ("MIDAS",
    "immigration") is left to the text search: the terms stand in for French words the English texts
    lack, they do not widen what an English word finds."""
    in_texts = set(text_words)
    covered: dict[str, set[str]] = {}
    for row in themes[["theme_id", "name_en", "name_fr", "search_terms_fr"]].itertuples(index=False):
        if not isinstance(row.search_terms_fr, str):
            continue
        for term in row.search_terms_fr.split(";"):
            term_words = _WORD.findall(normalise(term))
            if _phrase_in(term_words, words) and not set(term_words) <= in_texts:
                covered.setdefault(row.theme_id, set()).update(term_words)
        if row.theme_id in covered:
            names = set(_WORD.findall(normalise(f"{row.name_en} {row.name_fr}")))
            covered[row.theme_id].update(w for w in words if w in names)
    return covered


def match_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Spans (start, end) of the original `text` where the normalised words occur, sorted and merged;
    spans separated only by spaces or punctuation are joined ("Côte d’Ivoire" is one span)."""
    folded, origin = normalise_with_map(text)
    raw: list[tuple[int, int]] = []
    for word in words:
        for found in _text_pattern(word).finditer(folded):
            raw.append((origin[found.start()], origin[found.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(raw):
        if merged and (start <= merged[-1][1] or not _WORD.search(text[merged[-1][1] : start])):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def search_priorities(
    query: str,
    priorities: pd.DataFrame,
    entities: pd.DataFrame,
    themes: pd.DataFrame,
    priority_themes: pd.DataFrame,
) -> pd.DataFrame:
    """The priorities a query finds, in the document's order.

    Columns: priority_id, entity_id, in_text (some words found in the English or the French text),
    in_office (some words found in the office's names), via_themes (theme ids found through French search
    terms, "; "-joined), phrase (a text holds all the words in the query's order, side by side), spans and
    spans_fr (lists of (start, end) to highlight in `text` and in `text_fr`). Phrase matches come first,
    then document order. An empty or wordless query finds nothing. Without a text_fr column (or where it
    is empty) only the English is searched."""
    words = query_words(query)
    if not words:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    names = {
        row.entity_id: _WORD.findall(normalise(f"{row.name_en} {row.name_fr}"))
        for row in entities[["entity_id", "name_en", "name_fr"]].itertuples()
    }
    patterns = {w: _text_pattern(w) for w in words}
    french_texts = french_column(priorities)
    folded_english = [normalise(text) for text in priorities["text"]]
    folded_french = [normalise(text) for text in french_texts]
    # Only the English decides whether a theme term widens the search: the themes are assigned from it.
    text_words = {w for w in words if any(patterns[w].search(folded) for folded in folded_english)}
    by_theme = theme_terms_in_query(words, themes, text_words)
    themes_of: dict[str, set[str]] = {}
    if by_theme:
        hits = priority_themes[priority_themes["theme_id"].isin(list(by_theme))]
        for priority_id, theme_id in zip(hits["priority_id"], hits["theme_id"], strict=True):
            themes_of.setdefault(priority_id, set()).add(theme_id)
    phrase = re.compile(r"[\W_]+".join(patterns[w].pattern for w in words))
    rows = []
    for priority_id, entity_id, text, folded, text_fr, folded_fr in zip(
        priorities["priority_id"], priorities["entity_id"], priorities["text"], folded_english,
        french_texts, folded_french, strict=True,
    ):  # fmt: skip
        in_english = {w for w in words if patterns[w].search(folded)}
        in_french = {w for w in words if patterns[w].search(folded_fr)}
        in_office = {w for w in words if w in names.get(entity_id, ())}
        via = sorted(themes_of.get(priority_id, ()))
        in_themes = set().union(*(by_theme[t] for t in via)) if via else set()
        if in_english | in_french | in_office | in_themes >= set(words):
            rows.append(
                {
                    "priority_id": priority_id,
                    "entity_id": entity_id,
                    "in_text": bool(in_english | in_french),
                    "in_office": bool(in_office),
                    "via_themes": "; ".join(via),
                    "phrase": bool(phrase.search(folded) or phrase.search(folded_fr)),
                    "spans": match_spans(text, [w for w in words if w in in_english]),
                    "spans_fr": match_spans(text_fr, [w for w in words if w in in_french]),
                }
            )
    found = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return found.sort_values("phrase", ascending=False, kind="stable").reset_index(drop=True)


def french_column(priorities: pd.DataFrame) -> list[str]:
    """The priorities' French working translations (text_fr), "" where none is written or the table has
    no such column: an empty text finds nothing and is never shown as a translation."""
    if "text_fr" not in priorities:
        return [""] * len(priorities)
    return [text if isinstance(text, str) else "" for text in priorities["text_fr"]]


def rule_hits(text: str, matched: str) -> list[str]:
    """The words of `text` that the theme rules in `matched` ("; "-joined patterns, as in
    priority_themes.matched) find, as written and widened to whole words ("vulnerab" -> "vulnerable"),
    without repeats; a rule that finds nothing on the whole text is shown as written."""
    found: list[str] = []
    for rule in (r.strip() for r in str(matched).split("; ")):
        if not rule:
            continue
        try:
            whole = re.compile(rf"[^\W_]*(?:{rule})[^\W_]*", re.IGNORECASE)
            hits = [m.group(0) for m in whole.finditer(text)]
        except re.error:
            hits = []
        for hit in hits or [rule]:
            if hit.casefold() not in {f.casefold() for f in found}:
                found.append(hit)
    return found


def escape_markdown(text: str) -> str:
    """Text from the data shown literally in Streamlit markdown (dashboard.text.for_markdown, the one
    escaping path; this name is kept for its callers)."""
    return for_markdown(text)


def highlight_markdown(text: str, spans: Sequence[tuple[int, int]], style: str = HIGHLIGHT) -> str:
    """Streamlit markdown of `text` (escaped) with each span wrapped in :`style`[...]."""
    parts: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end <= start:
            continue
        parts.append(for_markdown(text[position:start]))
        inner = for_markdown(text[start:end])
        parts.append(f":{style}[{inner}]" if inner.strip() else inner)
        position = end
    parts.append(for_markdown(text[position:]))
    return "".join(parts)
