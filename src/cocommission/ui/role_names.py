"""A participant's role in everyday words, as the People page's table and the participant form show it.

Apart from the form (``participant_dialog``) so the table can name roles without loading the form,
which a window needs only once someone adds or changes a participant.
"""

from __future__ import annotations

from cocommission.model import Role
from cocommission.wording import translator

# The form's context: the roles were translated there first, and one set of translations serves both.
tr = translator("participant_dialog")

#: The roles in the order the form offers them: the service's users first.
ROLES = (Role.YOUNG_PERSON, Role.SERVICE_USER, Role.FACILITATOR, Role.COMMISSIONER, Role.OBSERVER)

_ROLE_NAMES = {
    Role.YOUNG_PERSON: "Young person",
    Role.SERVICE_USER: "Service user",
    Role.FACILITATOR: "Facilitator",
    Role.COMMISSIONER: "Commissioner",
    Role.OBSERVER: "Observer",
}


def role_name(role: Role) -> str:
    """A role in everyday words: ``young_person`` → ``Young person``."""
    return tr(_ROLE_NAMES[Role(role)])
