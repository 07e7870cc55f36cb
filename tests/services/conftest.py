"""Fixtures shared by the tests of the services."""

from __future__ import annotations

import pytest
from bids_fixtures import Setup, interviews


@pytest.fixture
def setup(session) -> Setup:
    """A commission at the interviews: two shortlisted bids, two criteria (60/40) and a panel of three."""
    return interviews(session)
