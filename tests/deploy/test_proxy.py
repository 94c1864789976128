"""The deployment on one machine (issue #19): two replicas on 127.0.0.1:8501/8502 behind Debian's nginx
running deploy/local/nginx.conf on 127.0.0.1:8080, driven by real Chromium.

Every page is served through the proxy with no request leaving 127.0.0.1 and no Content-Security-Policy
violation; a visitor's requests (the websocket, a CSV download) all reach one replica; a click on the map
works; with the replica of an open session killed, new visitors are served and that session reconnects to
a working page on the other replica. `make deploy-test`, or `pytest -m deploy`.
"""

from __future__ import annotations

import contextlib
import csv
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.pages import PAGES
from tests.browser.conftest import PROJECT_DIR
from tests.deploy.conftest import csp_violations
from tests.deploy.stack import served_by

pytestmark = [pytest.mark.deploy, pytest.mark.browser, pytest.mark.timeout(300)]

# Every registered page; the country page with a country, as a shared link has it.
PAGE_URLS = ["/" if i == 0 else f"/{p.url_path}" for i, p in enumerate(PAGES)]
PAGE_URLS = [u + "?country=NGA" if u == "/country" else u for u in PAGE_URLS]
MAP = "funding_map"
HIGHLIGHT = 'path[data-layer="highlight"][data-iso3="{}"]'


def _get(url: str, cookie: str | None = None, gzip: bool = False) -> urllib.request.addinfourl:
    headers = {"Cookie": f"wca_affinity={cookie}"} if cookie else {}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as err:  # a 404 still carries the headers under test
        return err


def _affinity_cookie(response) -> str | None:
    """The wca_affinity cookie nginx set on this response (Streamlit sets its own XSRF cookie too)."""
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("wca_affinity="):
            assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
            return header.split(";")[0].split("=", 1)[1]
    return None


def _wait_for_selection(visit, iso3: str) -> None:
    visit.page.wait_for_function(f"() => location.search.includes('country={iso3}')", timeout=30_000)
    visit.wait_for_app()
    visit.wait_for_map(MAP, HIGHLIGHT.format(iso3))


