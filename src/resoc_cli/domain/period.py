"""The period of a listing or an export: ``--month``, ``--year``, ``--from`` and ``--to``.

One rule for every command that takes them (commands/options.py defines the options): a month
or a year alone, or ``--from`` and/or ``--to`` (both days included); a month with a year, or
either with ``--from``/``--to``, is refused naming the options given.
"""

from datetime import date

from resoc_cli.domain.errors import InvalidInput
from resoc_cli.i18n import _


def period(
    month: str | None = None,
    year: str | None = None,
    first: str | None = None,
    last: str | None = None,
    *,
    both: bool = False,
    today: date | None = None,
    first_option: str = "--from",
) -> tuple[date | None, date | None]:
    """``(first_day, last_day)`` of the period given, either end None when open (``(None,
    None)``: no period). ``both``: ``--from`` needs ``--to`` and the other way (an export).
    ``first_option``: the name ``first`` came under (``log --since``). Dates are what
    ``parse_date`` accepts (``today``, ``dnes``, ``3.11.2026``)."""
    from resoc_cli.domain.parse import parse_date, parse_month

    given = [
        name
        for name, value in (("--month", month), ("--year", year), (first_option, first),
                            ("--to", last))
        if value is not None
    ]  # fmt: skip
    whole = [n for n in given if n in ("--month", "--year")]
    if whole and len(given) > 1:
        raise InvalidInput(
            _("period: {options} cannot be combined (give --month, --year or --from/--to)").format(
                options=_(" and ").join(given)
            )
        )
    if month is not None:
        return parse_month(month)
    if year is not None:
        from resoc_cli.domain.report import parse_year, year_bounds

        return year_bounds(parse_year(year, "year"))
    if both and (first is None) != (last is None):
        raise InvalidInput(_("period: give both --from and --to"))
    a = parse_date(first, first_option.lstrip("-"), today=today) if first is not None else None
    b = parse_date(last, "to", today=today) if last is not None else None
    if a is not None and b is not None and b < a:
        raise InvalidInput(_("to: before --from"))
    return a, b


def log_period(
    since: str | None,
    until: str | None,
    month: str | None = None,
    year: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> tuple[date | None, date | None]:
    """``resoc log``'s period: ``--since`` (as before) is ``--from`` and ``--until`` is
    ``--to`` under the older names; a name and its twin together are refused."""
    twins = (("--since", "--from", since, first), ("--until", "--to", until, last))
    for older, newer, a, b in twins:
        if a is not None and b is not None:
            raise InvalidInput(
                _("period: {options} cannot be combined (give --month, --year or --from/--to)")
                .format(options=_(" and ").join((older, newer)))
            )  # fmt: skip
    named = "--since" if since is not None else "--from"
    return period(
        month,
        year,
        since if since is not None else first,
        until if until is not None else last,
        first_option=named,
    )
