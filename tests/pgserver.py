"""A throwaway PostgreSQL server for the tests: its own data folder and Unix socket in a
temporary directory, no TCP port, trust authentication for the owner role, gone at the end.

It uses the server binaries of the machine (Debian's ``postgresql`` package puts them in
``/usr/lib/postgresql/N/bin``; ``PG_BIN`` names another folder). PostgreSQL refuses to run as
root: run as root (CI), the server runs as the ``postgres`` user when there is one, else as
``nobody``, and its folder is given to that user."""

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: The role that owns the test databases (the "database owner" of an organisation).
OWNER = "resoc_owner"
#: The database ``resoc init`` made once per run, copied for each test (Server.template).
TEMPLATE = "resoc_template"
#: How CREATE DATABASE copies the template: WAL_LOG (PostgreSQL 15's default) was measured
#: faster than FILE_COPY for a database this small on a server without fsync.
COPY_STRATEGY = "WAL_LOG"


def binaries() -> Path:
    """The folder of initdb and pg_ctl; RuntimeError naming what to install when none."""
    if os.environ.get("PG_BIN"):
        chosen = Path(os.environ["PG_BIN"])
        if not (chosen / "pg_ctl").exists() and not (chosen / "pg_ctl.exe").exists():
            raise RuntimeError(f"no PostgreSQL server binaries in PG_BIN ({chosen})")
        return chosen
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if versions:
        return Path(versions[-1]).parent
    raise RuntimeError(
        "no PostgreSQL server binaries: install them (Debian/Ubuntu: apt-get install "
        "postgresql; macOS: brew install postgresql) or set PG_BIN; .ci/run installs them"
    )


def _version(path: str) -> float:
    try:
        return float(Path(path).parent.parent.name)
    except ValueError:
        return 0.0


def _as_user():
    """(preexec function, uid, gid) to run the server as a user other than root."""
    if os.geteuid() != 0:
        return None, None, None
    import pwd

    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        uid, gid = entry.pw_uid, entry.pw_gid

        def drop(uid: int = uid, gid: int = gid) -> None:
            os.setgid(gid)
            os.setuid(uid)

        return drop, uid, gid
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run the server")


class Server:
    """``Server()`` starts it; ``conninfo(dbname)`` connects as the owner; ``stop()`` ends it
    and removes its folder."""

    def __init__(self) -> None:
        bin_dir = binaries()
        drop, uid, gid = _as_user()
        self._drop = drop
        self.root = Path(tempfile.mkdtemp(prefix="resoc-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.socket.mkdir()
        if uid is not None:
            os.chmod(self.root, 0o755)
            for folder in (self.root, self.socket):
                os.chown(folder, uid, gid)
        self._pg_ctl = str(bin_dir / "pg_ctl")
        self._run(
            [str(bin_dir / "initdb"), "-D", str(self.data), "-U", OWNER, "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]
        )  # fmt: skip
        options = (
            f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            [self._pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
             "-w", "-t", "60", "start"]
        )  # fmt: skip

    def _run(self, args: list[str]) -> None:
        result = subprocess.run(
            args, preexec_fn=self._drop, capture_output=True, text=True, cwd=self.root
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {result.stderr or result.stdout}")

    def version(self) -> str:
        import psycopg

        with psycopg.connect(self.conninfo()) as conn:
            return conn.execute("SHOW server_version").fetchone()[0].split()[0]

    def conninfo(self, dbname: str = "postgres", user: str = OWNER) -> str:
        return f"postgresql://{user}@/{dbname}?host={self.socket}"

    def _admin(self):
        """One autocommit connection to the ``postgres`` database, kept for the whole run."""
        if getattr(self, "_admin_conn", None) is None:
            import psycopg

            self._admin_conn = psycopg.connect(self.conninfo(), autocommit=True)
        return self._admin_conn

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self._admin().execute(f'CREATE DATABASE "{name}"')
        return self.conninfo(name)

    def drop_database(self, name: str) -> None:
        """Gone, even when a connection to it was left open."""
        self._admin().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def template(self) -> str:
        """The name of a database that ``resoc init`` initialised (made once, on first use):
        a test's database is a copy of it, much faster than making the schema every time."""
        if getattr(self, "_template", None) is None:
            from resoc_cli.storage.server import open_server

            url = self.create_database(TEMPLATE)
            open_server(url, create=True).close()  # what resoc init does there
            self._admin().execute(f'ALTER DATABASE "{TEMPLATE}" WITH IS_TEMPLATE true')
            self._template = TEMPLATE
        return self._template

    def fresh(self) -> str:
        """The URL of a new copy of the template, made ahead: while one test runs, a thread
        drops the databases of the tests before and copies the template for the next one
        (the server works on the other core meanwhile)."""
        if getattr(self, "_spare", None) is None:
            self.template()
            self._dropped: list[str] = []
            self._numbers = itertools.count(1)
            self._make_spare()
        thread, name, failure = self._spare
        thread.join()
        if failure:
            raise failure[0]
        self._make_spare()
        return self.conninfo(name)

    def release(self, url: str) -> None:
        """A database from ``fresh`` no test needs any more: dropped with the next spare."""
        from urllib.parse import urlsplit

        self._dropped.append(urlsplit(url).path.lstrip("/"))

    def _make_spare(self) -> None:
        import threading

        import psycopg

        name, drops, failure = f"e{next(self._numbers)}", self._dropped, []
        self._dropped = []

        def work() -> None:
            try:
                if getattr(self, "_maker", None) is None:
                    self._maker = psycopg.connect(self.conninfo(), autocommit=True)
                for old in drops:
                    self._maker.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                strategy = (
                    f" STRATEGY {COPY_STRATEGY}"
                    if self._maker.info.server_version >= 150000
                    else ""
                )
                self._maker.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"{strategy}')
            except Exception as exc:  # raised in the test that takes it
                failure.append(exc)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        self._spare = (thread, name, failure)

    def stop(self) -> None:
        if getattr(self, "_spare", None) is not None:
            self._spare[0].join()
        if getattr(self, "_maker", None) is not None:
            self._maker.close()
        if getattr(self, "_admin_conn", None) is not None:
            self._admin_conn.close()
        try:
            self._run([self._pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
