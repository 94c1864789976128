"""The app's building blocks: data access, maps, charts, i18n, URL state, briefing pack."""
