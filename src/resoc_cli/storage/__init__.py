"""Storage: the only place SQL lives. Plain sqlite3 on the quick paths (start-up time matters)."""
