"""SQLite storage: the only package with SQL. Knows nothing of Telegram."""
