"""DuckDB schema and loads."""
