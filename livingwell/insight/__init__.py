"""Insight: Making Data Count statistics, KPIs, dashboards."""
