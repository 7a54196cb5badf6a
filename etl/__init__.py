"""ETL of decentralized-cooperation catalogues into DuckDB."""
