"""Streamlit dashboard of the Observatoire de la coopération décentralisée."""
