"""The two databases behind `storage.database.Database`: SQLite and PostgreSQL."""
