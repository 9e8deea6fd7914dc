"""How Spil writes dates, times and numbers (ADR 0010): one module per language, found by
Django through FORMAT_MODULE_PATH. Templates and Python use only the named formats
(`|date:"DATE_FORMAT"`, `formats.date_format(value, "SHORT_DATE_FORMAT")`), never a
hand-written pattern; what a module leaves out falls back to Django's own locale."""