def _appeal_requirements() -> dict[str, int]:
    """Requirement per office of the 2020 appeal (all pillars), summed from the processed table."""
    totals: dict[str, int] = {}
    with (PROJECT_DIR / "data" / "processed" / "appeal.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["appeal_id"] == "MI2020":
                totals[row["entity_id"]] = totals.get(row["entity_id"], 0) + int(float(row["amount_usd"]))
    return totals


def test_every_page_is_served_through_the_proxy_offline_and_within_its_csp(stack, visitor):
    person = visitor()
    for path in PAGE_URLS:
        visit = person.open(stack.url + path)
        visit.wait_for_page_complete()
        visit.wait_for_charts()
        main = visit.page.inner_text('[data-testid="stMainBlockContainer"]')
        assert "Data as of" in main, path
        assert visit.page.locator('[data-testid="stException"]').count() == 0, path
        assert visit.external_requests == [], path
        assert visit.console_errors == [], path
        assert csp_violations(visit) == [], path
        visit.page.close()
    # one visitor, one replica: every request of this browser went to the same one
    assert len(served_by(stack.access_log(), person.affinity())) == 1


def test_a_visitor_keeps_one_replica_and_new_visitors_spread_over_both(stack):
    cookie = _affinity_cookie(_get(f"{stack.url}/_stcore/health"))
    assert cookie
    for _ in range(20):
        response = _get(f"{stack.url}/_stcore/health", cookie=cookie)
        assert response.status == 200 and _affinity_cookie(response) is None  # kept, not renewed
    assert len(served_by(stack.access_log(), cookie)) == 1
    # 20 newcomers (no cookie): each gets a cookie of its own, and they land on both replicas
    newcomers = [_affinity_cookie(_get(f"{stack.url}/_stcore/health")) for _ in range(20)]
    entries = stack.access_log()
    assert len(set(newcomers)) == 20
    assert set().union(*(served_by(entries, c) for c in newcomers)) == {r.address for r in stack.replicas}


def test_security_headers_on_pages_and_errors(stack):
    for path in ("/", "/funding", "/_stcore/health", "/no-such-file.js"):
        headers = _get(stack.url + path).headers
        policy = headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        assert directives["default-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'", path
        assert directives["connect-src"] == "'self'", path  # the websocket is same-origin
        assert directives["object-src"] == "'none'", path
        assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in directives["script-src"], path
        assert "http" not in policy, path  # no outside origin allowed anywhere
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "no-referrer", path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["Server"] == "nginx", path  # no version number


def test_large_text_responses_are_compressed(stack):
    response = _get(f"{stack.url}/app/static/wca_countries.geojson", gzip=True)
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.read()) < (PROJECT_DIR / "static" / "wca_countries.geojson").stat().st_size / 2


def test_a_download_comes_from_the_replica_holding_the_session(stack, visitor):
    person = visitor()
    visit = person.open(f"{stack.url}/funding")
    visit.wait_for_app()
    visit.wait_for_map(MAP)
    rows = visit.table_csv("map")  # the "Show the data" expander's CSV download
    requirements = _appeal_requirements()
    shown = {row["ISO3 code"]: int(row["Requirement (US$)"]) for row in rows}
    assert shown == {iso3: requirements[iso3] for iso3 in shown} and len(shown) == 20
    assert shown["NGA"] == 110_475_810
    # the file was served by the replica whose memory holds it: the one this visitor's session is on
    entries = stack.access_log()
    downloads = [e for e in entries if e["affinity"] == person.affinity() and e["path"].startswith("/media/")]
    assert downloads and all(e["status"] == "200" for e in downloads)
    assert len(served_by(entries, person.affinity())) == 1
    assert visit.external_requests == [] and visit.console_errors == [] and csp_violations(visit) == []


def test_a_click_on_the_map_selects_a_country_through_the_proxy(stack, visitor):
    visit = visitor().open(f"{stack.url}/funding")
    visit.wait_for_app()
    visit.wait_for_map(MAP)
    point = visit.map_point(MAP, "NGA")
    visit.page.mouse.click(point["x"], point["y"])
    _wait_for_selection(visit, "NGA")
    assert "2020 requirement, Nigeria" in visit.page.inner_text('[data-testid="stMainBlockContainer"]')
    assert visit.maps()[MAP]["layers"]["highlight"] == ["NGA"]
    assert visit.external_requests == [] and visit.console_errors == [] and csp_violations(visit) == []


@pytest.mark.timeout(420)
def test_with_a_replica_killed_new_visitors_are_served_and_its_sessions_reconnect(stack, visitor):
    holder = visitor()
    visit = holder.open(f"{stack.url}/funding?country=NGA")
    visit.wait_for_page_complete()
    visit.wait_for_map(MAP, HIGHLIGHT.format("NGA"))
    (address,) = served_by(stack.access_log(), holder.affinity())
    killed = stack.replica_of(address)
    (survivor,) = [r for r in stack.replicas if r is not killed]

    # the websockets the page opens from now on, and how many messages each has received
    sockets: list[dict] = []

    def on_websocket(ws) -> None:
        record = {"frames": 0}
        ws.on("framereceived", lambda _frame: record.__setitem__("frames", record["frames"] + 1))
        sockets.append(record)

    visit.page.on("websocket", on_websocket)
    killed.kill()
    try:
        # new visitors: every page still served, by the survivor
        newcomer = visitor()
        for path in ("/", "/funding"):
            fresh = newcomer.open(stack.url + path)
            fresh.wait_for_page_complete()
            assert fresh.external_requests == [], path
            assert fresh.page.locator('[data-testid="stException"]').count() == 0, path
        assert served_by(stack.access_log(), newcomer.affinity()) == {survivor.address}

        # the open session: its page reconnects on its own and keeps showing its view; a new session on
        # the survivor runs the page from its URL at the next interaction (the killed replica's session
        # state is gone, the URL holds the view). Then a click on Niger selects Niger.
        deadline = time.monotonic() + 60
        while not sockets and time.monotonic() < deadline:
            visit.page.wait_for_timeout(250)
        assert sockets, "the page opened no new websocket within 60 s"
        assert "country=NGA" in visit.page.url
        clicks = 0
        while "country=NER" not in visit.page.url and clicks < 3:
            visit.wait_for_map(MAP)
            point = visit.map_point(MAP, "NER")
            visit.page.mouse.click(point["x"], point["y"])
            clicks += 1
            with contextlib.suppress(PlaywrightTimeout):
                visit.page.wait_for_function("() => location.search.includes('country=NER')", timeout=20_000)
        # The first interaction starts the new session (it runs the page from its URL; the click belonged
        # to a widget of the lost session); the second is the page's own again.
        assert clicks <= 2
        _wait_for_selection(visit, "NER")
        assert any(s["frames"] for s in sockets), "no message from the survivor"
        assert "2020 requirement, The Niger" in visit.page.inner_text('[data-testid="stMainBlockContainer"]')
        # its HTTP requests now go to the survivor
        later = [e for e in stack.access_log() if e["affinity"] == holder.affinity()]
        assert later[-1]["upstream"].split(", ")[-1] == survivor.address
        assert visit.external_requests == []
    finally:
        killed.start()  # the stack as it was, for whatever runs after this test
