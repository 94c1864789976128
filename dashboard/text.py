"""Text from the data shown as text, never as markup: the one escaping path of the dashboard.

Every value read from a table or an import (names, publishers, notes, file names, citations) passes
through one of these functions on its way to the screen or a file, chosen by what will read it:

- `for_markdown` — Streamlit Markdown (st.markdown, st.caption, st.error, ...): no link, image, raw
  HTML, colour directive, emoji or icon short code, maths, heading or list can form.
- `for_plotly` — plotly text (axis labels, bar texts, hover, legend names, annotations, titles): no
  `<a>`, `<b>`, `<br>` from the data, no `<img>`-like tag, no `$…$` maths.
- `for_html` — HTML built as a string (e.g. a pydeck tooltip template): every `<`, `>`, `&`, quote
  escaped.
- `for_pptx` — text for python-pptx, which writes XML text (escaped by lxml) but refuses the control
  characters XML cannot hold: they are dropped.

What needs no escaping: st.dataframe and st.table cells (drawn as text), the map component
(dashboard/assets/map.js writes every text with textContent or setAttribute), downloads (CSV keeps its
formula prefix, components.escape_formulas; XLSX cells are written as text).

Pure functions, no Streamlit or plotly import (the briefing pack and etl-free tests use them).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["for_html", "for_markdown", "for_markdown_lines", "for_plotly", "for_pptx"]

# --- Markdown -----------------------------------------------------------------------------------------

# What Markdown (CommonMark, GitHub tables, strikethrough and autolinks, Streamlit's :colour[...]
# directives, :emoji: and :material/icon: short codes, $ maths) could read as markup, escaped with a
# backslash so it shows as itself. Only what can start markup is escaped, so ordinary text stays as
# written:
# - anywhere: \ ` * _ [ ] < > $ ~  (brackets: no link or image can form, so "(" ")" are safe);
# - a colon before a letter, digit or "[" (directives, short codes) or at the end (a highlight may
#   follow it);
# - "&" before a letter or "#" (HTML entities);
# - at the start of the text: heading, list, block quote or thematic break markers;
# - "|" only in a text that could be a table's delimiter row (nothing but | : - and spaces): without one
#   no table can form, so "As of 31 October 2020 | IOM DTM" keeps its pipe as written.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>$~])|(:)(?=[\w\[]|$)|(&)(?=[#A-Za-z])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
_TABLE_DELIMITER_ROW = re.compile(r"[\s|:-]*\|[\s|:-]*")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not \s: no-break spaces (French typography) stay
# GitHub's autolinks ("http://…", "www.…", "name@host.org") are found by Streamlit in the text *after*
# escapes are read (remark-gfm searches the text nodes), so a backslash cannot stop them: an invisible
# WORD JOINER (U+2060, zero width) inside "://", "www." and before "@" does. The reader sees the same text.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=\b[Ww]{3})(?=\.)|(?=@)")


def for_markdown(text: object) -> str:
    """`text` shown literally in Streamlit Markdown: no markup, links, HTML, maths, colour directives or
    short codes; line breaks and runs of spaces become one space (no block can start mid-text).

    Removing each backslash escape (and word joiner) gives the text back: a reader sees exactly what the
    data says."""
    escaped = _MARKDOWN_ANYWHERE.sub(lambda m: "\\" + m.group(0), _SPACES.sub(" ", str(text)))
    escaped = _AUTOLINK.sub(WORD_JOINER, escaped)
    if _TABLE_DELIMITER_ROW.fullmatch(escaped):
        escaped = escaped.replace("|", "\\|")
    # "1. " or "1) " opening the text would start a numbered list: escape the dot or bracket after it
    return _MARKDOWN_LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(found: re.Match[str]) -> str:
    lead, marker = found.group(1), found.group(2)
    if marker.isdigit():
        return f"{lead}{marker}\\"
    return f"{lead}\\{marker}"


def for_markdown_lines(lines: Iterable[object]) -> str:
    """Several texts, each escaped (for_markdown), one per line (Markdown hard line breaks)."""
    return "  \n".join(for_markdown(line) for line in lines)


# --- plotly -------------------------------------------------------------------------------------------

# Plotly reads <br>, <b>, <i>, <a href>, <span style>, <sup>, <sub> ... tags and HTML entities in any text
# it draws, and renders $…$ with MathJax when a page has it. Tags are split off before entities are
# decoded, so an escaped "<" can never open one; "$" as the entity &#36; is drawn as "$" but is no
# longer maths. What is already in plotly's plain form — a complete entity (&amp;, &#233;) or the line
# break <br> — passes unchanged, so a label a caller escaped (or wrapped with <br>) is not escaped twice:
# neither can make a link, an image, a style or maths.
_PLOTLY_KEPT = re.compile(r"<br>|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLOTLY_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"}
_PLOTLY_SPECIAL = re.compile(r"[&<>$]")


def for_plotly(text: object) -> str:
    """`text` as plotly draws it literally (labels, bar texts, hover, legend names, annotations, titles);
    a line break in the text ("\\n") becomes plotly's <br>."""
    parts: list[str] = []
    position = 0
    source = str(text)
    for kept in _PLOTLY_KEPT.finditer(source):
        parts.append(_plotly_escape(source[position : kept.start()]))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(_plotly_escape(source[position:]))
    return "".join(parts)


def _plotly_escape(text: str) -> str:
    escaped = _PLOTLY_SPECIAL.sub(lambda m: _PLOTLY_ESCAPES[m.group(0)], text)
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>")


# --- HTML and PPTX ------------------------------------------------------------------------------------


def for_html(text: object) -> str:
    """`text` inside HTML made as a string (a pydeck tooltip, an attribute): < > & " ' escaped."""
    return html.escape(str(text), quote=True)


# XML 1.0 holds tab, line feed and carriage return, but no other C0 control character, no lone
# surrogate and not U+FFFE/U+FFFF: lxml (under python-pptx) raises ValueError on them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def for_pptx(text: object) -> str:
    """`text` as a PowerPoint text run holds it: python-pptx escapes < > & itself (a run never becomes
    a link or markup), so only the characters XML cannot hold are dropped."""
    return _NOT_XML.sub("", str(text))
