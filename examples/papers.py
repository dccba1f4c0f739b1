"""Make every paper of the example caseload, in Czech and in English.

    python examples/papers.py [OUTDIR]     (default: ./papers)

Run it with the Python that has resoc installed (``.venv/bin/python``, on Windows
``.venv\\Scripts\\python``). In OUTDIR it builds the example caseload (``example.db``) and a
settings file (``config.toml``, a fictional organisation's letterhead, through ``resoc config
set``), holds one group meeting of the three clients who arrived together (K0007-K0009: the
example caseload itself has no group), then prints each paper through ``resoc print``:
``cs/`` in Czech, ``en/`` in English. Where ``pdftoppm`` (poppler) is on PATH, the first page
of each is also rendered to a PNG beside it. Refused when OUTDIR already holds an example.db.
Nothing outside OUTDIR is read or written: not your database, not your settings.
"""

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ORGANISATION = {
    "name": "Spolek Pohádkový les, z. s.",
    "address": "Mechová 12, 123 45 Pařezov",
    "ico": "12345678",
    "phone": "+420 123 456 789",
    "email": "kancelar@pohadkovy-les.example",
    "worker": "Vodník Česílko",
    "role": "sociální kurátor",
    "place": "Pařezov",
}

#: (file name without .pdf, the `resoc print` arguments)
PAPERS = (
    ("potvrzeni-K0001", ["certificate", "K0001"]),
    ("ucast-K0002", ["certificate", "K0002", "--participation"]),
    ("plan-K0001", ["plan", "K0001"]),
    ("prezencni-listina-1", ["attendance", "1"]),
    ("dochazka-K0007", ["attendance", "--client", "K0007"]),
    ("vyrocni-zprava-2026", ["report", "2026"]),
)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "papers").resolve()
    if len(sys.argv) > 2 or out.name.startswith("-"):
        sys.exit("usage: python examples/papers.py [OUTDIR]")
    if (out / "example.db").exists():
        sys.exit(f"papers: {out} already holds an example.db; give another OUTDIR")
    os.umask(0o077)  # the papers and their pictures are personal data: for the owner only
    out.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("RESOC_DB", "RESOC_LANG")}
    env["RESOC_CONFIG"] = str(out / "config.toml")

    def resoc(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "resoc_cli", "--db", str(out / "example.db"), *args],
            env=env, capture_output=True, text=True, encoding="utf-8",
        )  # fmt: skip
        if proc.returncode != 0:
            sys.exit(f"papers: `resoc {' '.join(args)}` failed: {proc.stderr.strip()}")
        return proc.stdout.strip()

    resoc("example")
    for key, value in ORGANISATION.items():
        resoc("config", "set", f"organisation.{key}", value)
    meeting_day = (date.today() - timedelta(days=2)).isoformat()
    resoc("group", "add", "PODZIM", "--name", "Podzimní skupina", "--programme", "adult")
    resoc("group", "join", "PODZIM", "K0007", "K0008", "K0009", "--date", "2026-10-05")
    resoc("meeting", "add", "PODZIM", "--date", meeting_day, "--hours", "2",
          "--phase", "1", "--late", "K0009")  # fmt: skip
    pdftoppm = shutil.which("pdftoppm")
    for lang in ("cs", "en"):
        (out / lang).mkdir(exist_ok=True)
        for name, args in PAPERS:
            pdf = out / lang / f"{name}.pdf"
            print(resoc("print", *args, "--lang", lang, "-o", str(pdf)))
            if pdftoppm:
                page = [
                    pdftoppm,
                    "-png",
                    "-r",
                    "72",
                    "-singlefile",
                    str(pdf),
                    str(pdf.with_suffix("")),
                ]
                if subprocess.run(page, capture_output=True).returncode != 0:
                    sys.exit(f"papers: pdftoppm could not render {pdf}")
    if not pdftoppm:
        print("papers: no pdftoppm on PATH, so no PNGs (poppler-utils has it)", file=sys.stderr)


if __name__ == "__main__":
    main()
