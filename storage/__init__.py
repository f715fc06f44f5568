"""Storage on SQLite or PostgreSQL: the only package with SQL. Knows nothing of Telegram."""
