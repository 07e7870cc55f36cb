"""What the wall shows of the tender: one section, found by its id, read in one session.

The wall's tender scene only lays the words out; finding the section (in any
commission) and opening the timetable with the closing date, as the printed
tender does, are kept here beside the tender service.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from cocommission.services import commissions, tender
from cocommission.services.errors import NotFound, ServiceError
from cocommission.services.tender import SectionRow


def find_section(
    session: Session, *, section_id: str, commission_hint: str | None = None
) -> tuple[str, str, SectionRow]:
    """(commission id, tender title, section) for a section id, looking in the hinted commission first.

    The timetable opens with the closing date, as the printed tender does.
    """
    candidates = [commission_hint] if commission_hint else []
    candidates += [row.id for row in commissions.list_commissions(session) if row.id != commission_hint]
    for commission_id in candidates:
        try:
            found = tender.get_tender(session, commission_id=commission_id)
        except ServiceError:
            continue
        for section in found.sections:
            if section.id == section_id:
                if section.key == "timetable" and found.closing_date is not None:
                    opening = tender.closing_sentence(found.closing_date)
                    section = replace(section, body=f"{opening}\n{section.body}".strip())
                return commission_id, found.title, section
    raise NotFound("That tender section no longer exists; choose another one to show.")
