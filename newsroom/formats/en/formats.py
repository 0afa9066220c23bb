# The dates the newsroom prints, British style: "30 November 2026", "30 November 2026, 14:05",
# and "16 November" in the desk's date filter.
# Formats not set here come from Django's own locale.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
