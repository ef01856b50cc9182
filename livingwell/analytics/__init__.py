"""The analytic warehouse: the pseudonymised extract and the KPI catalogue that every number comes from.

`extract` writes the operational tables out as pseudonymised Parquet (it is the one part here that
reads Django models); `kpis` is pure — the catalogue (one definition per measure, its plain words
beside its SQL), the engines (DuckDB over Parquet, PostgreSQL) and the results (suppression, SPC,
funnels) — so an analyst can point it at a folder of extracts from a notebook.
"""
