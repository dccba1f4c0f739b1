"""examples/papers.py, the README's one command for every paper of the example caseload."""

import shutil
import stat
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "papers.py"
NAMES = ("potvrzeni-K0001", "ucast-K0002", "plan-K0001", "prezencni-listina-1",
         "dochazka-K0007", "vyrocni-zprava-2026")  # fmt: skip


def run(out: Path, monkeypatch):
    monkeypatch.delenv("RESOC_CONFIG")  # the script sets its own, inside OUTDIR
    return subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)  # fmt: skip


def test_every_paper_in_czech_and_english_for_the_owner_only(tmp_path, monkeypatch):
    out = tmp_path / "papers"
    proc = run(out, monkeypatch)
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.split()
    assert len(printed) == 2 * len(NAMES)
    for lang in ("cs", "en"):
        for name in NAMES:
            pdf = out / lang / f"{name}.pdf"
            assert str(pdf) in printed
            assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
            if shutil.which("pdftoppm"):
                png = pdf.with_suffix(".png")
                assert stat.S_IMODE(png.stat().st_mode) == 0o600  # a picture of personal data
            else:
                assert "no pdftoppm" in proc.stderr
    sheet = "".join(
        p.extract_text() for p in PdfReader(out / "cs" / "prezencni-listina-1.pdf").pages
    )
    for name in ("Žabák Kvákal", "Chroustík Májový", "Čmelák Brumla", "Prezenční listina"):
        assert name in sheet
    english = "".join(p.extract_text() for p in PdfReader(out / "en" / "potvrzeni-K0001.pdf").pages)
    assert "Spolek Pohádkový les" in english and "Ferda Mravenec" in english
    assert "certificate" in english.lower() or "completion" in english.lower()


def test_an_outdir_with_an_example_is_refused(tmp_path, monkeypatch):
    out = tmp_path / "papers"
    out.mkdir()
    (out / "example.db").write_bytes(b"")
    proc = run(out, monkeypatch)
    assert proc.returncode != 0
    assert "already holds an example.db" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["example.db"]


def test_the_readme_names_the_command():
    assert "examples/papers.py papers" in (ROOT / "README.md").read_text(encoding="utf-8")
