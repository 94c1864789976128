"""Figures several pages show, computed from the tables (pure pandas, no Streamlit), split by subject.

Pages, sections and the briefing pack call these so the same number is never computed two ways.
"""

from dashboard.queries.appeal import *  # noqa: F403
from dashboard.queries.displacement import *  # noqa: F403
from dashboard.queries.events import *  # noqa: F403
from dashboard.queries.funding import *  # noqa: F403
from dashboard.queries.lake_chad import *  # noqa: F403
from dashboard.queries.themes import *  # noqa: F403
