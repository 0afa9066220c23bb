# Ukrainian dates take the month in the genitive (E): "30 листопада 2026", not "30 Листопад".
# Formats not set here come from Django's own locale.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
# The desk's date filter links days: "16 листопада" (Django's own is "16 Листопад").
MONTH_DAY_FORMAT = "j E"
