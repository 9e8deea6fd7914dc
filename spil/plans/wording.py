"""Goals positively worded (PRODUCT.md principle 3; seed 003 oplossingsgericht werken).

A goal that says what should stop ("niet meer schreeuwen", "geen schulden") names the
problem, not what the family wants instead. The check is a hint, never a block: the
family's own words stay, and some negations are the family's real goal.

Pure: no database, no request. The words are matched as whole words, case-insensitive.
"""

import re

from django.utils.translation import gettext as _

# Longer phrases first, so "stoppen met" is named rather than only "met".
NEGATIVE_PHRASES = (
    "stoppen met",
    "stop met",
    "ophouden met",
    "afkomen van",
    "af van",
    "niet meer",
    "geen",
    "niet",
    "nooit",
    "minder",
    "zonder",
)

_PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in NEGATIVE_PHRASES)
    + r")(?!\w)",
    re.IGNORECASE,
)


def negative_words(text: str) -> list[str]:
    """The negative words and phrases in `text`, lower case, in order, each once."""
    found: list[str] = []
    for match in _PATTERN.finditer(text or ""):
        word = " ".join(match.group(1).lower().split())
        if word not in found:
            found.append(word)
    return found


def wording_hint(text: str) -> str:
    """A suggestion to phrase the goal positively, or "" when nothing is negative."""
    words = negative_words(text)
    if not words:
        return ""
    quoted = ", ".join(f"“{w}”" for w in words)
    return _(
        "Tip: dit doel zegt wat er niet meer moet (%(words)s). Kunnen jullie het positief "
        "zeggen: wat gaat er wél gebeuren? Bijvoorbeeld “Wij praten rustig met elkaar” "
        "in plaats van “Wij schreeuwen niet meer”."
    ) % {"words": quoted}
