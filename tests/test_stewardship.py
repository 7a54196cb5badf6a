"""Steward accounts, the login throttle, and publishing an upload: stage, preview, publish, roll
back, one writer at a time."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from dataclasses import replace

import duckdb
import pytest

from dashboard import stewards
from etl.config import build_settings
from etl.db.load import DatabaseBusy, exclusive
from etl.pipeline import BuildError, run_build
from etl.publishing import (
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
from tests.conftest import EDITIONS, RAW, ROOT

# --- accounts ------------------------------------------------------------------------------------


def test_an_account_is_a_hash_in_a_private_file(tmp_path):
    path = tmp_path / "conf" / "stewards.json"
    stewards.add_account(path, "alice", "correct horse battery")
    text = path.read_text()
    assert "correct horse battery" not in text and "$argon2" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    accounts = stewards.read_accounts(path)
    assert stewards.check_password(accounts, "alice", "correct horse battery")
    assert not stewards.check_password(accounts, "alice", "correct horse batterY")
    assert not stewards.check_password(accounts, "mallory", "correct horse battery")


@pytest.mark.parametrize(("name", "password"), [("Alice", "long enough password"), ("a", "long enough password"),
                                                ("../x", "long enough password"), ("bob", "short")])  # fmt: skip
def test_a_bad_name_or_short_password_is_refused(tmp_path, name, password):
    with pytest.raises(stewards.AccountError):
        stewards.add_account(tmp_path / "s.json", name, password)
    assert not (tmp_path / "s.json").exists()


def test_the_command_line_creates_lists_and_removes_accounts(tmp_path):
    env = {"COOP_STEWARDS": str(tmp_path / "s.json"), "PATH": "/usr/bin:/bin"}

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "dashboard", "steward", *args], input=stdin, text=True,
                              capture_output=True, env=env, cwd=ROOT)  # fmt: skip

    assert run("add", "alice", "--password-stdin", stdin="correct horse battery\n").returncode == 0
    short = run("add", "bob", "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "at least 12" in short.stderr and "Traceback" not in short.stderr
    assert run("list").stdout.startswith("alice\t")
    assert run("remove", "nobody").returncode == 2
    assert run("remove", "alice").returncode == 0 and run("list").stdout == ""
    (tmp_path / "s.json").write_text("{not json")  # a damaged file: a message, exit 2, no traceback
    damaged = run("list")
    assert damaged.returncode == 2 and "not a readable accounts file" in damaged.stderr
    assert "Traceback" not in damaged.stderr


def test_failed_logins_lock_the_name_out_longer_each_time(tmp_path):
    path = tmp_path / "s.json"
    stewards.add_account(path, "alice", "correct horse battery")
    now = [1000.0]
    throttle = stewards.Throttle(clock=lambda: now[0])
    for _ in range(stewards.FREE_FAILURES):
        assert stewards.log_in(path, "alice", "wrong password!!", throttle)[0] is False
    assert throttle.wait("alice") == stewards.LOCKOUT_SECONDS
    # locked: even the right password is not checked
    assert stewards.log_in(path, "alice", "correct horse battery", throttle) == (False, stewards.LOCKOUT_SECONDS)
    now[0] += stewards.LOCKOUT_SECONDS
    assert stewards.log_in(path, "alice", "wrong password!!", throttle)[1] == 2 * stewards.LOCKOUT_SECONDS
    now[0] += 2 * stewards.LOCKOUT_SECONDS
    assert stewards.log_in(path, "alice", "correct horse battery", throttle) == (True, 0.0)
    assert throttle.wait("alice") == 0.0  # a success clears the count
    assert throttle.wait("bob") == 0.0  # another name is not locked


def test_replicas_sharing_the_accounts_file_share_the_count_of_failures(tmp_path):
    path = tmp_path / "s.json"
    stewards.add_account(path, "alice", "correct horse battery")
    failures = tmp_path / "s.json.failures"
    one, other = stewards.Throttle(path=failures), stewards.Throttle(path=failures)  # two server processes
    for _ in range(stewards.FREE_FAILURES):
        stewards.log_in(path, "alice", "wrong password!!", one)
    assert 0 < other.wait("alice") <= stewards.LOCKOUT_SECONDS
    assert stewards.log_in(path, "alice", "correct horse battery", other)[0] is False
    assert stat.S_IMODE(failures.stat().st_mode) == 0o600 and "correct horse" not in failures.read_text()
    for damaged in ("{damaged", '{"alice": "x"}', "[1, 2]"):
        failures.write_text(damaged)
        assert one.wait("alice") == 0.0  # a damaged count starts again; it never locks a door for good
    assert stewards.throttle_for(path) is stewards.throttle_for(path)  # the page's default, beside the file


def test_a_failures_file_that_cannot_be_written_counts_in_the_process(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(stewards.os, "open", refused)  # a read-only folder beside the accounts
    alone = stewards.Throttle(path=tmp_path / "s.json.failures")
    for _ in range(stewards.FREE_FAILURES):
        alone.failed("bob")
    assert alone.wait("bob") > 0 and not (tmp_path / "s.json.failures").exists()


def test_an_identity_providers_login_is_a_steward_only_when_listed():
    env = {"COOP_OIDC_STEWARDS": "Alice@Example.org, bob@example.org"}
    assert stewards.oidc_steward("alice@example.org", env) == "alice@example.org"
    assert stewards.oidc_steward(" BOB@example.org", env) == "bob@example.org"
    assert stewards.oidc_steward("mallory@example.org", env) is None
    assert stewards.oidc_steward(None, env) is None and stewards.oidc_steward("alice@example.org", {}) is None


# --- publishing ----------------------------------------------------------------------------------


def test_an_upload_is_checked_and_kept_under_the_servers_name(tmp_path):
    settings = build_settings(db_path=tmp_path / "data" / "coop.duckdb", raw_dir=tmp_path / "raw")
    with pytest.raises(PublishError, match="not a catalogue format"):
        stage(b"MZ\x90\x00", "tool.exe", settings)
    with pytest.raises(PublishError, match="empty"):
        stage(b"", "catalogue.txt", settings)
    with pytest.raises(PublishError, match="larger than"):
        stage(b"x" * int(settings.max_megabytes * 1e6 + 1), "catalogue.txt", settings)
    s = stage(b"content", "../../etc/passwd.txt", settings)
    assert s.file.parent.parent == tmp_path / "data" / "staging" and s.file.name.startswith("catalogue_upload_")
    assert staged(s.id, settings) == s
    # the documented pattern is kept (the build reads year and language from it), lower-cased
    assert stage(b"x", "C:\\Users\\me\\Catalogue_2025_JP_fr.TXT", settings).file.name == "catalogue_2025_jp_fr.txt"
    assert stage(b"x", "catalogue_2025_jp_fr;rm -rf.txt", settings).file.name.startswith("catalogue_upload_")
    for crafted in ("../" + s.id, s.id.upper(), "0" * 16, ""):
        with pytest.raises(PublishError, match="no such upload"):
            staged(crafted, settings)
    discard(s, settings)
    with pytest.raises(PublishError, match="no such upload"):
        staged(s.id, settings)


@pytest.fixture
def published(tmp_path):
    """A published database of the seed documents, in a scratch data folder."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    settings = build_settings(db_path=tmp_path / "data" / "coop.duckdb", raw_dir=raw, reviews_dir=tmp_path / "rv")
    run_build(settings, log=lambda m: None)
    return settings


