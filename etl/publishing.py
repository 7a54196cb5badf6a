"""A steward's publication of a new catalogue: stage the upload, preview the build it gives in a
scratch database, publish it by the same atomic swap as a build, roll back (adapters: files,
DuckDB, the build).

Layout, under the data folder of the published database (`data/` by default):
- staging/<id>/: an upload under a name the server chooses (`server_name`), and its preview
  database;
- history/<stamp>/: what a publication replaced (the previous database, a file of the same name)
  and added (its files, after a rollback);
- history/audit.jsonl: one JSON record per publication or rollback (who, when, files and their
  SHA-256, listings before and after).
One publication or build at a time: `exclusive` locks the database's folder; a second one is
refused (`etl.db.load.DatabaseBusy`), never queued behind a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.config import CATALOGUE_EXTENSIONS, Settings
from etl.db.load import exclusive


class PublishError(RuntimeError):
    """A staging, preview, publication or rollback that cannot be done (nothing was changed)."""


def _folders(settings: Settings) -> tuple[Path, Path]:
    data = settings.db_path.parent
    return data / "staging", data / "history"


_ID = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Staged:
    id: str
    file: Path | None  # the upload, under the server's name; None: a rebuild of what is published
    original_name: str  # as the steward's browser sent it: shown, never used as a path
    sha256: str
    folder: Path


ABANDONED_SECONDS = 2 * 86400  # a staged upload nobody published or discarded in two days is removed


def _sweep(staging: Path, now: float) -> None:
    """Remove the staging folders abandoned (a closed tab, a lost session) long enough ago that
    no preview can still be running in them."""
    if not staging.is_dir():
        return
    for folder in staging.iterdir():
        if _ID.match(folder.name) and now - folder.stat().st_mtime > ABANDONED_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def _new_folder(settings: Settings, seed: str) -> tuple[str, Path]:
    _sweep(_folders(settings)[0], datetime.now(UTC).timestamp())
    staged_id = hashlib.sha256(f"{seed}{datetime.now(UTC).isoformat()}".encode()).hexdigest()[:16]
    folder = _folders(settings)[0] / staged_id
    folder.mkdir(parents=True)
    return staged_id, folder


def stage(content: bytes, original_name: str, settings: Settings) -> Staged:
    """Keep an upload for preview: its type by extension (a catalogue format the build reads),
    its size within the build's limit; stored under a name the server chooses."""
    ext = Path(original_name).suffix.lower()
    if ext not in CATALOGUE_EXTENSIONS:
        raise PublishError(f"{ext or 'no extension'}: not a catalogue format ({', '.join(CATALOGUE_EXTENSIONS)})")
    if len(content) > settings.max_megabytes * 1e6:
        raise PublishError(f"{len(content) / 1e6:.1f} MB: larger than the limit of {settings.max_megabytes:g} MB")
    if not content:
        raise PublishError("the file is empty")
    digest = hashlib.sha256(content).hexdigest()
    staged_id, folder = _new_folder(settings, digest)
    path = folder / f"{server_name(original_name, digest)}{ext}"
    path.write_bytes(content)
    (folder / "upload.json").write_text(json.dumps({"original_name": original_name[:200], "sha256": digest}))
    return Staged(staged_id, path, original_name[:200], digest, folder)


def stage_rebuild(settings: Settings) -> Staged:
    """A rebuild of the published catalogues with the stewards' decisions, previewed and
    published like an upload (no file)."""
    staged_id, folder = _new_folder(settings, "rebuild")
    (folder / "upload.json").write_text(json.dumps({"original_name": "", "sha256": "", "rebuild": True}))
    return Staged(staged_id, None, "", "", folder)


_DOCUMENTED = re.compile(r"^catalogue_[a-z0-9]+(?:_[a-z0-9]+){0,6}$")


