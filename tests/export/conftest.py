"""Shared fixtures for the printed documents: the worked example, and reading a PDF back as text."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, with runs of whitespace (line breaks in wrapped cells) made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def pages() -> Callable[[bytes], list[str]]:
    """Read a PDF back as one string per page, as a reader would find it."""
    return page_texts


@pytest.fixture
def example(database) -> str:
    """The worked example commission's id."""
    return perform(database, find_or_create_example).result
