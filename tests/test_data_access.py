"""dashboard.data: derived views computed once per process from the tables, equal to computing them
directly; a filtered Table; a caller changing a result does not change the next caller's copy."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import data, views
from dashboard.tables import read_table


@pytest.fixture(autouse=True)
def _fresh_caches():
    data.load.clear()
    data._derived.clear()
    yield
    data.load.clear()
    data._derived.clear()


def test_derived_equals_the_direct_computation():
    appeal, entities, displacement = (read_table(n) for n in ("appeal", "entities", "displacement"))
    pd.testing.assert_frame_equal(
        data.derived(views.appeal_totals, data.APPEAL, data.ENTITIES, ("O2", "O3")),
        views.appeal_totals(appeal, entities, ("O2", "O3")),
    )
    pd.testing.assert_frame_equal(
        data.derived(views.requirement_per_affected, data.APPEAL, data.ENTITIES, data.DISPLACEMENT),
        views.requirement_per_affected(appeal, entities, displacement),
    )
    events, participants = read_table("events"), read_table("event_participants")
    pd.testing.assert_frame_equal(
        data.derived(views.office_events, data.EVENTS, data.EVENT_PARTICIPANTS, "NGA", regional_office=False),
        views.office_events(events, participants, "NGA", regional_office=False),
    )


def test_a_filtered_table_keeps_only_its_rows():
    appeal = read_table("appeal")
    nigeria = data.Table("appeal", where=(("entity_id", "NGA"),)).read()
    assert len(nigeria) == 6 and set(nigeria["entity_id"]) == {"NGA"}
    assert nigeria["amount_usd"].sum() == appeal.loc[appeal["entity_id"] == "NGA", "amount_usd"].sum()
    assert data.Table("appeal", where=(("appeal_id", "none such"),)).read().empty


def test_changing_a_result_does_not_change_the_cached_one():
    first = data.derived(views.appeal_totals, data.APPEAL, data.ENTITIES)
    first.loc[:, "amount_usd"] = 0
    again = data.derived(views.appeal_totals, data.APPEAL, data.ENTITIES)
    assert again["amount_usd"].sum() == read_table("appeal")["amount_usd"].sum() == 380_026_059


def test_an_unreadable_table_raises_table_unavailable(processed_copy):
    (processed_copy / "funding.csv").unlink()
    with pytest.raises(data.TableUnavailable):
        data.derived(views.latest_funding_by_country, data.FUNDING, None)
