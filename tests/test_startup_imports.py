"""Starting the window and the command line loads only what they need.

Migrating (alembic) and making documents (reportlab, qrcode, openpyxl) or reading scans
(pypdfium2, Pillow) are rare, and loading those libraries takes longer than everything else a
start does. These tests start the real thing in a fresh process and look at what it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cocommission.db import open_database
from cocommission.services.demo import create_example_commission
from cocommission.services.perform import perform

#: Libraries only making a document, migrating or reading scans needs.
LOADED_ONLY_WHEN_NEEDED = ("alembic", "reportlab", "qrcode", "openpyxl", "pypdfium2", "PIL")
#: What listing the commissions' ids and titles does without: the ORM and every mapped class.
NOT_NEEDED_TO_LIST = ("sqlalchemy.orm", "cocommission.model")
#: What opening the window on the example does without: the story that makes the example (the
#: services of every stage), the erasing and subject access, the new commission form, and what
#: the People page needs only once asked (importing a spreadsheet, recording consent for many,
#: the participant form and its look-alike check, a passphrase for an encrypted file), the
#: restoring of a backup, saving a spreadsheet or laying out a document from the Documents menu,
#: and the mapped classes of the stages after People.
NOT_NEEDED_TO_OPEN_THE_EXAMPLE = (
    "cocommission.model.bids",
    "cocommission.model.decision",
    "cocommission.model.feedback",
    "cocommission.model.outcomes",
    "cocommission.model.room",
    "cocommission.model.tender",
    "cocommission.model.voting",
    "cocommission.services.demo",
    "cocommission.services.privacy",
    "cocommission.ui.privacy_actions",
    "cocommission.ui.new_commission_dialog",
    "cocommission.export.participants_csv",
    "cocommission.ui.consent_dialog",
    "cocommission.ui.passphrase_dialog",
    "cocommission.ui.participant_dialog",
    "cocommission.ui.form_dialog",
    "cocommission.services.lookalikes",
    "cocommission.ui.backups",
    "cocommission.ui.save_locations",
    "cocommission.export.files",
    "cocommission.ui.background",
)

_REPORT_LOADED = f"""
import json, sys
def report_loaded(wanted={LOADED_ONLY_WHEN_NEEDED!r}):
    loaded = {{name.split(".")[0] for name in sys.modules}} | set(sys.modules)
    print(json.dumps(sorted(loaded & set(wanted))), flush=True)
"""

_OPEN_WINDOW = _REPORT_LOADED + f"""
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
    QSettings.setPath(settings_format, QSettings.Scope.UserScope, sys.argv[2])

def once_shown():
    from cocommission.ui.main_window import MainWindow

    app = QApplication.instance()
    window = next(widget for widget in app.topLevelWidgets() if isinstance(widget, MainWindow))
    window.open_example()
    window.grab()
    app.processEvents()
    QTimer.singleShot(0, lambda: finish(window, app))

def finish(window, app):
    import gc

    assert gc.isenabled(), "the window is on screen: loading is over, garbage is collected again"
    report_loaded({LOADED_ONLY_WHEN_NEEDED + NOT_NEEDED_TO_OPEN_THE_EXAMPLE!r})
    window.close()
    app.quit()

QTimer.singleShot(0, once_shown)
from cocommission.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

#: Enumerations Qt makes as Python enums the first time Python uses their class (hundreds of values,
#: milliseconds): a style's, a message box's or dialog button box's, a file chooser's, a wizard's
#: (made for every dialog class at once when Python is handed a widget of a class it must look up).
ENUMS_NOT_NEEDED_TO_OPEN_THE_EXAMPLE = ("PixelMetric", "StandardButton", "FileMode", "WizardButton")