def _count(db) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def test_a_previewed_upload_is_published_and_rolled_back(published):
    before = _count(published.db_path)
    upload = stage((EDITIONS / "catalogue_2023_ru_fr.txt").read_bytes(), "Catalogue 2023.txt", published)
    with pytest.raises(PublishError, match="preview"):
        publish(upload, "alice", published)
    seen = preview(upload, published)
    assert seen.added and not seen.removed and seen.listings == before + len(seen.added)
    assert sum(seen.by_theme.values()) == seen.listings and _count(published.db_path) == before  # not yet
    record = publish(upload, "alice", published)
    assert _count(published.db_path) == seen.listings and record["listings_before"] == before
    assert (published.raw_dir / upload.file.name).exists()
    assert record["files"][0]["sha256"] == upload.sha256 and record["files"][0]["uploaded_as"] == "Catalogue 2023.txt"
    assert publications(published)[0]["entry"] == record["entry"]
    undone = rollback(record["entry"], "bob", published)
    assert _count(published.db_path) == before and undone["listings_after"] == before
    assert not (published.raw_dir / upload.file.name).exists()  # the next build will not bring it back
    assert [r["action"] for r in publications(published)] == ["rollback", "publish"]
    audit = (published.db_path.parent / "history" / "audit.jsonl").read_text().splitlines()
    assert [json.loads(line)["steward"] for line in audit] == ["alice", "bob"]
    with pytest.raises(PublishError, match="no such publication"):
        rollback("../../etc", "bob", published)


