"""The stewards' area: log in, upload a catalogue, preview it, publish or discard it, roll back a
publication. Reached at /steward?steward (a door readers are not shown); every action checks
the session's login first. Uploaded content is never rendered: names and counts are shown in
tables and select options (plain text), messages and evidence through `ui.as_text`."""

from __future__ import annotations

import contextlib

import polars as pl
import streamlit as st

from dashboard import data, stewards
from dashboard.i18n import country_label, t, theme_label
from dashboard.ui import as_text
from etl.config import CATALOGUE_EXTENSIONS, build_settings
from etl.pipeline import BuildError
from etl.publishing import Preview, PublishError, discard, preview, publications, publish, rollback, stage, staged

LOGIN = "steward_name"
UPLOAD = "steward_upload"


def _settings():
    return build_settings(db_path=data.db_path())


def login_form(lang: str) -> None:
    with st.form("steward_login"):
        name = st.text_input(t("steward_name", lang))
        password = st.text_input(t("steward_password", lang), type="password")
        if not st.form_submit_button(t("steward_login", lang)):
            return
    try:
        ok, wait = stewards.log_in(stewards.accounts_path(), name.strip(), password)
    except stewards.AccountError as exc:
        st.error(as_text(str(exc)))
        return
    if ok:
        st.session_state[LOGIN] = name.strip()
        st.rerun()
    st.error(t("steward_wrong", lang) + (f" ({t('steward_wait', lang)} {wait:.0f} s)" if wait else ""))


DONE = "steward_done"  # the message of the last action, shown after the rerun that redraws the page


def _counts(values: dict, label: str, name, lang: str) -> pl.DataFrame:
    return pl.DataFrame(
        {label: [name(str(k), lang) for k in values], t("steward_listings", lang): list(values.values())}
    )


def show_preview(p: Preview, lang: str) -> None:
    cols = st.columns(4)
    cols[0].metric(t("steward_listings", lang), p.listings)
    cols[1].metric(t("steward_added", lang), len(p.added))
    cols[2].metric(t("steward_removed", lang), len(p.removed))
    cols[3].metric(t("steward_changed", lang), len(p.changed))
    st.caption(f"{t('steward_flagged', lang)}: {p.flagged} · {t('steward_review', lang)}: {p.places_to_review}")
    left, right = st.columns(2)
    left.dataframe(_counts(p.by_theme, t("theme", lang), theme_label, lang), hide_index=True)
    right.dataframe(_counts(p.by_country, t("partner_country", lang), country_label, lang), hide_index=True)


def upload_step(lang: str) -> None:
    settings = _settings()
    file = st.file_uploader(t("steward_upload", lang), type=[e.lstrip(".") for e in CATALOGUE_EXTENSIONS])
    if file is not None and st.button(t("steward_preview", lang), type="primary"):
        try:
            s = stage(file.getvalue(), file.name, settings)
            with st.spinner(t("steward_building", lang)):
                st.session_state[UPLOAD] = (s.id, preview(s, settings))
        except (PublishError, BuildError) as exc:
            st.error(as_text(str(exc)))
    if UPLOAD not in st.session_state:
        return
    staged_id, p = st.session_state[UPLOAD]
    show_preview(p, lang)
    publish_col, discard_col = st.columns(2)
    if publish_col.button(t("steward_publish", lang), type="primary"):
        try:
            record = publish(staged(staged_id, settings), st.session_state[LOGIN], settings)
            st.session_state.pop(UPLOAD)
            st.session_state[DONE] = (
                f"{t('steward_published', lang)}: {record['listings_before']} → {record['listings_after']}"
            )
            st.rerun()
        except RuntimeError as exc:  # PublishError, or another writer holds the database
            st.error(as_text(str(exc)))
    if discard_col.button(t("steward_discard", lang)):
        st.session_state.pop(UPLOAD)
        with contextlib.suppress(PublishError):
            discard(staged(staged_id, settings), settings)
        st.rerun()


