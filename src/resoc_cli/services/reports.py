"""The reports for the grant provider: the year and the month."""

import sqlite3


def year_report(conn: sqlite3.Connection, year: str) -> dict:
    """The yearly grant report of ``year`` (as typed): clients served, sessions and hours,
    family work, goals."""
    from resoc_cli.domain.report import parse_year, year_bounds, year_document
    from resoc_cli.storage.reports import year_facts

    number = parse_year(year, "year")
    first, last = year_bounds(number)
    return year_document(number, year_facts(conn, first, last))


def month_report(conn: sqlite3.Connection, month: str) -> dict:
    """The month (``YYYY-MM``): sessions and hours per client and activity, who had none,
    who completed."""
    from resoc_cli.domain.report import month_document, parse_report_month
    from resoc_cli.storage.reports import month_facts

    first, last = parse_report_month(month, "month")
    return month_document(first, last, month_facts(conn, first, last))
