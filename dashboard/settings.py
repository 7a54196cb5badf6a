"""Where the dashboard finds its database (no Streamlit import: the CLI uses it too)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def db_path() -> Path:
    return Path(os.environ.get("COOP_DB", ROOT / "data" / "coop.duckdb"))


DOWNLOAD_ROUTE_ENV = "COOP_DOWNLOAD_ROUTE"  # set by dashboard/serve.py, which serves whole tables


def download_route() -> str | None:
    """The address under which the server streams whole tables (dashboard/serve.py), or None
    when the app runs without it (`streamlit run dashboard/app.py`, tests): downloads are then
    built on click, in memory."""
    return os.environ.get(DOWNLOAD_ROUTE_ENV) or None
