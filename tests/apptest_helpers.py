"""Run the app as Streamlit's AppTest does, on one page, in one language, with URL parameters."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def run_page(page: str, lang: str = "en", **params: str) -> AppTest:
    """AppTest of app.py switched to `page` (e.g. "app_pages/funding.py") with ?lang= and other parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page)
        for name, value in params.items():
            at.query_params[name] = value
        at.query_params["lang"] = lang
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything a reader sees as text on the page (markdown, captions, metrics, headings, alerts)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def map_specs(at: AppTest) -> list[dict]:
    """The maps on the page: the MapSpec each `components.show_map` sent (see dashboard/maps.py)."""
    import json

    return [json.loads(element.proto.json) for element in at.get("bidi_component")
            if element.proto.component_name == "wca_map"]


def coloured(spec: dict) -> dict[str, float]:
    """{ISO3: value} of the countries a choropleth colours by value."""
    return {shape["id"]: shape["value"] for shape in spec["shapes"] if shape["layer"] == "values"}


def layer(spec: dict, name: str) -> list[str]:
    """ISO3 codes drawn in one layer of a map ("context", "missing", "highlight", "outline", ...)."""
    return [shape["id"] for shape in spec["shapes"] if shape["layer"] == name]


def data_view_keys(at: AppTest) -> list[str]:
    """Widget keys (`<key>-view`) of the lazy table views on the page: components.data_view and the
    expanders built like it, which send their table and downloads only while open."""
    from streamlit.runtime.state.common import user_key_from_element_id

    keys = [user_key_from_element_id(expander.proto.id) for expander in at.expander]
    return [key for key in keys if key and key.endswith("-view")]


def open_data_views(at: AppTest, *keys: str) -> AppTest:
    """Open the table views of the given data_view keys (e.g. "map" for widget key "map-view"), or every
    one on the page if none is given, as a reader's click does, and rerun."""
    present = data_view_keys(at)
    wanted = [f"{key}-view" for key in keys] if keys else present
    missing = [key for key in wanted if key not in present]
    assert not missing, f"no table view {missing} on the page (views: {present})"
    for key in wanted:
        at.session_state[key] = True
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    """`at.run()` for a page in any language. Before a rerun AppTest reads each selectbox's value back
    through the page's format_func, in the test's thread, where dashboard.i18n.t() (no script run there)
    would answer in English and the French option would not be found: there, t() answers in the session's
    language."""
    from unittest import mock

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from dashboard import i18n

    lang = at.session_state.get("lang", i18n.DEFAULT_LANGUAGE)
    in_script = i18n.current_language

    def current_language() -> str:
        return in_script() if get_script_run_ctx() is not None else lang

    with mock.patch.object(i18n, "current_language", current_language):
        return at.run()
