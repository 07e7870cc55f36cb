"""Pictures of the ballot page on a phone (360×740) in each of its states, for docs/screenshots/.

``make screenshots`` calls ``render_phone_pages``: a room server on loopback for a
small commission, one phone (headless Chromium) joined with its card, and the
rounds opened, voted, closed and revealed in turn, each page saved as
``phone-<state>.png``. Without Debian's chromium it says so and saves nothing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from cocommission.db import open_database
from cocommission.model.base import today
from cocommission.room.server import RoomServer
from cocommission.services import voting
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.room_joining import issue_join_cards

CHROMIUM = Path("/usr/bin/chromium")
PHONE_SCREEN = {"width": 360, "height": 740}
VOTERS = ("Ace", "Blaze", "Kiki", "Zo", "Mo", "Jay")
OPTIONS = (
    "Somewhere safe to go after school",
    "Help finding work or training",
    "A music studio",
    "Mental health support in school",
)


def _round(database, commission_id: str, method: str, title: str, **rules) -> voting.RoundRow:
    made = perform(
        database,
        voting.create_round,
        commission_id=commission_id,
        title=title,
        method=method,
        options=list(OPTIONS),
        **rules,
    ).result
    perform(database, voting.open_round, round_id=made.id)
    return made


def render_phone_pages(folder: Path) -> list[Path]:  # noqa: PLR0915 - one statement per picture taken
    """Save the ballot page's states as docs/screenshots/phone-<state>.png; return the files (none without chromium)."""
    if not CHROMIUM.exists():
        print(f"phone pages skipped: no chromium at {CHROMIUM}", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        database = open_database(Path(scratch) / "room.sqlite")
        server: RoomServer | None = None
        try:
            commission_id = perform(database, create_commission, title="Youth Voice Fund").result.id
            people = {
                name: perform(
                    database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today()
                ).result.id
                for name in VOTERS
            }
            cards = {card.pseudonym: card for card in perform(database, issue_join_cards, commission_id=commission_id).result}
            # As the console runs it: a phone joining with the PIN waits for the facilitator.
            server = RoomServer(database, commission_id=commission_id, host="127.0.0.1", pin_needs_facilitator=True)
            url = server.start()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
                page = browser.new_context(viewport=PHONE_SCREEN, device_scale_factor=1).new_page()

                def save(name: str) -> None:
                    page.goto(f"{url}vote")
                    save_as_is(name)

                def save_as_is(name: str) -> None:
                    target = folder / f"phone-{name}.png"
                    page.screenshot(path=str(target))
                    print(target)
                    written.append(target)

                page.goto(f"{url}join/{cards['Ace'].token}")
                save("waiting")
                dots = _round(
                    database, commission_id, "dots", "What should the fund pay for first?",
                    dots_per_person=5, max_dots_per_option=3,
                )
                save("open-dots")
                for label, count in ((OPTIONS[0], 3), (OPTIONS[2], 2)):
                    for _ in range(count):
                        page.get_by_role("button", name=f"Put a dot on {label}").click()
                save_as_is("dots-tapped")
                page.locator("button.send").click()
                page.locator(".status.in").wait_for()
                save("vote-is-in")
                # The rest of the room votes from the console, so the results have something to show.
                for number, name in enumerate(VOTERS[1:]):
                    choices = {dots.options[number % 4].id: 3, dots.options[(number + 1) % 4].id: 2}
                    perform(database, voting.cast_ballot, round_id=dots.id, participant_id=people[name], choices=choices)
                perform(database, voting.close_round, round_id=dots.id)
                save("closed")
                perform(database, voting.reveal_round, round_id=dots.id)
                save("revealed")
                for method, title in (
                    ("ranking", "Put the ideas in order"),
                    ("approval", "Which ideas are you happy with?"),
                    ("score", "How much would each idea help?"),
                ):
                    made = _round(database, commission_id, method, title)
                    save(f"open-{method}")
                    if method == "ranking":
                        # Two options tapped in order: the favourite first.
                        for label in (OPTIONS[3], OPTIONS[0]):
                            page.locator("li.option").filter(has=page.get_by_text(label, exact=True)).click()
                        save_as_is("ranking-tapped")
                    perform(database, voting.close_round, round_id=made.id)
                # Another phone, without a card: a name and the PIN, then waiting to be let in.
                page = browser.new_context(viewport=PHONE_SCREEN, device_scale_factor=1).new_page()
                page.goto(url)
                page.get_by_label("Choose your name").select_option(label="Blaze")
                page.get_by_label("Type the PIN the facilitator tells you").fill(server.pin)
                page.get_by_label("Type the PIN the facilitator tells you").press("Enter")
                page.get_by_text("Show this screen to the facilitator").wait_for()
                save_as_is("asking")
                browser.close()
        finally:
            if server is not None:
                server.stop()
            database.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.phone_screenshots FOLDER``."""
    arguments = sys.argv[1:] if argv is None else argv
    render_phone_pages(Path(arguments[0]) if arguments else Path("docs/screenshots"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
