"""View state in the URL (st.query_params), so a shared link opens the same view.

Every parameter is validated: a bad or oversized value falls back to the default with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from dashboard.i18n import t

MAX_PARAM_LENGTH = 64


def _notice(name: str, raw: str) -> None:
    shown = raw if len(raw) <= 24 else raw[:24] + "…"
    st.toast(t("common.param_fallback", param=name, value=shown))


def query_choice(
    name: str,
    allowed: Sequence[str],
    default: str | None,
    *,
    normalise: Callable[[str], str] = str.strip,
) -> str | None:
    """The URL's value for `name` if it is one of `allowed`, else `default` (with a notice)."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = normalise(raw[:MAX_PARAM_LENGTH]) if len(raw) <= MAX_PARAM_LENGTH else None
    if value in allowed:
        return value
    _notice(name, raw)
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


def presenting() -> bool:
    """True in presentation mode (?present=1): pages draw larger and leave out tables and downloads."""
    return bool(st.session_state.get("present", False))
