"""Pages everyone can use (issue #17): axe-core, the accessibility engine, run inside real Chromium on every
page in English and French, finds no critical or serious WCAG 2 A/AA violation; a keyboard or screen-reader
user finds the map's countries as named buttons and opens one with Space.

axe-core comes from the npm registry, pinned in tests/browser/package.json and package-lock.json, and is
installed into tests/browser/node_modules by `make axe` (which `make test` runs); nothing is fetched at test
time: the script is injected from that file."""

from __future__ import annotations

import re

import pytest

from dashboard.pages import PAGES
from tests.browser.conftest import PROJECT_DIR

pytestmark = pytest.mark.browser

AXE_SCRIPT = PROJECT_DIR / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"critical", "serious"}

# Nodes axe is told to leave out, each a Streamlit-chrome element no app setting can fix, with the reason.
# None is needed with Streamlit 1.67 and this app's theme: keep it that way, and never leave out a whole
# rule. An entry is a CSS selector list as axe's `exclude` takes it.
STREAMLIT_CHROME_EXCLUDED: list[list[str]] = []

# (page url_path, lang) -> why a violation is known and where it must be fixed; the test then xfails
# strictly, so it fails again as soon as the page is fixed and the entry is forgotten. Empty today.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}

RUN_AXE = """async ([tags, exclude]) => {
  const result = await axe.run({include: [document], exclude},
                               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return {
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
    })),
    checked: [...result.passes, ...result.violations].map(r => r.id),
  };
}"""


def _require_axe() -> None:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT}): run `make axe` (make test runs it).")


def _report(violations: list[dict]) -> str:
    """Each violation: rule, impact, what it asks, and every node's CSS target with axe's summary."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))} — {summary[:300]}")
    return "\n".join(lines)


def _cases() -> list:
    cases = []
    for spec in PAGES:
        for lang in ("en", "fr"):
            reason = KNOWN_VIOLATIONS.get((spec.url_path, lang))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(spec, lang, marks=marks, id=f"{spec.url_path}-{lang}"))
    return cases


@pytest.mark.parametrize(("spec", "lang"), _cases())
def test_axe_finds_no_serious_or_critical_wcag_violation(app_url, browse, spec, lang):
    _require_axe()
    path = "" if spec is PAGES[0] else spec.url_path
    visit = browse(f"{app_url}/{path}?lang={lang}")
    visit.wait_for_page_complete()
    visit.wait_for_charts()
    visit.page.add_script_tag(path=str(AXE_SCRIPT))
    result = visit.page.evaluate(RUN_AXE, [WCAG_TAGS, STREAMLIT_CHROME_EXCLUDED])
    # axe did look at the page: the text contrast rule ran on the drawn page (the footer at least)
    assert "color-contrast" in result["checked"], result["checked"]
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    if blocking:
        print(_report(blocking))
    assert blocking == [], f"{spec.url_path} ({lang}):\n{_report(blocking)}"
    assert visit.external_requests == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_maps_countries_are_named_buttons_and_space_opens_one(app_url, browse, lang):
    """What a screen reader announces: the overview map is a named group of buttons, one per country,
    named by its hover lines (name first); Tab reaches them and Space, like Enter, opens the country,
    whose locator map (not clickable) is a single named image."""
    visit = browse(f"{app_url}/?lang={lang}")
    visit.wait_for_app()
    visit.wait_for_map("overview-map")
    drawing = visit.page.locator(".st-key-overview-map svg.wca-map-svg")
    assert drawing.get_attribute("role") == "group" and drawing.get_attribute("aria-label")
    buttons = visit.page.locator(".st-key-overview-map").get_by_role("button")
    assert buttons.count() == len(visit.maps()["overview-map"]["clickable"]) == 20
    chad = "Chad" if lang == "en" else "Tchad"
    button = visit.page.locator(".st-key-overview-map").get_by_role("button", name=re.compile(f"^{chad}, "))
    assert button.get_attribute("data-iso3") == "TCD"
    button.focus()
    visit.page.keyboard.press("Space")
    visit.page.wait_for_url("**/country?**", timeout=30_000)
    assert "country=TCD" in visit.page.url
    visit.page.wait_for_function(
        "(name) => ((document.querySelector('[data-testid=\"stMainBlockContainer\"] h1') || {}).innerText"
        " || '').includes(name)",
        arg=chad,
        timeout=30_000,
    )
    # a map nobody can click (the country's locator) is one image, named, with no buttons inside
    visit.wait_for_map("country-locator")
    locator = visit.page.locator(".st-key-country-locator svg.wca-map-svg")
    assert locator.get_attribute("role") == "img" and locator.get_attribute("aria-label")
    assert visit.page.locator(".st-key-country-locator").get_by_role("button").count() == 0
    assert visit.external_requests == []


# Every text a plotly chart draws, with its colour: axe-core leaves SVG text out of its contrast rule, so
# the charts' labels are measured here, against the white page they are drawn on.
CHART_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot .main-svg text')]
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => { const s = getComputedStyle(t);
              return {text: t.textContent.trim(), fill: s.fill, opacity: Number(s.fillOpacity)}; })"""


def _contrast_on_white(fill: str, opacity: float) -> float:
    """WCAG contrast ratio of an rgb(...) text colour, at `opacity`, over white."""
    channels = [float(x) for x in re.findall(r"[\d.]+", fill)[:3]]
    blended = [opacity * c + (1 - opacity) * 255 for c in channels]
    linear = [v / 255 / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in blended]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_chart_labels_have_the_contrast_of_text(app_url, browse):
    """The overview's ranking: every label a reader must read (ticks, bar labels, titles) at 4.5:1 or more."""
    visit = browse(f"{app_url}/?lang=en")
    visit.wait_for_page_complete()
    visit.wait_for_charts()
    texts = visit.page.evaluate(CHART_TEXT)
    assert texts, "no chart text drawn"
    contrasts = {(t["fill"], t["opacity"]): _contrast_on_white(t["fill"], t["opacity"]) for t in texts}
    faint = {colour: round(ratio, 2) for colour, ratio in contrasts.items() if ratio < 4.5}
    assert faint == {}, faint
