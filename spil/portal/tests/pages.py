"""The portal's pages for the tests that visit them all (never shown, readability, the
browser): every URL of the `portal` namespace that takes no argument, found in
`spil.portal.urls`, so a page added later is visited without touching those tests."""

from django.urls import URLPattern, URLResolver

from spil.portal import urls as portal_urls


def _post_only(view) -> bool:
    """A view behind `require_http_methods(["POST"])` (an action, not a page): the
    decorator keeps its method list in its closure."""
    cells = getattr(view, "__closure__", None) or ()
    return any(getattr(cell, "cell_contents", None) == ["POST"] for cell in cells)


def _no_argument_names(patterns, prefix: str = "") -> list[str]:
    names = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names += _no_argument_names(entry.url_patterns, inner)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and not entry.pattern.regex.groups
            and not _post_only(entry.callback)
        ):
            names.append(f"{prefix}{entry.name}")
    return names


PAGES = [f"{portal_urls.app_name}:{name}" for name in _no_argument_names(portal_urls.urlpatterns)]
# The read pages of the portal foundation: the discovery must find at least these.
KNOWN = {"home", "plan", "appointments", "team", "meetings", "scores", "consents", "who_looked"}
