"""Exports: tables of codings and evidence, written atomically."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExportError, Location, Problem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter for files a spreadsheet opens: every header and cell that
    would run as a formula (a codebook label "=2+2 NGO staff", a coder named
    "=cmd|...") is written as text. Every CSV kiicode writes goes through it."""

    def writeheader(self):
        return self.writer.writerow([safe_cell(name) for name in self.fieldnames])

    def writerow(self, rowdict):
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed over it only if the block
    succeeds: a crash never leaves a half-written file where the old one was."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.exists():
        raise ExportError(Problem(Location(str(target)), "the folder does not exist",
                                  "create it first or choose another path"))
    if target.is_dir():
        raise ExportError(Problem(Location(str(target)), "is a folder, not a file",
                                  "give a file name inside it, or another path"))
    # A rename replaces even a read-only file; its read-only mode is the
    # user's "do not overwrite" (checked by mode bits, which hold for root too).
    if target.exists() and not (target.stat().st_mode & 0o222 and os.access(target, os.W_OK)):
        raise ExportError(Problem(Location(str(target)), "the file is read-only: not replaced",
                                  "make it writable, or choose another path"))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                             dir=directory)
    except OSError as exc:
        raise ExportError(Problem(Location(str(target)), f"cannot write here: {exc.strerror}",
                                  "choose a folder you can write to")) from None
    os.close(handle)
    temp = Path(temporary)
    # mkstemp makes the file private (0600); give it the mode a new file gets
    os.chmod(temp, 0o666 & ~_umask())
    try:
        yield temp
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise ExportError(Problem(Location(str(target)), f"cannot replace the file: "
                                      f"{exc.strerror}", "close it (e.g. in Excel) and retry")
                              ) from None
    finally:
        if temp.exists():
            temp.unlink()
