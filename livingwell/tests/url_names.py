"""Every named URL in the URL conf, with its route, for the access matrix's completeness test."""

from __future__ import annotations

import functools

from django.urls import URLPattern, URLResolver, get_resolver


@functools.cache
def routes() -> dict[str, str]:
    """Return {"namespace:name": "the/route/<with>/<converters>/"} for every named pattern."""
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = prefix + str(
                    pattern.pattern
                )

    walk(get_resolver(), "", "")
    return found
