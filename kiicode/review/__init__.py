"""Reviewing codes: a coder's checked decisions (`Coder`) and a review session
without UI (`ReviewSession`). The Textual screen lives in `kiicode.review.tui`
and is imported only by `kiicode review`, so nothing else loads Textual."""

from .actions import Coder
from .session import CodeRow, FindingRow, Progress, ReviewSession, SearchHit, SegmentView

__all__ = ["Coder", "CodeRow", "FindingRow", "Progress", "ReviewSession", "SearchHit",
           "SegmentView"]
