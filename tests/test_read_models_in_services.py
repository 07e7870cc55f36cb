"""What a page or scene shows is read by the services; the screens only show it.

A read model (a function handed the session, or a ``*Stage`` dataclass of what a page
shows) kept in ``ui/`` cannot be used or tested without Qt, and invites a widget to
work out again what the services already decide. This scans every module under
``src/cocommission/ui`` for them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cocommission

UI = Path(cocommission.__file__).parent / "ui"


def _is_dataclass(node: ast.ClassDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "dataclass":
            return True
    return False


def _takes_the_session(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = node.args.posonlyargs + node.args.args
    return bool(arguments) and arguments[0].arg == "session"


def read_models_in(source: str) -> set[str]:
    """Names of the top-level read models in a module's source: functions that are handed the
    session (``read_…(session, …)`` and the like) and ``*Stage`` dataclasses."""
    found = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _takes_the_session(node) or isinstance(node, ast.ClassDef) and node.name.endswith("Stage") and _is_dataclass(node):
            found.add(node.name)
    return found


def test_the_scan_finds_read_models_and_passes_over_everything_else():
    """A session-reading function and a ``*Stage`` dataclass are found; methods, other classes are not."""
    source = '''
from dataclasses import dataclass
import dataclasses

@dataclass(frozen=True)
class DecisionStage:
    x: int

@dataclasses.dataclass
class OtherStage:
    x: int

class StagePage:
    def load(self, session): ...

@dataclass
class FundingLine:
    x: int

def read_decision_stage(session, *, commission_id): ...
def find_section(session, *, section_id): ...
def counts_text(rows): ...
'''
    assert read_models_in(source) == {"DecisionStage", "OtherStage", "read_decision_stage", "find_section"}


def test_no_ui_module_holds_a_read_model():
    """No module under ui/ defines a session-reading function or a ``*Stage`` dataclass of its own."""
    offending = {}
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        found = read_models_in(path.read_text(encoding="utf-8"))
        if found:
            offending[name] = sorted(found)
    assert offending == {}, f"Move these read models into the services: {offending}"
