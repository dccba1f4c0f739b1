"""Encrypted backups: age files (pyrage), to a passphrase or to age recipients."""

from contextlib import suppress
from pathlib import Path

from resoc_cli.errors import InvalidInput, StorageError
from resoc_cli.files import atomic_path
from resoc_cli.i18n import _

AGE_HEADER = b"age-encryption.org/v1"


def is_sealed(path: Path) -> bool:
    """Whether ``path`` is an age file (by its first line, whatever its name)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(AGE_HEADER) + 1) == AGE_HEADER + b"\n"
    except OSError:
        return False


def needs_passphrase(path: Path) -> bool:
    """Whether the age file was encrypted to a passphrase (an scrypt stanza)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    return b"\n-> scrypt " in head


def _recipients(recipients: list[str]) -> list:
    from pyrage import RecipientError, x25519

    out = []
    for text in recipients:
        try:
            out.append(x25519.Recipient.from_str(text.strip()))
        except RecipientError:
            raise InvalidInput(
                _("backup: {recipient} is not an age recipient (age1…)").format(recipient=text)
            ) from None
    return out


def seal(plain: Path, target: Path, *, passphrase: str | None, recipients: list[str]) -> None:
    """Encrypt the checked copy ``plain`` into ``target`` (written whole or not at all).

    To recipients the file is streamed; to a passphrase pyrage encrypts in memory (about
    twice the backup's size at the peak)."""
    import pyrage

    keys = _recipients(recipients) if recipients else None
    with atomic_path(target, "backup") as tmp:
        try:
            if keys:
                pyrage.encrypt_file(str(plain), tmp, keys)
            else:
                Path(tmp).write_bytes(pyrage.passphrase.encrypt(plain.read_bytes(), passphrase))
        except pyrage.EncryptError as exc:
            raise StorageError(_("backup: cannot encrypt: {error}").format(error=exc)) from None


def _identities(path: Path) -> list:
    from pyrage import IdentityError, x25519

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise InvalidInput(
            _("restore: cannot read the identity file {path}").format(path=path)
        ) from None
    found = []
    for line in lines:
        text = line.strip()
        if text.startswith("AGE-SECRET-KEY-"):
            with suppress(IdentityError):
                found.append(x25519.Identity.from_str(text))
    if not found:
        raise InvalidInput(_("restore: {path} holds no age identity").format(path=path))
    return found


def unseal(source: Path, plain: Path, *, passphrase=None, identity: Path | None = None) -> None:
    """Decrypt the age file ``source`` into ``plain`` (an existing 0600 file beside the
    database). ``passphrase`` is called only when the file was encrypted to one."""
    import pyrage

    try:
        if needs_passphrase(source):
            data = pyrage.passphrase.decrypt(source.read_bytes(), passphrase())
            plain.write_bytes(data)
        elif identity is None:
            raise InvalidInput(
                _("restore: {path} is encrypted to an age recipient; give its key: --identity FILE")
                .format(path=source)
            )  # fmt: skip
        else:
            pyrage.decrypt_file(str(source), str(plain), _identities(identity))
    except pyrage.DecryptError:
        raise InvalidInput(
            _("restore: cannot decrypt {path} (wrong passphrase or key); nothing was replaced")
            .format(path=source)
        ) from None  # fmt: skip