_OPEN_WINDOW_MAKING_ENUMS = """
import enum, json, sys
made = set()
create = enum.EnumType._create_
def recording(cls, class_name, names, *args, **kwargs):
    made.add(class_name)
    return create(cls, class_name, names, *args, **kwargs)
enum.EnumType._create_ = recording
""" + _OPEN_WINDOW.replace(
    "    report_loaded(", "    report_made()\n    report_loaded("
).replace(
    "QTimer.singleShot(0, once_shown)", f"""
def report_made(wanted={ENUMS_NOT_NEEDED_TO_OPEN_THE_EXAMPLE!r}):
    before = sorted(made & set(wanted))
    from PySide6.QtWidgets import QStyle
    QStyle.PixelMetric  # made now: the recording sees Qt make them
    print(json.dumps([before, "PixelMetric" in made]), flush=True)

QTimer.singleShot(0, once_shown)"""
)

_LIST = _REPORT_LOADED + f"""
from cocommission.cli import main
status = main(["--db", sys.argv[1], "list"])
report_loaded({LOADED_ONLY_WHEN_NEEDED + NOT_NEEDED_TO_LIST!r})
sys.exit(status)
"""


@pytest.fixture
def example_database(tmp_path: Path) -> Path:
    """An up-to-date database holding the example commission."""
    path = tmp_path / "example.sqlite"
    database = open_database(path)
    perform(database, create_example_commission)
    database.close()
    return path


def _loaded_by(code: str, *arguments: str) -> list[str]:
    finished = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_opening_the_window_on_an_up_to_date_database_loads_no_document_or_migration_library_nor_what_it_waits_for(
    example_database, tmp_path
):
    assert _loaded_by(_OPEN_WINDOW, str(example_database), str(tmp_path / "settings")) == []


def test_opening_the_window_on_the_example_makes_no_dialogs_or_the_styles_enumerations(example_database, tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", _OPEN_WINDOW_MAKING_ENUMS, str(example_database), str(tmp_path / "settings")],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert json.loads(finished.stdout.strip().splitlines()[-2]) == [[], True]


def test_listing_commissions_loads_no_document_or_migration_library_nor_the_orm(example_database):
    assert _loaded_by(_LIST, str(example_database)) == []


def test_each_stage_page_is_named_with_its_own_title():
    """The navigator and the Go menu show a page's title before its class is imported: they must agree."""
    from cocommission.ui.stage_pages import STAGE_PAGES

    assert [maker.page_class().title for maker in STAGE_PAGES] == [maker.title for maker in STAGE_PAGES]


_ORDER_OPENING_THE_APP = """
import json, sys
from cocommission import cli
from cocommission.services.errors import InvalidInput

def refuse(arguments, **_):
    raise InvalidInput("stop before the window")

cli._given_passphrase = refuse  # the app stops where it would read the passphrase
status = cli.main(["--db", sys.argv[1]])
names = list(sys.modules)
wanted = [*cli.LOADED_BEFORE_QT, "sqlalchemy.dialects.sqlite"]  # and the database's dialect
print(json.dumps([status, [names.index(name) < names.index("PySide6") for name in wanted]]))
"""


def test_the_app_loads_the_mapped_classes_and_the_first_screens_services_before_qt(tmp_path):
    """Modules loaded after Qt are each read through again by Qt's import hook: the ORM comes first."""
    from cocommission.cli import LOADED_BEFORE_QT

    assert {"cocommission.model.commission", "cocommission.services.commissions"} <= set(LOADED_BEFORE_QT)
    assert _loaded_by(_ORDER_OPENING_THE_APP, str(tmp_path / "new.sqlite")) == [
        2,
        [True] * (len(LOADED_BEFORE_QT) + 1),
    ]


@pytest.mark.parametrize("location", ["nonsense://", "madeup+driver://host/db"])
def test_a_location_that_is_no_database_url_loads_no_dialect_before_the_window_says_so(location):
    """Loading the dialect early never stops the app: a bad location is for the window to explain."""
    from cocommission.cli import _load_dialect

    _load_dialect(location)  # the window, not this, explains what is wrong
