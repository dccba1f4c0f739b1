"""Options that sessions and meetings share (the same words in the help of both)."""

from typing import Annotated

import typer

from resoc_cli.commands.common import FromOpt, MonthOpt, ToOpt, YearOpt  # noqa: F401
from resoc_cli.domain.codes import Activity, Attendance

HoursOpt = Annotated[
    str | None,
    typer.Option("--hours", metavar="H", help="Duration in hours (2.5, 2,5, 1:30 or 1h30)."),
]
MinutesOpt = Annotated[
    str | None,
    typer.Option("--minutes", metavar="M", help="Duration in minutes (90, 1:30 or 1h30)."),
]
_ACTIVITY_HELP = "Kind of session: a code, or its Czech name (socialni-vycvik)."
ActivityOpt = Annotated[Activity, typer.Option("--activity", help=_ACTIVITY_HELP)]
ActivityEditOpt = Annotated[Activity | None, typer.Option("--activity", help=_ACTIVITY_HELP)]
PhaseOpt = Annotated[int | None, typer.Option("--phase", help="Programme phase.")]
_ATTENDANCE_HELP = "late counts as attended; excused and no-show count nothing."
AttendanceOpt = Annotated[Attendance, typer.Option("--attendance", help=_ATTENDANCE_HELP)]
AttendanceEditOpt = Annotated[
    Attendance | None, typer.Option("--attendance", help=_ATTENDANCE_HELP)
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Free-text note.")]
HeldOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="When it took place (default today)."),
]
YesOpt = Annotated[bool, typer.Option("--yes", help="Do not ask.")]
