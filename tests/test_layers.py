"""The core stays free of Qt, so it can be scripted and tested without a display."""

from __future__ import annotations

import subprocess
import sys


def test_model_services_db_and_cli_import_without_pyside6():
    """Importing the model, services, storage, room server, CLI and the scan reader loads no PySide6 module."""
    code = (
        "import sys, importlib, pkgutil\n"
        "import cocommission.model, cocommission.services, cocommission.db, cocommission.room\n"
        "for package in (cocommission.model, cocommission.services, cocommission.db, cocommission.room):\n"
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import cocommission.cli, cocommission.export.scanning, cocommission.export.documents\n"
        "loaded = sorted(name for name in sys.modules if name.startswith('PySide6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    finished = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
