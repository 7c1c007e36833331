"""Confidence levels of the PII finders, in a module of their own (no patterns) so that
commands can show them in their help, and exports import the guard, without compiling
every finder's patterns at start-up (kiicode/pii/rules.py and scan.py re-export them)."""

HIGH, MEDIUM, LOW = 0.8, 0.6, 0.4   # confidence bands; the export guard stops at HIGH
DEFAULT_MIN_CONFIDENCE = 0.5        # `kiicode pii scan` reports hits at least this sure