def server_name(original_name: str, digest: str) -> str:
    """The stem the server gives an upload: the steward's own when it follows the documented
    pattern (`catalogue_2025_jp_fr`: the year and language the build reads from it), else
    `catalogue_upload_<sha8>`; never a path."""
    stem = Path(original_name.replace("\\", "/")).stem.lower()
    return stem if _DOCUMENTED.match(stem) and len(stem) <= 80 else f"catalogue_upload_{digest[:8]}"


def staged(staged_id: str, settings: Settings) -> Staged:
    """A staged upload by its id (only ids the server made: 16 hex digits)."""
    if not _ID.match(staged_id):
        raise PublishError("no such upload")
    folder = _folders(settings)[0] / staged_id
    meta = folder / "upload.json"
    files = sorted(folder.glob("catalogue_*"))
    if not meta.exists():
        raise PublishError("no such upload")
    info = json.loads(meta.read_text())
    if not files and not info.get("rebuild"):
        raise PublishError("no such upload")
    return Staged(staged_id, files[0] if files else None, info["original_name"], info["sha256"], folder)


def preview_settings(s: Staged, settings: Settings) -> Settings:
    """The build's settings for a preview: the published catalogues and the upload, into the
    upload's scratch database."""
    published = tuple(p for p in settings.catalogue_files() if s.file is None or p.name != s.file.name)
    added = () if s.file is None else (s.file,)
    return replace(settings, catalogues=(*published, *added), db_path=s.folder / "preview.duckdb")


@dataclass(frozen=True)
class Preview:
    listings: int
    by_theme: dict[str, int]
    by_country: dict[str, int]
    flagged: int
    places_to_review: int
    added: tuple[str, ...]  # event ids new in the preview
    removed: tuple[str, ...]  # event ids of the published database no longer there
    changed: tuple[str, ...]  # event ids whose theme, title, region, country, date or semester changed


_COMPARED = "theme, title_fr, fr_region, partner_country, date_text, semester"


def _rows(db: Path) -> dict[str, tuple]:
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute(f"SELECT event_id, {_COMPARED} FROM events").fetchall()}
    finally:
        con.close()


