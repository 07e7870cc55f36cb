"""Finding the worked example in a database, making it only when it is not there yet.

"Open the example" almost always finds the example already made. The story that makes it
(``demo``) uses the services of every stage; they are loaded only when it has to be made, so
opening it stays quick.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission

TITLE = "Youth Justice Talent Fund"
COMMISSIONING_BODY = "Riverside Borough Council, Youth Justice Service"


def find_example(session: Session) -> str | None:
    """The newest example commission in this database, or None."""
    return session.scalar(
        select(Commission.id)
        .where(Commission.title == TITLE, Commission.commissioning_body == COMMISSIONING_BODY)
        .order_by(Commission.created_at.desc())
        .limit(1)
    )


def find_or_create_example(session: Session) -> str:
    """The example commission already in this database, or a new one; "Open the example" uses this."""
    existing = find_example(session)
    if existing is not None:
        return existing
    from cocommission.services.demo import create_example_commission

    return create_example_commission(session)
