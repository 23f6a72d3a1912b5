"""The store: SQLModel tables, engine and sessions, migrations, and the queries the service runs."""
