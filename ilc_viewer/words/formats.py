"""Dates and numbers in the reader's form: "7 January 2018" / "2018年1月7日".

Dates come from Babel's copy of the Unicode CLDR (offline, no system locale needed), so the
window, the command line, the images and the handout write a date the same way. English is
written the British way, as the clinic's English handouts always were. Numbers and units
need no help for the two languages: both write 10 cm, 12.5 mm and 1,234 alike.
"""

from __future__ import annotations

import re
from datetime import date

#: Babel's locale for each language of the program.
LOCALES = {"en": "en_GB", "ja": "ja_JP"}


def dicom_date(value: str) -> date | None:
    """A DICOM DA value (YYYYMMDD, also with separators) as a date, or ``None``."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def long_date(day: date, lang: str) -> str:
    """``day`` written out: "7 January 2018" in English, "2018年1月7日" in Japanese."""
    from babel.dates import format_date  # CLDR data is read on first use only

    return format_date(day, "long", locale=LOCALES.get(lang, LOCALES["en"]))


def dicom_date_text(value: str, lang: str) -> str:
    """A DICOM DA value written out in ``lang``; a value that is no date is kept as it is."""
    day = dicom_date(value)
    return long_date(day, lang) if day is not None else (value or "")
