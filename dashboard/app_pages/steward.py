"""The stewards' area: log in, upload a catalogue, preview it, publish or discard it, roll back a
publication. Reached at /steward?steward (a door readers are not shown); every action checks
the session's login first. Uploaded content is never rendered: names and counts are shown in
tables and select options (plain text), messages and evidence through `ui.as_text`."""

from __future__ import annotations

import contextlib

import polars as pl
import streamlit as st

from dashboard import data, stewards
from dashboard.i18n import country_label, kind_label, t, theme_label
from dashboard.ui import as_text
from etl.config import CATALOGUE_EXTENSIONS, build_settings
from etl.pipeline import BuildError
from etl.publishing import (
    Preview,
    PublishError,
    discard,
    preview,
    publications,
    publish,
    rollback,
    stage,
    stage_rebuild,
    staged,
)

LOGIN = "steward_name"
UPLOAD = "steward_upload"


def _settings():
    return build_settings(db_path=data.db_path())


def _oidc_configured() -> bool:
    """Streamlit's OIDC login is set up ([auth] in secrets.toml) and stewards are named for it."""
    import os

    try:
        return bool(os.environ.get("COOP_OIDC_STEWARDS")) and "auth" in st.secrets
    except Exception:  # noqa: BLE001 — no secrets file: Streamlit raises its own error types
        return False


def oidc_login(lang: str) -> None:
    """The organisation's identity provider (optional, docs/stewardship.md): its login, then the
    allow-list."""
    if not st.user.is_logged_in:
        st.button(t("steward_oidc", lang), on_click=st.login)
        return
    name = stewards.oidc_steward(st.user.get("email"))
    if name is None:
        st.error(t("steward_oidc_refused", lang))
        return
    st.session_state[LOGIN] = name
    st.rerun()


def login_form(lang: str) -> None:
    if _oidc_configured():
        oidc_login(lang)
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


def _preview(make, settings, lang: str) -> None:
    """Stage (an upload, or a rebuild) and build its preview; the problems shown as text."""
    try:
        s = make()
        with st.spinner(t("steward_building", lang)):
            st.session_state[UPLOAD] = (s.id, preview(s, settings))
    except (PublishError, BuildError) as exc:
        st.error(as_text(str(exc)))


def upload_step(lang: str) -> None:
    settings = _settings()
    file = st.file_uploader(t("steward_upload", lang), type=[e.lstrip(".") for e in CATALOGUE_EXTENSIONS])
    if file is not None and st.button(t("steward_preview", lang), type="primary"):
        _preview(lambda: stage(file.getvalue(), file.name, settings), settings, lang)
    st.caption(t("steward_rebuild_caption", lang))
    if st.button(t("steward_rebuild", lang)):
        _preview(lambda: stage_rebuild(settings), settings, lang)
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
             t("steward_files", lang): ", ".join(f["uploaded_as"] for f in r["files"])
                                       or (t("steward_rebuilt", lang) if r.get("rebuild") else ""),
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


PLACE_COLUMNS = {"name": "steward_col_cell", "country": "steward_col_country", "action": "steward_action",
                 "place_name": "steward_col_place", "geonameid": "steward_col_geonameid", "reason": "steward_col_reason",
                 "steward": "steward_name", "decided_at": "steward_when"}  # fmt: skip
RELATION_COLUMNS = {"fr_actor": "steward_col_fr", "partner_actor": "steward_col_partner", "kind": "steward_col_kind",
                    "review": "steward_action", "source_file": "steward_col_source", "source_line": "steward_col_line",
                    "reason": "steward_col_reason", "steward": "steward_name", "decided_at": "steward_when"}  # fmt: skip


def _decisions(rows: list[dict], columns: dict[str, str], lang: str) -> pl.DataFrame:
    """The decisions recorded, under the page's column names (values as written: plain text)."""
    return pl.DataFrame([{t(key, lang): r.get(col, "") for col, key in columns.items()} for r in rows])


def _undoable(decided: list[dict], columns: dict[str, str], label, undo, key: str, lang: str) -> None:
    """The decisions recorded, and one to undo."""
    if not decided:
        return
    st.dataframe(_decisions(decided, columns, lang), hide_index=True)
    which = st.selectbox(t("steward_undo_which", lang), range(len(decided)), key=key,
                         format_func=lambda i: label(decided[i]))  # fmt: skip
    if st.button(t("steward_undo", lang), key=f"{key}_button"):
        undo(decided[which])
        st.session_state[DONE] = t("steward_undone", lang)
        st.rerun()


