"""Small real-shaped corpora for the fault tests: the real samples under other agencies' names."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLES

# (sample, the agency as the sample spells it) — both hongze years give every agency a cross-year pair
TEMPLATES = (("hongze_2023.pdf.txt", ("淮安市洪泽区人民政府", "洪泽区人民政府")),
             ("hongze_2024.pdf.txt", ("淮安市洪泽区人民政府", "洪泽区人民政府")),
             ("004_028b26371201af45.txt", ("盘锦市商务局",)))


def make_corpus(folder: Path, agencies: int, prefix: str = "示范") -> list[Path]:
    """``agencies`` × the templates: files named in import order, each under a new agency name."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(agencies):
        for n, (name, spellings) in enumerate(TEMPLATES):
            text = (SAMPLES / name).read_text("utf-8")
            for spelling in spellings:
                text = text.replace(spelling, f"{prefix}市第{i}区人民政府" if n < 2 else f"{prefix}市第{i}商务局")
            path = folder / f"{i:04d}_{n}.txt"
            path.write_text(text, "utf-8")
            out.append(path)
    return out