def test_one_writer_at_a_time(published):
    upload = stage((EDITIONS / "catalogue_2023_ru_fr.txt").read_bytes(), "c.txt", published)
    preview(upload, published)
    before = published.db_path.stat().st_mtime_ns
    with exclusive(published.db_path):  # a build or another publication holds the database
        with pytest.raises(DatabaseBusy, match="another publication or build"):
            publish(upload, "alice", published)
        with pytest.raises(BuildError, match="another publication or build"):
            run_build(published, log=lambda m: None)
    assert published.db_path.stat().st_mtime_ns == before and not (published.raw_dir / upload.file.name).exists()
    publish(upload, "alice", published)  # once released


# --- the page ------------------------------------------------------------------------------------


def test_readers_have_no_door_and_a_wrong_password_opens_nothing(built_db, monkeypatch, tmp_path):
    from tests.conftest import app_factory

    monkeypatch.setenv("COOP_STEWARDS", str(tmp_path / "s.json"))
    stewards.add_account(tmp_path / "s.json", "alice", "correct horse battery")
    make = app_factory(built_db, monkeypatch)
    reader = make()
    assert not reader.exception
    with pytest.raises(Exception):  # noqa: B017 — not in a reader's navigation: no such page
        reader.switch_page("app_pages/steward.py").run()
    at = make(steward="1")
    at.switch_page("app_pages/steward.py").run()
    assert not at.exception and not at.get("file_uploader")
    at.text_input[0].input("alice")
    at.text_input[1].input("wrong password!!")
    at.button[0].click().run()  # the form's submit
    assert at.error and not at.get("file_uploader")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.error and at.get("file_uploader") and "alice" in at.caption[0].value


# --- reviewing places ----------------------------------------------------------------------------


def test_a_stewards_decision_on_a_place_is_applied_by_the_next_build_and_undone(tmp_path):
    from etl import reviews
    from tests.conftest import EDITION_FILES

    settings = build_settings(db_path=tmp_path / "coop.duckdb", catalogues=EDITION_FILES, reviews_dir=tmp_path / "rv")
    run_build(settings, log=lambda m: None)
    items = reviews.pending(settings.db_path)
    assert items and items[0]["name"] == "Saint-Denis" and "does not say which" in items[0]["evidence"]
    with pytest.raises(reviews.ReviewError, match="reason"):
        reviews.decide(settings.reviews_dir, items[0], "place", "alice", "  ")
    row = reviews.decide(settings.reviews_dir, items[0], "place", "alice", "the listing is in La Réunion")
    assert row["steward"] == "alice" and row["geonameid"] == str(items[0]["geonameid"])
    run_build(replace(settings, accept_drop=True), log=lambda m: None)
    assert reviews.pending(settings.db_path) == []
    con = duckdb.connect(str(settings.db_path), read_only=True)
    resolver, accepted = con.execute(
        "SELECT ep.resolver, ep.accepted FROM event_places ep JOIN places p USING (place_id) WHERE p.geonameid = ?",
        [items[0]["geonameid"]],
    ).fetchone()
    con.close()
    assert (resolver, accepted) == ("override", True)
    assert reviews.undo(settings.reviews_dir, row["name"], row["country"]) is True
    assert reviews.undo(settings.reviews_dir, row["name"], row["country"]) is False
    run_build(replace(settings, accept_drop=True), log=lambda m: None)
    assert [i["cell"] for i in reviews.pending(settings.db_path)] == [items[0]["cell"]]


