"""Finding records by id with a message a user understands when they are missing."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from cocommission.model.base import Base
from cocommission.services.errors import InvalidInput, NotFound

Record = TypeVar("Record", bound=Base)


def fetch(
    session: Session, model: type[Record], record_id: str, *, what: str, commission_id: str | None = None
) -> Record:
    """The record with ``record_id``, or NotFound naming ``what`` was looked for.

    With ``commission_id``, a record from another commission counts as missing,
    so one commission's ids can never reach into another's.
    """
    found = session.get(model, record_id) if isinstance(record_id, str) and record_id else None
    if found is None or (
        commission_id is not None and getattr(found, "commission_id", commission_id) != commission_id
    ):
        raise NotFound(f"There is no {what} with id {record_id!r}.")
    return found


def unused_id(session: Session, model: type[Base], wanted: str | None, *, what: str) -> str:
    """A new id, or ``wanted`` when no ``model`` row has it yet.

    Undo and Redo put back the very row they took away, so the commands further along the
    history still find it by its id.
    """
    from cocommission.model.base import new_id

    if wanted is None:
        return new_id()
    if session.get(model, wanted) is not None:
        raise InvalidInput(f"That {what} is already there; nothing was added.")
    return wanted
