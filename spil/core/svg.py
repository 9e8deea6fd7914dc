"""Writing inline SVG by hand, safely: every text that may come from the database goes
through `esc` (characters XML forbids dropped, then escaped), so a template may print the
result with ``|safe``. Shared by the charts (assessments, plans) and the drawings of the
family (genogram, ecogram)."""

import re
from html import escape

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(value: object) -> str:
    """Text for XML content or an attribute: characters XML forbids dropped, then escaped."""
    return escape(_NOT_XML.sub("", str(value)), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing ".0" or "-0"."""
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def tag(name: str, content: str | None = None, /, **attributes: object) -> str:
    """One element. Keyword `class_` → class, `_` → `-`; `content` is markup (escape text
    with `esc` first); attribute values are escaped here, floats written with `num`."""
    parts = [name]
    for key, value in attributes.items():
        if value is None:
            continue
        text = num(value) if isinstance(value, float) else str(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{esc(text)}"')
    opening = " ".join(parts)
    return f"<{opening}/>" if content is None else f"<{opening}>{content}</{name}>"
