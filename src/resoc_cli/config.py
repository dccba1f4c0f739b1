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
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        return {}
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
