"""Copy the seed reports into data/raw/reports/ without their participant lists.

The meeting reports end with a list of participants holding personal e-mail addresses: the
project must not load or republish them. Each copy keeps the report's body line for line (so
line numbers match the original) and stops before "LISTE DES PARTICIPANTS"; the script fails
if an e-mail address would remain.

    python scripts/prepare_reports.py [SEEDS_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = {
    "002_2eba3125d57ea5d9.txt": "cuf_groupe_pays_russie_2017-10-10.txt",
    "003_451eed956365569b.txt": "cuf_fiche_groupe_pays_russie.txt",
    "004_4b1217403b4befa9.txt": "cuf_copil_rencontres_franco_japonaises_2026.txt",
}
_PARTICIPANTS = re.compile(r"^\s*LISTE DES PARTIC")  # the heading, in capitals
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def body_lines(text: str) -> list[str]:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _PARTICIPANTS.search(line):
            return lines[:i]
    return lines


def main(seeds: Path) -> None:
    out = ROOT / "data" / "raw" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    for source, target in REPORTS.items():
        lines = body_lines((seeds / source).read_text(encoding="utf-8"))
        text = "\n".join(lines).rstrip("\n") + "\n"
        if _EMAIL.search(text):
            raise SystemExit(f"{source}: an e-mail address remains before the participant list")
        (out / target).write_text(text, encoding="utf-8")
        print(f"{target}: {len(lines)} lines")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds")