def describe(preview_db: Path, published_db: Path) -> Preview:
    """What the preview database holds and how it differs from the published one."""
    con = duckdb.connect(str(preview_db), read_only=True)
    try:
        by_theme = dict(con.execute("SELECT theme, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        by_country = dict(
            con.execute("SELECT partner_country, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall()
        )
        flagged = con.execute("SELECT count(*) FROM events WHERE len(flags) > 0").fetchone()[0]
        review = con.execute("SELECT count(*) FROM event_places WHERE NOT accepted").fetchone()[0]
    finally:
        con.close()
    new, old = _rows(preview_db), _rows(published_db)
    return Preview(
        listings=len(new), by_theme=by_theme, by_country={str(k): v for k, v in by_country.items()},
        flagged=flagged, places_to_review=review,
        added=tuple(sorted(set(new) - set(old))), removed=tuple(sorted(set(old) - set(new))),
        changed=tuple(sorted(k for k in set(new) & set(old) if new[k] != old[k])),
    )  # fmt: skip


def _listings(db: Path) -> int:
    return len(_rows(db))


def _audit(history: Path, record: dict) -> None:
    history.mkdir(parents=True, exist_ok=True)
    with open(history / "audit.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def publish(s: Staged, steward: str, settings: Settings) -> dict:
    """Publish a previewed upload: its file joins the catalogues, its preview database replaces
    the published one (renamed into place: readers see the old or the new, never half); the
    previous database is kept in the history with an audit record. Refused when the published
    database changed since the preview (it would be lost). Returns the record."""
    scratch = s.folder / "preview.duckdb"
    if not scratch.exists():
        raise PublishError("preview the upload before publishing it")
    staging, history = _folders(settings)
    with exclusive(settings.db_path):
        base = s.folder / "base.json"
        if not base.exists() or json.loads(base.read_text()) != _state(settings.db_path):
            raise PublishError("the published database changed since this preview (another publication or "
                               "build): preview the upload again")  # fmt: skip
        entry = history / _stamp()
        entry.mkdir(parents=True)
        before = _listings(settings.db_path)
        if settings.db_path.exists():
            shutil.copy2(settings.db_path, entry / "previous.duckdb")
        files = [] if s.file is None else [_add_file(s, settings, entry)]
        os.replace(scratch, settings.db_path)
        record = dict(action="publish", entry=entry.name, steward=steward, at=datetime.now(UTC).isoformat(),
                      files=files, rebuild=s.file is None,
                      listings_before=before, listings_after=_listings(settings.db_path))  # fmt: skip
        (entry / "record.json").write_text(json.dumps(record, ensure_ascii=False, indent=1))
        _audit(history, record)
    shutil.rmtree(staging / s.id, ignore_errors=True)
    return record


def _add_file(s: Staged, settings: Settings, entry: Path) -> dict:
    """Put a published upload among the catalogues (a file it replaces kept in the entry)."""
    settings.raw_dir.mkdir(parents=True, exist_ok=True)
    target = settings.raw_dir / s.file.name
    if target.exists():  # a new version of a published file: the old one is kept for a rollback
        shutil.copy2(target, entry / f"replaced-{target.name}")
    shutil.copy2(s.file, target)
    return dict(name=target.name, uploaded_as=s.original_name, sha256=s.sha256)


def discard(s: Staged, settings: Settings) -> None:
    """Forget a staged upload and its preview."""
    shutil.rmtree(_folders(settings)[0] / s.id, ignore_errors=True)


def publications(settings: Settings) -> list[dict]:
    """The audit records, newest first."""
    audit = _folders(settings)[1] / "audit.jsonl"
    if not audit.exists():
        return []
    return [json.loads(line) for line in reversed(audit.read_text(encoding="utf-8").splitlines()) if line.strip()]


def rollback(entry_name: str, steward: str, settings: Settings) -> dict:
    """Undo a publication: the database it replaced is published again, the files it added leave
    the catalogues (kept in its history entry) and a file it replaced comes back; recorded in the
    audit like a publication."""
    history = _folders(settings)[1]
    record_path = history / entry_name / "record.json"
    if not re.fullmatch(r"\d{8}T\d{12}Z", entry_name) or not record_path.exists():
        raise PublishError("no such publication")
    record = json.loads(record_path.read_text())
    previous = history / entry_name / "previous.duckdb"
    if record.get("action") != "publish" or not previous.exists():
        raise PublishError("this publication cannot be rolled back: the database it replaced is not kept")
    with exclusive(settings.db_path):
        before = _listings(settings.db_path)
        restored = settings.db_path.with_name(f"{settings.db_path.name}.rollback-{os.getpid()}")
        shutil.copy2(previous, restored)
        for f in record["files"]:
            added, replaced = settings.raw_dir / f["name"], history / entry_name / f"replaced-{f['name']}"
            if added.exists():
                shutil.move(added, history / entry_name / f["name"])
            if replaced.exists():
                shutil.copy2(replaced, added)
        os.replace(restored, settings.db_path)
        out = dict(action="rollback", entry=entry_name, steward=steward, at=datetime.now(UTC).isoformat(),
                   files=record["files"], listings_before=before, listings_after=_listings(settings.db_path))  # fmt: skip
        _audit(history, out)
    return out


def preview(s: Staged, settings: Settings) -> Preview:
    """Build the published catalogues and the upload into the upload's scratch database and
    describe it (BuildError from the build: the upload's problems, nothing published)."""
    from etl.pipeline import run_build

    scratch = preview_settings(s, settings)
    base = _state(settings.db_path)  # what the preview was built beside
    run_build(scratch, log=lambda _message: None)
    (s.folder / "base.json").write_text(json.dumps(base))
    return describe(scratch.db_path, settings.db_path)


def _state(db: Path) -> list:
    """The published database's identity (size and modification time), or [] when there is none."""
    return [db.stat().st_size, db.stat().st_mtime_ns] if db.exists() else []
