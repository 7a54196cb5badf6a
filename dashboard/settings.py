"""Where the dashboard finds its database (no Streamlit import: the CLI uses it too)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def db_path() -> Path:
    return Path(os.environ.get("COOP_DB", ROOT / "data" / "coop.duckdb"))
