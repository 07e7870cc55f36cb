"""Declarative base shared by every mapped class, and small column helpers.

Constraint names follow one naming convention so that SQLite and PostgreSQL
schemas, and the migrations that build them, agree on every name.
"""

import enum
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from sqlalchemy import DateTime, Dialect, Enum, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A fresh identifier; UUIDs let commissions move between laptops and servers."""
    return str(uuid.uuid4())


#: The moment ``told_as_of`` fixes "now" at, or None for the real time.
_TOLD_AS_OF: ContextVar[datetime | None] = ContextVar("told_as_of", default=None)


def utcnow() -> datetime:
    """The current time in UTC, the only zone the database stores (or the moment ``told_as_of`` fixed)."""
    fixed = _TOLD_AS_OF.get()
    return fixed if fixed is not None else datetime.now(UTC)


#: The day ``today_held`` keeps as "today" in every thread, or None for the real date.
_held_day: date | None = None


def today() -> date:
    """Today's date where the facilitator is (or the day ``told_as_of`` fixed, or ``today_held`` keeps)."""
    fixed = _TOLD_AS_OF.get()
    if fixed is not None:
        return fixed.date()
    return _held_day if _held_day is not None else date.today()


@contextmanager
def today_held(day: date) -> Iterator[None]:
    """Keep "today" at ``day`` inside, in every thread, so a check that runs past midnight agrees with itself.

    A consent given "today" and then checked as given "today" must name the same day; the tests
    hold the day they start on, and every screen, document and service asks ``today()``.
    """
    global _held_day
    before, _held_day = _held_day, day
    try:
        yield
    finally:
        _held_day = before


@contextmanager
def told_as_of(moment: datetime) -> Iterator[None]:
    """Record everything done inside as done at ``moment``.

    The worked example tells a story that happened over weeks; without this, every
    timestamp it records (a conflict declared, a score given, the tender agreed, the
    audit log) would carry the minute it was built and contradict the story's own dates.
    """
    if moment.tzinfo is None:
        raise ValueError("told_as_of needs a timezone-aware moment")
    token = _TOLD_AS_OF.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _TOLD_AS_OF.reset(token)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    marked UTC on the way out; PostgreSQL gets the same behaviour.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum stored as its string value, guarded by a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Base of every mapped class; all ids are UUID strings."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def id_column() -> Mapped[str]:
    """The primary-key column every table shares."""
    return mapped_column(String(36), primary_key=True, default=new_id)
