"""dashboard.data: derived views computed once per process from the tables, equal to computing them
directly; a filtered Table; results shared by every session, which no page modifies."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data, queries
from dashboard.tables import read_table


@pytest.fixture(autouse=True)
def _fresh_caches():
    data.clear_caches()
    yield
    data.clear_caches()


def test_derived_equals_the_direct_computation():
    appeal, entities, displacement = (read_table(n) for n in ("appeal", "entities", "displacement"))
    pd.testing.assert_frame_equal(
        data.derived(queries.appeal_totals, data.APPEAL, data.ENTITIES, ("O2", "O3")),
        queries.appeal_totals(appeal, entities, ("O2", "O3")),
    )
    pd.testing.assert_frame_equal(
        data.derived(queries.requirement_per_affected, data.APPEAL, data.ENTITIES, data.DISPLACEMENT),
        queries.requirement_per_affected(appeal, entities, displacement),
    )
    events, participants = read_table("events"), read_table("event_participants")
    pd.testing.assert_frame_equal(
        data.derived(
            queries.office_events, data.EVENTS, data.EVENT_PARTICIPANTS, "NGA", regional_office=False
        ),
        queries.office_events(events, participants, "NGA", regional_office=False),
    )


def test_a_filtered_table_keeps_only_its_rows():
    appeal = read_table("appeal")
    nigeria = data.Table("appeal", where=(("entity_id", "NGA"),)).read()
    assert len(nigeria) == 6 and set(nigeria["entity_id"]) == {"NGA"}
    assert nigeria["amount_usd"].sum() == appeal.loc[appeal["entity_id"] == "NGA", "amount_usd"].sum()
    assert data.Table("appeal", where=(("appeal_id", "none such"),)).read().empty


def test_results_are_shared_not_copied():
    """One object per process for every session (st.cache_resource): no copy per call."""
    first = data.derived(queries.appeal_totals, data.APPEAL, data.ENTITIES)
    assert data.derived(queries.appeal_totals, data.APPEAL, data.ENTITIES) is first
    assert data.load("appeal") is data.load("appeal")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_modifies_the_shared_tables_or_results(monkeypatch, lang):
    """As tables and derived results are shared, a page that changed one in place would change what every
    other session sees. Every page is run (with its table views open), then run again; every table and
    every derived result made meanwhile must still be what it was when made."""
    import pickle

    from dashboard.pages import PAGES
    from tests.apptest_helpers import open_data_views, run_page

    made: list[tuple[str, object, bytes]] = []
    compute = data._compute

    def recording(module, qualname, args, kwargs):
        result = compute(module, qualname, args, kwargs)
        made.append((qualname, result, pickle.dumps(result)))
        return result

    monkeypatch.setattr(data, "_compute", recording)
    for page in PAGES:
        for _ in range(2):
            at = run_page(page.path, lang)
            assert not at.exception, page.path
            open_data_views(at)
            assert not at.exception, page.path
    assert len(made) > 20  # the pages did derive their views here
    changed = [name for name, result, before in made if pickle.dumps(result) != before]
    assert changed == []
    for name in ("appeal", "entities", "displacement", "funding", "priorities", "priority_themes", "themes"):
        pd.testing.assert_frame_equal(data.load(name), read_table(name))


def test_an_unreadable_table_raises_table_unavailable(processed_copy):
    (processed_copy / "funding.csv").unlink()
    with pytest.raises(data.TableUnavailable):
        data.derived(queries.latest_funding_by_country, data.FUNDING, None)


def test_build_once_builds_each_result_once_and_shares_it():
    calls = []

    def spec(theme_id: str, language: str) -> dict:
        calls.append((theme_id, language))
        return {"theme": theme_id, "lang": language}

    built = data.build_once(spec)
    first = built("health", "fr")
    assert built("health", "fr") is first and calls == [("health", "fr")]
    assert built("health", "en") == {"theme": "health", "lang": "en"} and len(calls) == 2
    # a page script defines its builders anew on every run: the same function again finds the same results
    assert data.build_once(spec)("health", "fr") is first and len(calls) == 2


def test_build_once_tells_apart_builders_with_other_code():
    def one(x: int) -> int:
        return x + 1

    def two(x: int) -> int:
        return x + 2

    two.__qualname__ = one.__qualname__  # same name, other bytecode (the page was edited)
    assert data.build_once(one)(1) == 2 and data.build_once(two)(1) == 3
