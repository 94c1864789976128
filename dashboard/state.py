"""View state in the URL (st.query_params), so a shared link opens the same view.

Every parameter is validated: a bad or oversized value falls back to the default with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import t

MAX_PARAM_LENGTH = 64


def _notice(name: str, raw: str, instead: str | None = None) -> None:
    shown = raw if len(raw) <= 24 else raw[:24] + "…"
    # Stays until the reader closes it: a link that silently showed something else would mislead. It names
    # what is shown instead when the page can say it in words (a country's name, not a code).
    if instead:
        text = t("common.param_fallback_named", param=name, value=shown, instead=instead)
    else:
        text = t("common.param_fallback", param=name, value=shown)
    st.toast(text, duration="infinite")


def query_choice(
    name: str,
    allowed: Sequence[str],
    default: str | None,
    *,
    normalise: Callable[[str], str] = str.strip,
    named: Callable[[str], str | None] | None = None,
) -> str | None:
    """The URL's value for `name` if it is one of `allowed`, else `default` (with a notice, which names the
    default through `named`, e.g. a country's name, when given)."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = normalise(raw[:MAX_PARAM_LENGTH]) if len(raw) <= MAX_PARAM_LENGTH else None
    if value in allowed:
        return value
    _notice(name, raw, named(default) if named and default is not None else None)
    if default is None:
        del st.query_params[name]
    else:
        st.query_params[name] = default
    return default


def query_choices(
    name: str, allowed: Sequence[str], *, normalise: Callable[[str], str] = str.strip
) -> list[str]:
    """A comma-separated list in the URL, keeping only allowed values (in order, no repeats)."""
    raw = st.query_params.get(name)
    if not raw:
        return []
    values: list[str] = []
    for part in raw[: MAX_PARAM_LENGTH * 4].split(","):
        value = normalise(part)
        if value in allowed and value not in values:
            values.append(value)
        elif value:
            _notice(name, part)
    return values


def set_query(**params: str | Sequence[str] | None) -> None:
    """Write view state to the URL; None removes a parameter, lists are comma-joined."""
    for name, value in params.items():
        if value is None or value == "" or value == []:
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, str):
            if st.query_params.get(name) != value:
                st.query_params[name] = value
        else:
            joined = ",".join(value)
            if st.query_params.get(name) != joined:
                st.query_params[name] = joined


def lower_code(raw: str) -> str:
    """A code as a link may spell it (?metric=Percent) -> the control's value (percent)."""
    return raw.strip().lower()


def upper_code(raw: str) -> str:
    """A code written in capitals (ISO3, an admin-1 P-code) as a link may spell it: ?country=tcd -> TCD."""
    return raw.strip().upper()


# --- widgets whose value is a code kept in the URL ------------------------------------------------------
# Streamlit's own binding (bind="query-params") writes the option as the widget shows it, i.e. the output
# of format_func: a translated label ("?category=Internally%20displaced%20persons"), and it rejects a code
# ("?category=idps"). These keep codes in the URL and the labels on screen; bind="query-params" is for
# widgets whose value is the text itself (the themes page's search box).


def select_in_url(
    widget: Callable[..., object],
    label: str,
    options: Sequence[str],
    *,
    param: str,
    key: str,
    default: str | None,
    format_func: Callable[[str], str],
    normalise: Callable[[str], str] = str.strip,
    clears: Sequence[str] = (),
    **kwargs: object,
) -> str | None:
    """`widget` (st.selectbox, st.radio or a column's) showing the URL's ?param= (validated by query_choice:
    a bad value falls back to `default` with a notice); a choice writes its code back to the URL and
    removes the parameters in `clears` (e.g. a date that belonged to the previous choice). The chosen code."""
    value = query_choice(param, options, default, normalise=normalise)
    st.session_state[key] = value
    widget(label, options, key=key, format_func=format_func, on_change=_write_choice,
           args=(param, key, tuple(clears)), **kwargs)
    return value


def multiselect_in_url(
    widget: Callable[..., object],
    label: str,
    options: Sequence[str],
    *,
    param: str,
    key: str,
    format_func: Callable[[str], str],
    normalise: Callable[[str], str] = str.strip,
    **kwargs: object,
) -> list[str]:
    """`widget` (st.multiselect or a column's) showing the URL's comma-separated ?param= codes (unknown
    ones dropped with a notice); a change writes the codes back. The chosen codes."""
    values = query_choices(param, options, normalise=normalise)
    st.session_state[key] = values
    widget(label, options, key=key, format_func=format_func, on_change=_write_choice,
           args=(param, key, ()), **kwargs)
    return values


def _write_choice(param: str, key: str, clears: tuple[str, ...]) -> None:
    set_query(**{param: st.session_state.get(key)}, **dict.fromkeys(clears))


def url_selectbox(
    container: Any,
    label: str,
    labels: Mapping[str, str],
    *,
    param: str,
    key: str,
    default: str,
    normalise: Callable[[str], str] = str.strip,
    disabled: bool = False,
) -> str:
    """`select_in_url` for a container's selectbox of the codes of `labels` (in their order, each shown as
    its label), with a default that never shows in the URL: the URL is rewritten in its canonical spelling
    (?pillar=o2 -> O2; the default leaves it). Returns the code."""
    value = select_in_url(
        container.selectbox, label, list(labels), param=param, key=key, default=default,
        format_func=labels.__getitem__, normalise=normalise, disabled=disabled,
    ) or default
    set_query(**{param: None if value == default else value})
    return value


def notice_unless_option(name: str, allowed: Collection[str]) -> None:
    """For a widget bound to the URL (`bind="query-params"`), which silently drops a value that is not one
    of its options: the same notice as `query_choice`. Call it before the widget."""
    raw = st.query_params.get(name)
    if raw and raw not in allowed:
        _notice(name, raw)
