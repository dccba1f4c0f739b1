"""The user's settings file (TOML): ``$RESOC_CONFIG``, else ``<user config dir>/resoc/config.toml``.

Only what is read here is known; a missing file means the documented defaults.

    [privacy]
    retention_years = 10   # closed clients older than this are listed by `resoc retention`

    [agenda]               # the thresholds of `resoc agenda`, in days (weeks for the last)
    release_days = 60      # release from prison this close, and no housing goal
    review_days = 90       # an agreed plan not reviewed for this long
    session_days = 30      # no attended session for this long in an active enrolment
    family_days = 90       # a minor child, client in prison, no family contact for this long
    programme_weeks = 26   # an enrolment's expected length (for the pace forecast)
"""

import os
import tomllib
from functools import cache
from pathlib import Path

from resoc_cli.errors import InvalidInput
from resoc_cli.i18n import _, os_error

ENV_CONFIG = "RESOC_CONFIG"
DEFAULT_RETENTION_YEARS = 10


def config_path() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("resoc", appauthor=False) / "config.toml"


@cache
def load() -> dict:
    path = config_path()
    try:
        raw = path.read_bytes()
        return tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff"))  # Notepad's BOM too
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise InvalidInput(
            _("config: cannot read {path}: {error}").format(path=path, error=_("not UTF-8 text"))
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            _("config: {path} is not valid TOML ({error})").format(path=path, error=exc)
        ) from None
    except OSError as exc:
        raise InvalidInput(
            _("config: cannot read {path}: {error}").format(path=path, error=os_error(exc))
        ) from None


def _section(name: str, known: set[str]) -> dict:
    section = load().get(name, {})
    if not isinstance(section, dict):
        raise InvalidInput(_("config: [{name}] must be a table of settings").format(name=name))
    unknown = sorted(set(section) - known)
    if unknown:
        raise InvalidInput(
            _("config: unknown setting {name}.{key} (known: {known})").format(
                name=name, key=unknown[0], known=", ".join(sorted(known))
            )
        )
    return section


def retention_years() -> int:
    section = _section("privacy", {"retention_years"})
    value = section.get("retention_years", DEFAULT_RETENTION_YEARS)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise InvalidInput(
            _("config: privacy.retention_years must be a whole number 1-100: {value!r}").format(
                value=value
            )
        )
    return value


def agenda_thresholds():
    from resoc_cli.domain.agenda import Thresholds

    section = _section("agenda", set(Thresholds._fields))
    for key, value in section.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3650:
            raise InvalidInput(
                _("config: agenda.{key} must be a whole number 1-3650: {value!r}").format(
                    key=key, value=value
                )
            )
    return Thresholds(**section)


#: The issuer of the printed papers: ``[organisation]``. ``place`` is the town written
#: before the date of issue; ``worker`` and ``role`` the signing worker.
ORGANISATION_KEYS = ("name", "address", "ico", "phone", "email", "worker", "role", "place")


def organisation() -> dict | None:
    """The ``[organisation]`` section (text values, stripped), None when there is none."""
    section = _section("organisation", set(ORGANISATION_KEYS))
    values = {}
    for key, value in section.items():
        if not isinstance(value, str):
            raise InvalidInput(
                _("config: organisation.{key} must be text in quotes: {value!r}").format(
                    key=key, value=value
                )
            )
        if value.strip():
            values[key] = " ".join(value.split())
    return values or None


# --- resoc config show | set ---------------------------------------------------------------


def _known() -> dict[str, tuple[type, object, tuple[int, int] | None]]:
    """``section.key`` -> (type, default, range of a whole number) of every setting."""
    from resoc_cli.domain.agenda import Thresholds

    known: dict = {"privacy.retention_years": (int, DEFAULT_RETENTION_YEARS, (1, 100))}
    for key, default in Thresholds._field_defaults.items():
        known[f"agenda.{key}"] = (int, default, (1, 3650))
    for key in ORGANISATION_KEYS:
        known[f"organisation.{key}"] = (str, None, None)
    return known


def settings() -> list[dict]:
    """Every setting in effect: ``{"key", "value", "source"}``, the source being ``file``
    (the config file sets it) or ``default``; checked as the commands check them."""
    retention_years()
    agenda_thresholds()
    organisation()
    data = load()
    rows = []
    for name, (_type, default, _range) in _known().items():
        section, key = name.split(".")
        in_file = isinstance(data.get(section), dict) and key in data[section]
        value = data[section][key] if in_file else default
        rows.append({"key": name, "value": value, "source": "file" if in_file else "default"})
    return rows


def _typed(name: str, text: str) -> object:
    known = _known()
    if name not in known:
        raise InvalidInput(
            _("config: unknown setting {key} (see: resoc config show)").format(key=name)
        )
    kind, _default, limits = known[name]
    if kind is str:
        if not text.strip():
            return ""  # an empty setting is as none (organisation() skips it)
        from resoc_cli.domain.models import validate_line

        return " ".join(validate_line(text, name).split())
    low, high = limits
    if not (text.strip().isascii() and text.strip().isdigit()) or not low <= int(text) <= high:
        raise InvalidInput(
            _("config: {key} must be a whole number {low}-{high}: {value!r}").format(
                key=name, low=low, high=high, value=text
            )
        )
    return int(text)


def set_value(name: str, text: str) -> dict:
    """Write one setting into the config file, keeping its comments and layout (tomlkit);
    the file is made, with its folder, when missing, and replaced whole or not at all."""
    import tomlkit

    from resoc_cli.files import atomic_path

    value = _typed(name.strip().lower(), text)
    section, key = name.strip().lower().split(".")
    path = config_path()
    try:
        existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        document = tomlkit.parse(existing)
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_error(exc) if isinstance(exc, OSError) else _("not UTF-8 text")
        raise InvalidInput(
            _("config: cannot read {path}: {error}").format(path=path, error=reason)
        ) from None
    except Exception as exc:  # tomlkit's ParseError and its kin
        raise InvalidInput(
            _("config: {path} is not valid TOML ({error})").format(path=path, error=exc)
        ) from None
    table = document.get(section)
    if table is None:
        table = tomlkit.table()
        document[section] = table
    elif not isinstance(table, dict):
        raise InvalidInput(_("config: [{name}] must be a table of settings").format(name=section))
    old = table.get(key)
    if hasattr(old, "unwrap"):  # a tomlkit item: its plain value
        old = old.unwrap()
    table[key] = value
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            _("config: cannot write {path}: {error}").format(path=path, error=os_error(exc))
        ) from None
    with atomic_path(path, "config", replacing=path) as tmp:
        Path(tmp).write_text(tomlkit.dumps(document), encoding="utf-8")
    load.cache_clear()
    return {"key": f"{section}.{key}", "value": value, "old": old, "path": str(path)}
