"""Persistence: SQLAlchemy engine and sessions, ORM entities, queries, migrations. No Qt here."""
