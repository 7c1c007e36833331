"""Personal data in transcripts: find it (scan), decide false positives
(stored per text in the project), write pseudonymised copies with a
separate key (redact), and stop exports that would write it (guard).

    rules.py   patterned data: emails, URLs, phones, ID numbers, dates of birth
    addresses.py  street addresses: streets, lots, communities' houses, roads' kilometres
    names.py   person names: known names, title cues, the shipped gazetteer (data/)
    scan.py    every finder over a text, overlaps settled, hits with keys and masked snippets
    guard.py   the one check every export calls before writing text

See docs/anonymisation.md for what is found, how well, and what is not."""

from ..lazy import lazy_names

# The names load guard/scan on first use (PEP 562): importing them compiles every finder's
# patterns and loads the name gazetteer (~0.25 s), which `kiicode.pii.cells` (imported by
# kiicode.analysis for every tally) and commands that never scan do not need.
_LAZY = {"PiiError": "guard", "PrivacyCheck": "guard", "WrittenText": "guard",
         "require_no_pii": "guard",
         "Hit": "scan", "scan_store": "scan", "scan_text": "scan", "scan_transcripts": "scan"}

__all__ = ["Hit", "PiiError", "PrivacyCheck", "WrittenText", "require_no_pii", "scan_store",
           "scan_text", "scan_transcripts"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
