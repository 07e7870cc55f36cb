"""The printed join cards: a pseudonym, a QR code and a short code on each, eight to a page."""

from __future__ import annotations

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from cocommission.export.join_cards_pdf import (
    CARDS_PER_PAGE,
    JoinCardsPlan,
    join_cards_pdf,
    join_url,
    plan_from_cards,
    room_address,
)
from cocommission.services.demo import YOUNG_PEOPLE
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform
from cocommission.services.room_joining import IssuedCard, issue_join_cards, new_code


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _qr_texts(pdf: bytes, dpi: int = 150) -> list[list[str]]:
    """What the QR codes on each page say, drawn at ``dpi`` as a phone's camera might see it printed."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            [code.text for code in zxingcpp.read_barcodes(document[index].render(scale=dpi / 72, grayscale=True).to_pil())
             if code.format == zxingcpp.BarcodeFormat.QRCode]
            for index in range(len(document))
        ]
    finally:
        document.close()


@pytest.fixture
def cards(database, example) -> tuple[IssuedCard, ...]:
    """Cards issued for everyone who can vote in the worked example."""
    return perform(database, issue_join_cards, commission_id=example).result


def test_each_card_has_its_pseudonym_and_code_and_no_full_name(cards):
    pdf = join_cards_pdf(cards, commission_title="Youth Justice Talent Fund", address="192.168.1.20:8080")
    text = " ".join(_pages(pdf))
    assert {card.pseudonym for card in cards} == {pseudonym for pseudonym, *_ in YOUNG_PEOPLE}
    for card in cards:
        assert card.pseudonym in text and card.code in text
        assert card.token not in text  # the token is only in the QR code
    for _pseudonym, full_name, *_ in YOUNG_PEOPLE:
        assert full_name not in text and full_name.split()[-1] not in text
    assert "Join cards — Youth Justice Talent Fund" in PdfReader(io.BytesIO(pdf)).metadata.title


def test_with_the_rooms_address_each_qr_code_opens_its_own_join_link(cards):
    pdf = join_cards_pdf(cards, commission_title="Youth fund", address="http://192.168.1.20:8080/")
    found = [text for page in _qr_texts(pdf) for text in page]
    assert sorted(found) == sorted(join_url("192.168.1.20:8080", card.token) for card in cards)
    assert "Go to 192.168.1.20:8080 and type the code" in " ".join(_pages(pdf))


def test_without_an_address_the_qr_code_holds_the_token_and_the_card_says_to_scan_the_rooms_code_first(cards):
    pdf = join_cards_pdf(cards, commission_title="Youth fund")
    found = [text for page in _qr_texts(pdf) for text in page]
    assert sorted(found) == sorted(card.token for card in cards)
    text = " ".join(_pages(pdf))
    assert text.count("First scan the Join code on the big screen") == len(cards)


def test_eight_cards_fit_a_page_and_the_rest_go_on_the_next():
    cards = [IssuedCard(str(n), f"Person {n}", f"token-{n:02d}-" + "x" * 22, new_code()) for n in range(10)]
    pages = _pages(join_cards_pdf(cards, commission_title="Youth fund"))
    assert CARDS_PER_PAGE == 8 and len(pages) == 2
    assert [page.count("JOIN THE VOTE") for page in pages] == [8, 2]
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert "Person 8" in pages[1] and "Person 8" not in pages[0]


def test_a_long_pseudonym_is_shrunk_to_fit_its_card():
    long = IssuedCard("1", "Amara-Rose Featherstonehaugh-Smythe", "t" * 27, new_code())
    assert "Amara-Rose" in _pages(join_cards_pdf([long], commission_title="Youth fund"))[0]


@pytest.mark.parametrize(
    ("typed", "address"),
    [("192.168.1.20:8080", "192.168.1.20:8080"), ("http://10.0.0.5:41234/", "10.0.0.5:41234"),
     ("  laptop.local  ", "laptop.local"), ("", None), (None, None)],
)
def test_the_rooms_address_is_taken_as_shown(typed, address):
    assert room_address(typed) == address


@pytest.mark.parametrize("typed", ["https://evil.example/", "10.0.0.5:8080/join", "10.0.0.5 8080", "javascript:alert(1)"])
def test_an_address_that_is_not_a_host_and_port_is_refused(typed):
    card = IssuedCard("1", "Kiki", "t" * 27, new_code())
    with pytest.raises(InvalidInput, match="is not the room's address"):
        plan_from_cards([card], commission_title="Youth fund", address=typed)


def test_no_cards_is_refused_with_what_to_do():
    with pytest.raises(InvalidInput, match="nobody can vote yet"):
        JoinCardsPlan("Youth fund", ()).render()
