"""A small coded project with personal data in a quoted answer, for the
PII tests: the evidence project of tests/export plus KII-P-01, a frontline
worker from Zoom whose speaker label is her display name and whose quote
(KII-P-01:1, accepted as training, so it supports F1) holds a phone number,
an email and a colleague's name."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "export"))

from analysis_helpers import accept  # noqa: E402
from conftest import GOOD_FRONT_MATTER, write_transcript  # noqa: E402
from evidence_project import build  # noqa: E402

from kiicode.codebook import load_codebook  # noqa: E402
from kiicode.pipeline import ingest  # noqa: E402
from kiicode.store import Store  # noqa: E402

PII_BODY = (
    "E: ¿Qué capacitación recibió?\n\n"
    "Rosario Huamaní: La capacitación fue buena. Para coordinar, llámeme al 987 654 321 o "
    "escriba a rosario.huamani@gmail.com; la Dra. Ccallo también ayudó.\n\n"
    "E: ¿Algo más?\n\n"
    "Rosario Huamaní: Nada más, gracias.\n")
PII_FRONT = dict(GOOD_FRONT_MATTER, id="KII-P-01", region="Loreto",
                 speakers={"Rosario Huamaní": "R"})
PII_QUOTE = "KII-P-01:1"
SECRETS = ("987 654 321", "rosario.huamani@gmail.com", "Ccallo", "Rosario", "Huamaní")


def build_pii(directory: Path) -> tuple[Path, Path]:
    store_path, book_path = build(directory)
    corpus = directory / "corpus"
    write_transcript(corpus, "KII-P-01.md", PII_FRONT, PII_BODY)
    with Store.open(store_path) as store:
        ingest(store, [corpus], load_codebook(book_path))
        accept(store, "ana", (PII_QUOTE, "training"))
    return store_path, book_path
