"""kiicode: code key-informant interviews in the terminal.

The library behind the `kiicode` command, one module per pipeline stage:

    from kiicode import load_codebook, Store, ingest, code, tally, audit
    book = load_codebook("codebooks/cpc_peru.yaml")
    with Store.open("out/project.sqlite", create=True) as store:
        ingest(store, ["transcripts_sample"], book)
        code(store, book)
        report = tally(store, book, status="all")
"""

from .lazy import lazy_names

__version__ = "0.1.0"

# The public names load their module on first use (PEP 562), not at `import kiicode`:
# every command imports this package, and `pipeline` alone brings numpy, the ranker and,
# through `analysis`, the PII scanners (~0.5 s of start-up) that `kiicode --help`,
# `kiicode transcripts` and most commands never touch.
_LAZY = {
    "Codebook": "codebook", "load_codebook": "codebook",
    "KiicodeError": "errors",
    "Store": "store",
    "code": "pipeline", "ingest": "pipeline",
    "evidence_for": "analysis", "tally": "analysis",
}

# `audit` is bound now: it is also the name of its submodule, and the import system would
# set kiicode.audit to that module (not the function) the first time anything imported it.
from .audit import audit  # noqa: E402

__all__ = ["__version__", "Codebook", "KiicodeError", "Store", "audit", "code", "evidence_for",
           "ingest", "load_codebook", "tally"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
