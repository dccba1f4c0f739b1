"""The individual plan: needs, goals, agreement, reviews."""

import sqlite3
from datetime import date

from resoc_cli.errors import NotFound
from resoc_cli.i18n import _
from resoc_cli.storage import audit


def add_need(conn: sqlite3.Connection, client_id: int, area: str, day: date) -> bool:
    """Record a need; False when it was already recorded."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO plan_needs (client_id, area, noted) VALUES (?, ?, ?)",
        (client_id, area, day.isoformat()),
    )
    if cur.rowcount == 1:
        values = {"area": area, "noted": day.isoformat()}
        audit.append(conn, "add", "plan_needs", str(cur.lastrowid), client_id, audit.added(values))
    return cur.rowcount == 1


def add_goal(conn: sqlite3.Connection, client_id: int, g: dict) -> int:
    values = {
        "area": g["area"],
        "text": g["text"],
        "set_date": g["date"].isoformat(),
        "due": g["due"].isoformat() if g["due"] else None,
    }
    cur = conn.execute(
        """INSERT INTO plan_goals (client_id, area, text, set_date, due)
           VALUES (:client_id, :area, :text, :set_date, :due)""",
        {**values, "client_id": client_id},
    )
    audit.append(conn, "add", "plan_goals", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def goal_of(conn: sqlite3.Connection, client_id: int, goal_id: int) -> sqlite3.Row:
    """One goal of this client's plan (its area, set and done dates); NotFound otherwise."""
    row = conn.execute(
        "SELECT id, area, set_date, done_date FROM plan_goals WHERE id = ? AND client_id = ?",
        (goal_id, client_id),
    ).fetchone()
    if row is None:
        raise NotFound(_("goal: no goal {goal} in this client's plan").format(goal=goal_id))
    return row


def close_goal(
    conn: sqlite3.Connection, client_id: int, goal_id: int, outcome: str, day: date
) -> None:
    conn.execute(
        "UPDATE plan_goals SET done_date = ?, outcome = ? WHERE id = ?",
        (day.isoformat(), outcome, goal_id),
    )
    changes = {"done_date": (None, day.isoformat()), "outcome": (None, outcome)}
    audit.append(conn, "edit", "plan_goals", str(goal_id), client_id, changes)


def agree(conn: sqlite3.Connection, client_id: int, day: date) -> None:
    old = conn.execute("SELECT agreed_date FROM plans WHERE client_id = ?", (client_id,))
    old = old.fetchone()
    changes = {"agreed_date": (old[0] if old else None, day.isoformat())}
    audit.append(conn, "edit", "plans", str(client_id), client_id, changes)
    conn.execute(
        """INSERT INTO plans (client_id, agreed_date) VALUES (?, ?)
           ON CONFLICT (client_id) DO UPDATE SET agreed_date = excluded.agreed_date""",
        (client_id, day.isoformat()),
    )


def add_review(conn: sqlite3.Connection, client_id: int, day: date, note: str | None) -> int:
    cur = conn.execute(
        "INSERT INTO plan_reviews (client_id, date, note) VALUES (?, ?, ?)",
        (client_id, day.isoformat(), note),
    )
    values = {"date": day.isoformat(), "note": note}
    audit.append(conn, "add", "plan_reviews", str(cur.lastrowid), client_id, audit.added(values))
    return cur.lastrowid


def plan_of(conn: sqlite3.Connection, client_id: int) -> dict:
    agreed = conn.execute(
        "SELECT agreed_date FROM plans WHERE client_id = ?", (client_id,)
    ).fetchone()
    return {
        "agreed": agreed["agreed_date"] if agreed else None,
        "needs": conn.execute(
            "SELECT area, noted FROM plan_needs WHERE client_id = ? ORDER BY id", (client_id,)
        ).fetchall(),
        "goals": conn.execute(
            """SELECT id, area, text, set_date, due, done_date, outcome FROM plan_goals
               WHERE client_id = ? ORDER BY id""",
            (client_id,),
        ).fetchall(),
        "reviews": conn.execute(
            "SELECT id, date, note FROM plan_reviews WHERE client_id = ? ORDER BY date, id",
            (client_id,),
        ).fetchall(),
    }


def remove_need(conn: sqlite3.Connection, client_id: int, area: str) -> bool:
    """Remove a recorded need; False when there was none in that area."""
    old = conn.execute(
        "SELECT id, area, noted FROM plan_needs WHERE client_id = ? AND area = ?",
        (client_id, area),
    ).fetchone()
    if old is None:
        return False
    conn.execute("DELETE FROM plan_needs WHERE id = ?", (old["id"],))
    values = {"area": old["area"], "noted": old["noted"]}
    audit.append(conn, "delete", "plan_needs", str(old["id"]), client_id, audit.removed(values))
    return True


_GOAL_FIELDS = ("area", "text", "set_date", "due", "done_date", "outcome")


def full_goal(conn: sqlite3.Connection, client_id: int, goal_id: int) -> dict:
    """Every field of one goal of this client's plan; NotFound otherwise."""
    goal_of(conn, client_id, goal_id)
    row = conn.execute(
        f"SELECT {', '.join(_GOAL_FIELDS)} FROM plan_goals WHERE id = ?", (goal_id,)
    ).fetchone()
    return dict(row)


def update_goal(conn: sqlite3.Connection, client_id: int, goal_id: int, new: dict) -> dict:
    """Write the fields given of the goal; an audit row with old and new values."""
    old = full_goal(conn, client_id, goal_id)
    sets = ", ".join(f"{k} = ?" for k in new)
    conn.execute(f"UPDATE plan_goals SET {sets} WHERE id = ?", (*new.values(), goal_id))
    changes = audit.changes_between(old, new)
    audit.append(conn, "edit", "plan_goals", str(goal_id), client_id, changes)
    return changes


def delete_goal(conn: sqlite3.Connection, client_id: int, goal_id: int) -> None:
    old = full_goal(conn, client_id, goal_id)
    conn.execute("DELETE FROM plan_goals WHERE id = ?", (goal_id,))
    audit.append(conn, "delete", "plan_goals", str(goal_id), client_id, audit.removed(old))
