"""Messages shared by panes, detail views, search and the palette: they all open things."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenEntity(Message):
    """Open the detail view of a cluster, actor or filière."""

    kind: str  # cluster | actor | filiere
    entity_id: str
    title: str = ""


@dataclass
class OpenPassage(Message):
    """Open a passage in its context in the document."""

    passage_id: int
    title: str = ""
