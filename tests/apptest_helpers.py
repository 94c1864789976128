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