def test_the_page_records_and_undoes_a_decision(editions_db, monkeypatch, tmp_path):
    from etl import reviews
    from tests.conftest import app_factory

    monkeypatch.setenv("COOP_STEWARDS", str(tmp_path / "s.json"))
    monkeypatch.setenv("COOP_REVIEWS_DIR", str(tmp_path / "rv"))
    stewards.add_account(tmp_path / "s.json", "carol", "correct horse battery")
    at = app_factory(editions_db, monkeypatch)(steward="1")
    at.switch_page("app_pages/steward.py").run()
    at.text_input[0].input("carol")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    at.text_input(key="steward_reason").input("La Réunion, says the listing's title")
    next(b for b in at.button if b.label == "Accepter le lieu proposé").click().run()
    assert not at.exception and at.success[0].value == "Décision enregistrée"
    (row,) = reviews.read_decisions(tmp_path / "rv")
    assert (row["name"], row["action"], row["steward"]) == ("Saint-Denis", "place", "carol")
    next(b for b in at.button if b.label == "Annuler la décision").click().run()
    assert reviews.read_decisions(tmp_path / "rv") == []


def test_the_page_chooses_another_place_and_rejects_a_relation(editions_db, monkeypatch, tmp_path):
    from etl import reviews
    from tests.conftest import app_factory

    monkeypatch.setenv("COOP_STEWARDS", str(tmp_path / "s.json"))
    monkeypatch.setenv("COOP_REVIEWS_DIR", str(tmp_path / "rv"))
    stewards.add_account(tmp_path / "s.json", "carol", "correct horse battery")
    at = app_factory(editions_db, monkeypatch)(steward="1", lang="en")
    at.switch_page("app_pages/steward.py").run()
    at.text_input[0].input("carol")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    at.text_input(key="steward_reason").input("the listing names the town in Île-de-France")
    at.text_input(key="steward_search").input("saint-denis").run()
    found = next(s for s in at.selectbox if s.label == "Place found")
    assert any("(FR-IDF)" in o for o in found.options) and any("(FR-974)" in o for o in found.options)
    found.select_index(next(i for i, o in enumerate(found.options) if "(FR-IDF)" in o)).run()
    next(b for b in at.button if b.label == "Choose this place").click().run()
    assert not at.exception and at.success[0].value == "Decision recorded"
    (row,) = reviews.read_decisions(tmp_path / "rv")
    assert (row["name"], row["action"], row["steward"]) == ("Saint-Denis", "place", "carol") and row["geonameid"]
    relations = reviews.pending_relations(editions_db)
    which = next(s for s in at.selectbox if s.label == "Relation (document:line)")
    assert len(which.options) == len(relations) and "ville – Iaroslav" in which.options[0]
    at.text_input(key="steward_relation_reason").input("'ville' is a word, not Villé")
    next(b for b in at.button if b.label == "Reject the relation").click().run()
    (decision,) = reviews.read_relation_decisions(tmp_path / "rv")
    assert (decision["fr_actor"], decision["review"], decision["steward"]) == ("ville", "reject", "carol")