def _decide(record, lang: str) -> None:
    """Run a decision; its confirmation after the rerun, or its problem as text."""
    from etl.reviews import ReviewError

    try:
        record()
        st.session_state[DONE] = t("steward_decided", lang)
        st.rerun()
    except ReviewError as exc:
        st.error(as_text(str(exc)))


def _another_place(item: dict, settings, lang: str) -> dict | None:
    """A search among the places of the item's country; the one chosen, or None."""
    from etl.place_search import find_places

    query = st.text_input(t("steward_search", lang), key="steward_search", max_chars=80)
    if len(query.strip()) < 2:
        return None
    found = find_places(settings, item["country"], query)
    if not found:
        st.caption(t("steward_search_none", lang))
        return None
    labels = [f"{c['name']} ({c['region_code'] or '?'})" + (f" · {c['population']:,}" if c["population"] else "")
              for c in found]  # fmt: skip
    return found[st.selectbox(t("steward_search_which", lang), range(len(found)), format_func=labels.__getitem__)]


def review_step(lang: str) -> None:
    """The places left to review in the published database: accept the candidate, choose another,
    or say the cell names no place, with a reason; the decisions, each undoable. Applied by the
    next build."""
    from etl import reviews

    settings = _settings()
    st.subheader(t("steward_places", lang))
    st.caption(t("steward_places_caption", lang))
    items = reviews.pending(settings.db_path)
    if not items:
        st.caption(t("steward_no_places", lang))
    else:
        labels = [f"{i['cell']} → {i['name']} ({i['region_code'] or '?'}) · {i['listings']}" for i in items]
        item = items[st.selectbox(t("steward_place_which", lang), range(len(items)), format_func=labels.__getitem__)]
        st.caption(as_text(item["evidence_fr" if lang == "fr" else "evidence"]))
        reason = st.text_input(t("steward_reason", lang), key="steward_reason", max_chars=300)
        accept, ignore = st.columns(2)
        for column, action in ((accept, "place"), (ignore, "ignore")):
            if column.button(t(f"steward_decide_{action}", lang)):
                _decide(lambda a=action: reviews.decide(settings.reviews_dir, item, a, st.session_state[LOGIN],
                                                        reason), lang)  # fmt: skip
        choice = _another_place(item, settings, lang)
        if choice is not None and st.button(t("steward_decide_choice", lang)):
            _decide(lambda: reviews.decide(settings.reviews_dir, item, "place", st.session_state[LOGIN], reason,
                                           choice), lang)  # fmt: skip
    _undoable(reviews.read_decisions(settings.reviews_dir), PLACE_COLUMNS, lambda r: f"{r['name']} ({r['country']})",
              lambda r: reviews.undo(settings.reviews_dir, r["name"], r["country"]), "steward_place_undo", lang)  # fmt: skip


def relations_step(lang: str) -> None:
    """The relations left to review: accept or reject each, with a reason; the decisions, each
    undoable. Applied by the next build."""
    from etl import reviews

    settings = _settings()
    st.subheader(t("steward_relations", lang))
    st.caption(t("steward_relations_caption", lang))
    items = reviews.pending_relations(settings.db_path)
    if not items:
        st.caption(t("steward_no_relations", lang))
    else:
        labels = [f"{i['fr_name']} – {i['partner_name']} · {kind_label(i['kind'], lang)} · {i['source_file']}:"
                  f"{i['source_line']}" for i in items]  # fmt: skip
        item = items[st.selectbox(t("steward_relation_which", lang), range(len(items)), format_func=labels.__getitem__)]
        st.caption(as_text(f"« {item['evidence']} » — {item['note_fr' if lang == 'fr' else 'note']}"))
        reason = st.text_input(t("steward_reason", lang), key="steward_relation_reason", max_chars=300)
        accept, reject = st.columns(2)
        for column, action in ((accept, "accept"), (reject, "reject")):
            if column.button(t(f"steward_decide_{action}", lang)):
                _decide(lambda a=action: reviews.decide_relation(settings.reviews_dir, item, a,
                                                                 st.session_state[LOGIN], reason), lang)  # fmt: skip
    _undoable(reviews.read_relation_decisions(settings.reviews_dir), RELATION_COLUMNS,
              lambda r: f"{r['fr_actor']} – {r['partner_actor']}",
              lambda r: reviews.undo_relation(settings.reviews_dir, r), "steward_relation_undo", lang)  # fmt: skip


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
    relations_step(lang)
    history_step(lang)


main()
