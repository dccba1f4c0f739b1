"""A wheel install must carry schema.sql (the single source of the schema)."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_schema(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("resoc-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "resoc_cli/schema.sql" in names
        assert zf.read("resoc_cli/schema.sql") == (ROOT / "schema.sql").read_bytes()
        assert "resoc_cli/cli.py" in names
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        assert "resoc = resoc_cli.entry:main" in zf.read(entry).decode()
        # the compiled Czech catalog and the completion spec travel with the code
        mo = "resoc_cli/locale/cs/LC_MESSAGES/resoc.mo"
        assert mo in names
        assert zf.read(mo) == (ROOT / "src" / mo).read_bytes()
        assert "resoc_cli/completion_spec.py" in names
