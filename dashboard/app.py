"""Entry of the dashboard (placeholder until the dashboard issue): figures straight from the DB."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import streamlit as st

DB = Path(
    os.environ.get("COOP_DB", Path(__file__).resolve().parent.parent / "data" / "coop.duckdb")
)

st.set_page_config(page_title="Observatoire de la coopération décentralisée", layout="wide")
st.title("Observatoire de la coopération décentralisée")
if not DB.exists():
    st.error(
        f"Base de données introuvable : {DB}. Lancez `make run` (elle est construite d'abord)."
    )
    st.stop()
con = duckdb.connect(str(DB), read_only=True)
counts = con.sql(
    "SELECT theme, count(*) AS listings FROM events GROUP BY 1 ORDER BY 2 DESC"
).fetchall()
st.caption("Année franco-russe de la coopération décentralisée 2021 — listings par thème")
st.table({"thème": [c[0] for c in counts], "listings": [c[1] for c in counts]})
