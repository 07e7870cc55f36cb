"""Storage: where the database lives, opening it safely, migrations and backups."""

from cocommission.db.database import Database, DatabaseError, open_database

__all__ = ["Database", "DatabaseError", "open_database"]
