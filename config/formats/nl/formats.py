"""Dutch (ADR 0010): month names in lower case, 24-hour times, a decimal comma."""

DATE_FORMAT = "j F Y"  # 5 december 2026 — in sentences and headings
SHORT_DATE_FORMAT = "j b Y"  # 5 dec 2026 — in tables, lists and charts
DATETIME_FORMAT = "j F Y H:i"  # 5 december 2026 14:30
SHORT_DATETIME_FORMAT = "j b Y H:i"  # 5 dec 2026 14:30
TIME_FORMAT = "H:i"  # 14:30
MONTH_DAY_FORMAT = "j F"  # 5 december
YEAR_MONTH_FORMAT = "F Y"  # december 2026
DECIMAL_SEPARATOR = ","  # 7,5
THOUSAND_SEPARATOR = "."  # only where asked for (USE_THOUSAND_SEPARATOR stays off)
NUMBER_GROUPING = 3
