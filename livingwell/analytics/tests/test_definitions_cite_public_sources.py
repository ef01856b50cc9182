"""Every definition a page shows cites a source a reader can find, never the project's own notes."""

from __future__ import annotations

from livingwell.analytics.kpis import catalogue, hub_kpis


def test_no_definition_cites_an_internal_document():
    texts = [k.definition for k in catalogue.BY_ID.values()]
    texts += [k.target_source or "" for k in catalogue.BY_ID.values()]
    texts += [m.definition for m in hub_kpis.MEASURES.values()]
    assert texts
    assert not [t for t in texts if "DOMAIN" in t or ".md" in t]
