"""Date input formats as Lithuanians type them (Django's own lt formats, plus dotted ISO).

Django's lt locale accepts 2026-12-31 and 31.12.2026; people here also write
2026.12.31 (and 2026.12.31. with the closing dot), so those parse too. Slashes
(31/12/2026, 12/31/2026) are refused: which number is the month cannot be known.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-31
    "%Y.%m.%d",  # 2026.12.31
    "%Y.%m.%d.",  # 2026.12.31.
    "%d.%m.%Y",  # 31.12.2026 (Django's lt)
    "%d.%m.%y",  # 31.12.26 (Django's lt)
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",  # 2026-12-31 14:00 (the admin's own format)
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",  # 2026.12.31 14:00
    "%Y.%m.%d. %H:%M",  # 2026.12.31. 14:00
    "%Y-%m-%d",  # a date alone means midnight, as Django does
    "%Y.%m.%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M",
]
