"""``resoc agenda``: what needs the curator's attention today, most urgent first."""

import sqlite3
from datetime import date


def agenda_items(conn: sqlite3.Connection, today: date, thresholds) -> list[dict]:
    """Every item of the six rules (releases, reviews, sessions, family, pace, completion)."""
    from resoc_cli.domain import agenda as rules
    from resoc_cli.i18n import language, programme
    from resoc_cli.services.status import evaluate
    from resoc_cli.storage import agenda as facts
    from resoc_cli.storage.programmes import list_programmes
    from resoc_cli.storage.views import check_facts

    t = thresholds
    # a programme in the reason's sentence: its code in English, its name in Czech
    names = {p["code"]: programme(p["code"], p["name"]) for p in list_programmes(conn)}
    shown = names.get if language() == "cs" else (lambda code, default: code)

    def sessions_named(rows):
        return [(c, n, shown(p, p), *rest) for c, n, p, *rest in rows]

    progress = [
        (r["client"], r["name"], shown(r["programme"], r["programme"]), r["start_date"],
         r["attended_minutes"], r["min_minutes"], evaluate(r).complete)
        for r in check_facts(conn)
    ]  # fmt: skip
    return rules.agenda(
        rules.release_items(facts.release_facts(conn), today, t)
        + rules.review_items(facts.review_facts(conn), today, t)
        + rules.session_items(sessions_named(facts.session_facts(conn)), today, t)
        + rules.family_items(facts.family_facts(conn), today, t)
        + rules.progress_items(progress, today, t)
    )
