"""French number formats (`1 234`, `9,3`, `1 500 000 €`), shared by the panes and the exports.

Kept apart from `grappe.db.export` so that the first screen's cells need not import the
export machinery.
"""

from __future__ import annotations

from typing import Any


def format_number(x: Any, *, decimals: int | None = None) -> str:
    """French style: `1 234`, `9,3`, `2,25`; empty for None; `decimals` fixes the decimals."""
    if x is None or x == "":
        return ""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return str(x)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    rounded = round(value, 2)
    whole = int(abs(rounded))
    fraction = round(abs(rounded) - whole, 2)
    text = f"{whole:,}".replace(",", " ")
    if fraction:
        digits = f"{fraction:.2f}"[2:]
        text += "," + (digits if decimals == 2 else digits.rstrip("0"))
    return ("-" if rounded < 0 else "") + text


def format_eur(amount: float | None) -> str:
    """An amount in euros, French style: `1 500 000 €`; empty for None."""
    text = format_number(amount, decimals=2)
    return f"{text} €" if text else ""
