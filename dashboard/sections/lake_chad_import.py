"""The Lake Chad Basin page's import of new DTM figures: behind WCA_ENABLE_UPLOADS=1, through the same
importer as `python -m etl import FILE`; the result (in the page's language) shown after the rerun."""

from __future__ import annotations

import streamlit as st

from dashboard import data, settings
from dashboard.i18n import translate
from dashboard.search import escape_markdown

RESULT_KEY = "lake_chad_import_result"


def show_import(lang: str) -> None:
    """The import section, only where an operator runs the app (uploads on): on a public server a visitor
    can do nothing with an import command, so the page does not mention one."""
    if not settings.uploads_enabled():
        return
    st.subheader(translate("lake_chad.import_heading", lang))
    result = st.session_state.pop(RESULT_KEY, None)
    if result:
        status, message = result
        # The importer's message quotes the file (names, cells): shown literally, one line per problem.
        text = "  \n".join(escape_markdown(line) for line in message.splitlines())
        (st.success if status == "ok" else st.error)(text)
    st.write(translate("lake_chad.import_intro", lang))
    upload = st.file_uploader(translate("lake_chad.upload_label", lang), type=["csv"], key="lake_chad_upload")
    if upload is not None and st.button(translate("lake_chad.import_button", lang), key="lake_chad_import"):
        st.session_state[RESULT_KEY] = import_upload(upload.getvalue(), upload.name, lang)
        st.rerun()


def import_upload(content: bytes, name: str, lang: str) -> tuple[str, str]:
    """("ok" or "error", the message in `lang`); after an import, every cache is cleared so that the page
    reads the rebuilt tables."""
    from dashboard.tables import default_processed_dir
    from etl import importer
    from etl.common import EtlError

    try:
        done = importer.import_bytes(
            content, name, raw_dir=importer.default_raw_dir(), out_dir=default_processed_dir()
        )
    except EtlError as err:
        # The importer's messages come from the catalogues: err.text(lang) is the page's language.
        return "error", translate("lake_chad.import_refused", lang, message=err.text(lang))
    data.clear_caches()
    return "ok", translate("lake_chad.import_done", lang, message=done.text(lang))