def history_step(lang: str) -> None:
    settings = _settings()
    records = publications(settings)
    st.subheader(t("steward_history", lang))
    if not records:
        st.caption(t("steward_no_history", lang))
        return
    rows = [{t("steward_when", lang): r["at"][:19].replace("T", " "), t("steward_action", lang): t(f"steward_did_{r['action']}", lang),
             t("steward_name", lang): r["steward"], "id": r["entry"],
             t("steward_files", lang): ", ".join(f["uploaded_as"] for f in r["files"]),
             t("steward_listings", lang): f"{r['listings_before']} → {r['listings_after']}"} for r in records]  # fmt: skip
    st.dataframe(pl.DataFrame(rows), hide_index=True)
    done = {r["entry"] for r in records if r["action"] == "rollback"}
    entries = [r["entry"] for r in records if r["action"] == "publish" and r["entry"] not in done]
    if entries:
        entry = st.selectbox(t("steward_rollback_which", lang), entries)
        if st.button(t("steward_rollback", lang)):
            try:
                out = rollback(entry, st.session_state[LOGIN], settings)
                st.session_state[DONE] = (
                    f"{t('steward_rolled_back', lang)}: {out['listings_before']} → {out['listings_after']}"
                )
                st.rerun()
            except RuntimeError as exc:
                st.error(as_text(str(exc)))


def review_step(lang: str) -> None:
    """The places left to review in the published database: accept the candidate or say the
    cell names no place, with a reason; the decisions, each undoable. Applied by the next build."""
    from etl import reviews

    settings = _settings()
    st.subheader(t("steward_places", lang))
    st.caption(t("steward_places_caption", lang))
    items = reviews.pending(settings.db_path)
    if items:
        labels = [f"{i['cell']} → {i['name']} ({i['region_code'] or '?'}) · {i['listings']}" for i in items]
        chosen = st.selectbox(t("steward_place_which", lang), range(len(items)), format_func=labels.__getitem__)
        st.caption(as_text(items[chosen]["evidence"]))
        reason = st.text_input(t("steward_reason", lang), key="steward_reason")
        accept, ignore = st.columns(2)
        for column, action in ((accept, "place"), (ignore, "ignore")):
            if column.button(t(f"steward_decide_{action}", lang)):
                try:
                    reviews.decide(settings.reviews_dir, items[chosen], action, st.session_state[LOGIN], reason)
                    st.session_state[DONE] = t("steward_decided", lang)
                    st.rerun()
                except reviews.ReviewError as exc:
                    st.error(as_text(str(exc)))
    decided = reviews.read_decisions(settings.reviews_dir)
    if decided:
        st.dataframe(pl.DataFrame([{k: r[k] for k in ("name", "country", "action", "place_name", "geonameid",
                                                     "reason", "steward", "decided_at")} for r in decided]),
                     hide_index=True)  # fmt: skip
        which = st.selectbox(t("steward_undo_which", lang), range(len(decided)),
                             format_func=lambda i: f"{decided[i]['name']} ({decided[i]['country']})")  # fmt: skip
        if st.button(t("steward_undo", lang)):
            reviews.undo(settings.reviews_dir, decided[which]["name"], decided[which]["country"])
            st.session_state[DONE] = t("steward_undone", lang)
            st.rerun()


def main() -> None:
    lang = st.session_state["ctx"].lang
    st.title(t("steward_area", lang))
    if not st.session_state.get(LOGIN):
        login_form(lang)
        return
    st.caption(f"{t('steward_logged_in', lang)}: {st.session_state[LOGIN]}")
    if st.button(t("steward_logout", lang)):
        st.session_state.pop(LOGIN)
        st.session_state.pop(UPLOAD, None)
        st.rerun()
    if done := st.session_state.pop(DONE, None):
        st.success(done)
    upload_step(lang)
    review_step(lang)
    history_step(lang)


main()
