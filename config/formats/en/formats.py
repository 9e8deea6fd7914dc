"""English (ADR 0010): the Dutch order (day month year) with English month names,
24-hour times, a decimal point."""

DATE_FORMAT = "j F Y"  # 5 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 5 Dec 2026
DATETIME_FORMAT = "j F Y H:i"  # 5 December 2026 14:30
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 5 Dec 2026 14:30
TIME_FORMAT = "H:i"  # 14:30
MONTH_DAY_FORMAT = "j F"  # 5 December
YEAR_MONTH_FORMAT = "F Y"  # December 2026
DECIMAL_SEPARATOR = "."  # 7.5
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
