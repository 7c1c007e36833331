"""kiicode: code key-informant interviews in the terminal.

The library behind the `kiicode` command, one module per pipeline stage:

    from kiicode import load_codebook, Store, ingest, code, tally, audit
    book = load_codebook("codebooks/cpc_peru.yaml")
    with Store.open("out/project.sqlite", create=True) as store:
        ingest(store, ["transcripts_sample"], book)
        code(store, book)
        report = tally(store, book, status="all")
"""

__version__ = "0.1.0"

from .analysis import evidence_for, tally  # noqa: E402
from .audit import audit  # noqa: E402
from .codebook import Codebook, load_codebook  # noqa: E402
from .errors import KiicodeError  # noqa: E402
from .pipeline import code, ingest  # noqa: E402
from .store import Store  # noqa: E402

__all__ = ["__version__", "Codebook", "KiicodeError", "Store", "audit", "code", "evidence_for",
           "ingest", "load_codebook", "tally"]