def test_a_new_version_of_a_published_file_is_kept_for_a_rollback(published):
    original = (published.raw_dir / "catalogue_2021_fr.txt").read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    upload = stage("".join(lines[:-3]).encode("utf-8"), "catalogue_2021_fr.txt", published)
    seen = preview(upload, replace(published, accept_drop=True))
    assert seen.removed  # the preview says what the new version drops
    record = publish(upload, "alice", published)
    assert (published.raw_dir / "catalogue_2021_fr.txt").read_bytes() != original
    rollback(record["entry"], "alice", published)
    assert (published.raw_dir / "catalogue_2021_fr.txt").read_bytes() == original


def test_no_action_answers_a_session_that_did_not_log_in(published, monkeypatch, tmp_path):
    """A session at the door, without a login, holding a previewed upload in its state (as a
    crafted session would): no action is drawn, nothing is published."""
    from tests.conftest import app_factory

    monkeypatch.setenv("COOP_STEWARDS", str(tmp_path / "s.json"))
    monkeypatch.setenv("COOP_RAW_DIR", str(published.raw_dir))
    upload = stage((EDITIONS / "catalogue_2023_ru_fr.txt").read_bytes(), "c.txt", published)
    seen = preview(upload, published)
    before = _count(published.db_path)
    at = app_factory(published.db_path, monkeypatch)(steward="1")
    at.session_state["steward_upload"] = (upload.id, seen)  # dashboard/app_pages/steward.py's UPLOAD
    at.switch_page("app_pages/steward.py").run()
    assert not at.exception and not at.get("file_uploader")
    actions = {"Publier", "Prévisualiser", "Annuler cette publication", "Accepter le lieu proposé", "Pas un lieu"}
    assert "Se connecter" in [b.label for b in at.button] and not actions & {b.label for b in at.button}
    assert _count(published.db_path) == before and publications(published) == []


def test_a_preview_older_than_the_published_database_is_not_published(published):
    first = stage((EDITIONS / "catalogue_2023_ru_fr.txt").read_bytes(), "catalogue_2023_ru_fr.txt", published)
    second = stage((EDITIONS / "catalogue_2024_jp_fr.txt").read_bytes(), "catalogue_2024_jp_fr.txt", published)
    preview(first, published)
    preview(second, published)  # both built beside the same published database
    publish(first, "alice", published)
    with pytest.raises(PublishError, match="changed since this preview"):
        publish(second, "bob", published)  # it would drop the first one's listings
    assert (published.raw_dir / "catalogue_2023_ru_fr.txt").exists()
    assert not (published.raw_dir / "catalogue_2024_jp_fr.txt").exists()
    seen = preview(second, published)  # again, beside the new one: both editions
    assert not seen.removed
    publish(second, "bob", published)


# --- reviewing relations -------------------------------------------------------------------------


def _link(db, fr_place: str) -> tuple | None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT kind, origin, partner_place FROM partnerships WHERE fr_place = ? AND kind <> "
                           "'event_link'", [fr_place]).fetchone()  # fmt: skip
    finally:
        con.close()


