"""Tipjar's persistence: SQLModel tables, SQLite/PostgreSQL engines, repositories and full-text search."""
