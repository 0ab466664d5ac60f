"""The database: tables, named queries returning plain values, migrations and demo data."""