def test_a_relation_left_to_review_is_accepted_or_rejected_by_the_next_build_and_undone(tmp_path):
    from etl import reviews
    from tests.conftest import EDITION_FILES

    settings = build_settings(db_path=tmp_path / "coop.duckdb", catalogues=EDITION_FILES, reviews_dir=tmp_path / "rv")
    rebuild = replace(settings, accept_drop=True)
    run_build(settings, log=lambda m: None)
    items = reviews.pending_relations(settings.db_path)
    ville = next(i for i in items if i["fr_name"] == "ville" and i["kind"] == "twinning")
    assert (ville["fr_certain"], ville["fr_place"], ville["partner_certain"]) == (False, "Villé", True)
    assert _link(settings.db_path, "Villé") is None  # left to review: not drawn
    with pytest.raises(reviews.ReviewError, match="reason"):
        reviews.decide_relation(settings.reviews_dir, ville, "reject", "dora", "")
    row = reviews.decide_relation(settings.reviews_dir, ville, "reject", "dora", "'ville' is the word, not Villé")
    run_build(rebuild, log=lambda m: None)
    left = [(i["fr_name"], i["kind"]) for i in reviews.pending_relations(settings.db_path)]
    assert left and "ville" not in {n for n, _ in left}  # the statement's two readings of the same ends
    assert _link(settings.db_path, "Villé") is None
    con = duckdb.connect(str(settings.db_path), read_only=True)
    assert con.execute("SELECT count(*) FROM data_quality WHERE code = 'relation_rejected' AND source_line = 50"
                       ).fetchone()[0] == 2  # fmt: skip
    con.close()
    assert reviews.undo_relation(settings.reviews_dir, row) and not reviews.read_relation_decisions(
        settings.reviews_dir
    )
    reviews.decide_relation(settings.reviews_dir, ville, "accept", "dora", "tested: accepting draws it")
    (place,) = reviews.read_decisions(settings.reviews_dir)
    assert (place["name"], place["country"], place["place_name"] or place["geonameid"]) == ("ville", "FR", place[
        "place_name"] or str(ville["fr_geonameid"]))  # fmt: skip
    run_build(rebuild, log=lambda m: None)
    assert _link(settings.db_path, "Villé") == ("twinning", "confirmed", "Yaroslavl")
    (decision,) = reviews.read_relation_decisions(settings.reviews_dir)
    assert reviews.undo_relation(settings.reviews_dir, decision)
    assert reviews.read_decisions(settings.reviews_dir) == []  # the place decision it made goes with it
    run_build(rebuild, log=lambda m: None)
    assert ("ville", "twinning") in [(i["fr_name"], i["kind"]) for i in reviews.pending_relations(settings.db_path)]


def test_a_stewards_relation_decision_quoting_a_document_no_longer_there_is_reported_not_fatal(tmp_path):
    from etl import reviews
    from tests.conftest import EDITION_FILES

    settings = build_settings(db_path=tmp_path / "coop.duckdb", catalogues=EDITION_FILES, reviews_dir=tmp_path / "rv")
    item = dict(fr_name="Lyon", partner_name="Moscou", partner_country="RU", kind="twinning", since_year=None,
                source_file="catalogue_1999_fr.txt", source_line=3, evidence="jumelage", fr_certain=True,
                partner_certain=True)  # fmt: skip
    reviews.decide_relation(settings.reviews_dir, item, "accept", "dora", "a catalogue since rolled back")
    run_build(settings, log=lambda m: None)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    (message,) = con.execute("SELECT message FROM data_quality WHERE code = 'review_not_applied'").fetchone()
    con.close()
    assert "catalogue_1999_fr.txt" in message and "not found" in message


def test_a_rebuild_with_the_decisions_is_previewed_published_and_rolled_back(published):
    from etl import reviews

    items = reviews.pending_relations(published.db_path)
    before = len(items)
    reviews.decide_relation(published.reviews_dir, items[0], "reject", "erin", "a word of the title, not a place")
    rebuild = stage_rebuild(published)
    assert staged(rebuild.id, published).file is None
    seen = preview(rebuild, published)
    assert not seen.added and not seen.removed and len(reviews.pending_relations(published.db_path)) == before
    record = publish(staged(rebuild.id, published), "erin", published)
    assert (record["files"], record["rebuild"]) == ([], True)
    assert 0 < before - len(reviews.pending_relations(published.db_path)) <= 2  # the statement's readings
    rollback(record["entry"], "erin", published)
    assert len(reviews.pending_relations(published.db_path)) == before


def test_abandoned_staging_folders_are_swept_when_a_new_one_is_made(published):
    import os
    import time

    old = stage(b"Programme", "catalogue_2030_ru_fr.txt", published)
    recent = stage(b"Programme", "catalogue_2031_ru_fr.txt", published)
    three_days_ago = time.time() - 3 * 86400
    os.utime(old.folder, (three_days_ago, three_days_ago))
    stage_rebuild(published)
    assert not old.folder.exists() and recent.folder.exists()
