"""Mapped classes load with the first use of their module, and whatever is loaded can be written.

``cocommission.model`` loads a module the first time one of its names is asked for, so the
window's first screen does not wait for every stage's classes. The risk is a module loaded
without the tables its foreign keys name: SQLAlchemy finds a referenced table by name only
when it writes, so the mistake would surface as a failed save on some later page.
"""

from __future__ import annotations

import enum
import inspect
import json
import subprocess
import sys
from importlib import import_module

import pytest

from cocommission import model
from cocommission.model.base import Base

#: Loads one module in a fresh interpreter, resolves every foreign key of every table then
#: mapped, configures the mappers, and prints the mapped modules loaded.
_ALONE = """
import sys
from importlib import import_module
from sqlalchemy.orm import configure_mappers
import_module("cocommission.model." + sys.argv[1])
from cocommission.model.base import Base
for table in Base.metadata.tables.values():
    for key in table.foreign_keys:
        key.column
configure_mappers()
print(" ".join(sorted(name.rsplit(".", 1)[1] for name in sys.modules if name.startswith("cocommission.model."))))
"""


@pytest.mark.parametrize("module", model.MAPPED_MODULES)
def test_each_module_loaded_alone_brings_the_tables_it_refers_to(module):
    finished = subprocess.run(
        [sys.executable, "-c", _ALONE, module], capture_output=True, text=True, check=False, timeout=60
    )
    assert finished.returncode == 0, finished.stderr
    assert module in finished.stdout.split()


def test_importing_the_package_loads_no_mapped_class():
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, cocommission.model; print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = {name for name in json.loads(finished.stdout) if name.startswith("cocommission.model.")}
    assert loaded == {"cocommission.model.base"}


@pytest.mark.parametrize("module", model.MAPPED_MODULES)
def test_the_package_gives_every_class_and_choice_a_module_defines(module):
    """Every mapped class and every enumeration of choices is asked for by name from the package."""
    loaded = import_module(f"cocommission.model.{module}")
    defined = {
        name
        for name, value in vars(loaded).items()
        if inspect.isclass(value)
        and value.__module__ == loaded.__name__
        and (issubclass(value, Base) or issubclass(value, enum.Enum))
    }
    given = {name for name, home in model._MODULE_OF.items() if home == module}
    assert defined <= given
    for name in given:
        assert getattr(model, name) is getattr(loaded, name)
        assert name in model.__all__


def test_asking_for_a_name_the_package_does_not_give_is_an_attribute_error():
    with pytest.raises(AttributeError, match="Nonsense"):
        model.Nonsense  # noqa: B018 - the look-up is what is tested


def test_the_whole_schema_has_every_modules_tables():
    tables = model.whole_schema().tables
    assert {
        "commission",
        "participant",
        "vote_round",
        "bid",
        "decision",
        "feedback_sheet",
        "room_phone",
    } <= set(tables)
    assert all(f"cocommission.model.{module}" in sys.modules for module in model.MAPPED_MODULES)
