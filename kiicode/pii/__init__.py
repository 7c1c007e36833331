"""Personal data in transcripts: find it (scan), decide false positives
(stored per text in the project), write pseudonymised copies with a
separate key (redact), and stop exports that would write it (guard).

    rules.py   patterned data: emails, URLs, phones, ID numbers, dates of birth
    addresses.py  street addresses: streets, lots, communities' houses, roads' kilometres
    names.py   person names: known names, title cues, the shipped gazetteer (data/)
    scan.py    every finder over a text, overlaps settled, hits with keys and masked snippets
    guard.py   the one check every export calls before writing text

See docs/anonymisation.md for what is found, how well, and what is not."""

from .guard import PiiError, PrivacyCheck, WrittenText, require_no_pii
from .scan import Hit, scan_store, scan_text, scan_transcripts

__all__ = ["Hit", "PiiError", "PrivacyCheck", "WrittenText", "require_no_pii", "scan_store",
           "scan_text", "scan_transcripts"]
