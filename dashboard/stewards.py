"""Steward accounts: names and argon2 password hashes in a file outside the repository, and the
limit on failed logins.

The file is `$COOP_STEWARDS`, else `~/.config/observatoire/stewards.json` (written 0600, renamed
into place). Accounts are created from the command line (`python -m dashboard steward add NAME`),
never from the app. After FREE_FAILURES failed logins for a name, the next attempt waits
LOCKOUT_SECONDS, doubled at each further failure up to MAX_LOCKOUT. The count is kept beside the
accounts file (`<file>.failures`, locked while read and written), so replicas that share the
accounts file share it too; it holds at most MAX_NAMES recent names.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

NAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 12
FREE_FAILURES = 5
LOCKOUT_SECONDS = 30.0
MAX_LOCKOUT = 3600.0
MAX_NAMES = 10_000  # names whose failures are kept (the oldest forgotten first)
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("not a password of anyone")  # an unknown name costs as much as a wrong password


class AccountError(ValueError):
    """An account that cannot be created or changed, said in plain words."""


def accounts_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    value = env.get("COOP_STEWARDS")
    return Path(value).expanduser() if value else Path.home() / ".config" / "observatoire" / "stewards.json"


def read_accounts(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        accounts = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AccountError(f"{path}: not a readable accounts file ({exc})") from exc
    if not isinstance(accounts, dict):
        raise AccountError(f"{path}: not a readable accounts file (no name → hash table)")
    return accounts


def _write(path: Path, accounts: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(accounts, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


def add_account(path: Path, name: str, password: str) -> None:
    """Create a steward (or set a new password): a lower-case name, a password of MIN_PASSWORD
    characters or more, stored as an argon2 hash."""
    if not NAME.match(name):
        raise AccountError("a name is 2–32 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password has at least {MIN_PASSWORD} characters")
    accounts = read_accounts(path)
    accounts[name] = {"hash": _HASHER.hash(password), "created": datetime.now(UTC).isoformat()}
    _write(path, accounts)


def remove_account(path: Path, name: str) -> bool:
    accounts = read_accounts(path)
    if name not in accounts:
        return False
    del accounts[name]
    _write(path, accounts)
    return True


def oidc_steward(email: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """The steward an identity provider's login names: its e-mail when `$COOP_OIDC_STEWARDS`
    (comma-separated addresses) lists it, else None (a login through the provider is not enough)."""
    env = os.environ if env is None else env
    allowed = {a.strip().lower() for a in env.get("COOP_OIDC_STEWARDS", "").split(",") if a.strip()}
    return email.strip().lower() if email and email.strip().lower() in allowed else None


def check_password(accounts: Mapping[str, dict], name: str, password: str) -> bool:
    """Whether the password is the steward's (an unknown name takes as long as a wrong password)."""
    stored = accounts.get(name, {}).get("hash")
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _entry(value) -> bool:
    """A failures entry as written: [count, time]."""
    return isinstance(value, list) and len(value) == 2 and all(isinstance(x, int | float) for x in value)


@dataclass
class Throttle:
    """Failed logins per name: after FREE_FAILURES, a wait that doubles with each failure. Kept in
    `path` for every process and replica that shares it (None: in this process only)."""

    clock: Callable[[], float] = time.time  # the wall clock: replicas on other hosts compare it
    path: Path | None = None
    _failures: dict[str, list] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @contextlib.contextmanager
    def _state(self) -> Iterator[dict[str, list]]:
        """The failures, name → [count, time of the last], under this process's and the file's lock;
        written back when changed."""
        with self._lock:
            if self.path is None:
                yield self._failures
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:  # a read-only folder beside the accounts: counted in this process only
                yield self._failures
                return
            with os.fdopen(fd, "r+", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    read = json.loads(fh.read() or "{}")
                except (json.JSONDecodeError, UnicodeDecodeError):
                    read = {}  # a damaged count: started again, never a locked door for good
                state = {k: v for k, v in read.items() if _entry(v)} if isinstance(read, dict) else {}
                before = json.dumps(state, sort_keys=True)
                yield state
                if json.dumps(state, sort_keys=True) != before:
                    kept = sorted(state.items(), key=lambda kv: kv[1][1])[-MAX_NAMES:]
                    fh.seek(0)
                    fh.truncate()
                    json.dump(dict(kept), fh)

    def wait(self, name: str) -> float:
        """Seconds before the name may try again (0: now)."""
        with self._state() as failures:
            count, last = failures.get(name, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        delay = min(LOCKOUT_SECONDS * 2 ** (count - FREE_FAILURES), MAX_LOCKOUT)
        return max(0.0, last + delay - self.clock())

    def failed(self, name: str) -> None:
        with self._state() as failures:
            count, _ = failures.get(name, (0, 0.0))
            failures[name] = [count + 1, self.clock()]

    def succeeded(self, name: str) -> None:
        with self._state() as failures:
            failures.pop(name, None)


_THROTTLES: dict[Path, Throttle] = {}


def throttle_for(accounts: Path) -> Throttle:
    """The throttle kept beside an accounts file (one object per file in this process)."""
    path = accounts.with_name(f"{accounts.name}.failures")
    return _THROTTLES.setdefault(path, Throttle(path=path))


def log_in(path: Path, name: str, password: str, throttle: Throttle | None = None) -> tuple[bool, float]:
    """(logged in, seconds to wait before another try). A name locked out is not checked."""
    throttle = throttle or throttle_for(path)
    waiting = throttle.wait(name)
    if waiting > 0:
        return False, waiting
    if check_password(read_accounts(path), name, password):
        throttle.succeeded(name)
        return True, 0.0
    throttle.failed(name)
    return False, throttle.wait(name)
