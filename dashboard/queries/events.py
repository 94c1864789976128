"""Events (trainings, meetings) an office took part in. Pure pandas, no Streamlit."""

from __future__ import annotations

import pandas as pd


def office_events(
    events: pd.DataFrame, participants: pd.DataFrame, entity_id: str, regional_office: bool = False
) -> pd.DataFrame:
    """Coordination and training events an office took part in, newest first, with its role ("host",
    "participant" or "host_participant"; "region" for the Regional Office, which is shown the region's
    events). Events outside the region (in_region false) only where the country is a named participant."""
    if regional_office:
        chosen = events[events["in_region"]].assign(role="region")
    else:
        joined = set(participants.loc[participants["iso3"] == entity_id, "event_id"])
        hosted = events["host_iso3"].eq(entity_id).fillna(False).astype(bool)
        took_part = events["event_id"].isin(joined)
        chosen = events[(took_part | (hosted & events["in_region"]))].copy()
        chosen["role"] = [
            "host_participant" if h and p else ("host" if h else "participant")
            for h, p in zip(hosted[chosen.index], took_part[chosen.index], strict=True)
        ]
    return chosen.sort_values(["start_date", "event_id"], ascending=[False, True]).reset_index(drop=True)
