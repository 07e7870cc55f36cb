"""The mapped classes' column annotations are types, not text SQLAlchemy has to evaluate.

With ``from __future__ import annotations`` every ``Mapped[...]`` is kept as a string, and
SQLAlchemy evaluates each one again as the class is mapped: hundreds of small evaluations that
every start of the app and of the command line waited for. Written as types, the classes are
mapped from what Python has already made.
"""

from __future__ import annotations

from cocommission.model import whole_schema
from cocommission.model.base import Base


def test_every_mapped_column_annotation_is_a_type_not_text():
    whole_schema()  # every mapped class loaded
    as_text = [
        f"{mapper.class_.__name__}.{name}"
        for mapper in Base.registry.mappers
        for name, annotation in vars(mapper.class_).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert as_text == []
    assert len(Base.registry.mappers) > 20  # every mapped class was looked at
