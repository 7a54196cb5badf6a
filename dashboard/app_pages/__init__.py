"""One file per page, run by st.navigation as a script: each defines `page()` and calls it."""
