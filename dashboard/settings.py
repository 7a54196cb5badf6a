"""Where the dashboard finds its database (no Streamlit import: the CLI uses it too)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def db_path() -> Path:
    return Path(os.environ.get("COOP_DB", ROOT / "data" / "coop.duckdb"))


def stock_charts() -> bool:
    """`COOP_CHARTS=streamlit`: every chart drawn by `st.plotly_chart` instead of the app's chart
    component (dashboard/chart.py): the benchmark's stock page for any page of the app, and a
    way back should a browser fail to draw the component."""
    return os.environ.get("COOP_CHARTS", "").strip().lower() == "streamlit"


DOWNLOAD_ROUTE_ENV = "COOP_DOWNLOAD_ROUTE"  # set by dashboard/serve.py, which serves whole tables


def download_route() -> str | None:
    """The address under which the server streams whole tables (dashboard/serve.py), or None
    when the app runs without it (`streamlit run dashboard/app.py`, tests): downloads are then
    built on click, in memory."""
    return os.environ.get(DOWNLOAD_ROUTE_ENV) or None


@dataclass(frozen=True)
class DownloadLimits:
    """How much whole-table work the server does at once (dashboard/serve.py, docs/reliability.md).

    slots: downloads prepared at the same time, server-wide (each on one DuckDB thread);
    queue: downloads waiting their turn beyond those (more are refused: "try again");
    wait_s: how long one waits in line before it is refused;
    memory_mb: DuckDB's memory for all the slots together (a sort past it spills to disk)."""

    slots: int = max(1, (os.cpu_count() or 2) // 2)
    queue: int = 8
    wait_s: float = 120.0
    memory_mb: int = 512


_LIMITS = {"COOP_DOWNLOAD_SLOTS": ("slots", 1, 64), "COOP_DOWNLOAD_QUEUE": ("queue", 0, 1000),
           "COOP_DOWNLOAD_WAIT_S": ("wait_s", 1, 3600), "COOP_DOWNLOAD_MEMORY_MB": ("memory_mb", 64, 65536)}  # fmt: skip


def download_limits(env: Mapping[str, str] | None = None) -> DownloadLimits:
    """The limits from the environment (default: os.environ); a value that is not a whole
    number in its range raises ValueError naming the variable."""
    env = os.environ if env is None else env
    values = {}
    for name, (attr, low, high) in _LIMITS.items():
        text = env.get(name)
        if text is None or text.strip() == "":
            continue
        try:
            number = int(text.strip())
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}, got {text!r}")
        values[attr] = number
    return DownloadLimits(**values)
