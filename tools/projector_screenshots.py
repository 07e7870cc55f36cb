"""Pictures of every projector scene at the wall's 1920×1080, from the worked example, for docs/screenshots/.

``make screenshots`` calls ``render_projector_scenes``; the example gets two
extra rounds first (a live one part-way through voting, and a hidden one with
two ballots in), so the live bars and the hidden-until-reveal wall can be seen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from cocommission.db import open_database
from cocommission.model import Role, Visibility
from cocommission.services import participants, tender, voting, workshops
from cocommission.services.demo import create_example_commission
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.live.vote_scene import VoteScene
from cocommission.ui.style import load_shipped_fonts

WALL_SIZE = (1920, 1080)


def _voters(commander: Commander, commission_id: str) -> list[str]:
    rows = commander.read(participants.list_participants, commission_id=commission_id)
    return [
        row.id for row in rows if row.role in (Role.YOUNG_PERSON, Role.SERVICE_USER) and row.can_take_part
    ]


def _extra_rounds(commander: Commander, commission_id: str) -> tuple[str, str]:
    """A live dots round with five of eight ballots in, and a hidden one with two; returns their ids."""
    voters = _voters(commander, commission_id)
    made = []
    for title, visibility, ballots in (
        ("Which outcome should the tender put first?", Visibility.LIVE, 5),
        ("Which outcomes should the interviews test?", Visibility.HIDDEN_UNTIL_REVEAL, 2),
    ):
        new = commander.run(
            voting.create_round,
            commission_id=commission_id,
            title=title,
            method="dots",
            dots_per_person=3,
            max_dots_per_option=2,
            visibility=visibility,
            from_outcomes=True,
        )
        commander.run(voting.open_round, round_id=new.id)
        options = [option.id for option in new.options]
        for number, participant_id in enumerate(voters[:ballots]):
            choices = {options[(number * 3) % len(options)]: 2, options[(number * 5 + 1) % len(options)]: 1}
            commander.run(voting.cast_ballot, round_id=new.id, participant_id=participant_id, choices=choices)
        made.append(new.id)
    return made[0], made[1]


def render_projector_scenes(folder: Path) -> list[Path]:  # noqa: PLR0915 - one statement per scene shown
    """Save each projector scene of the example as docs/screenshots/projector-<scene>.png; return the files."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_shipped_fonts(prefer=True)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        database = open_database(Path(scratch) / "example.sqlite")
        try:
            commander = Commander(database, ChangeBus())
            commander.failed.connect(lambda message: print(f"refused: {message}", file=sys.stderr))
            commission_id = commander.run(create_example_commission)
            live_id, hidden_id = _extra_rounds(commander, commission_id)
            rounds = commander.read(voting.list_rounds, commission_id=commission_id)
            dots_round = next(r for r in rounds if r.method.value == "dots" and r.state.value == "revealed")
            ranking_round = next(r for r in rounds if r.method.value == "ranking")
            workshop = commander.read(workshops.list_workshops, commission_id=commission_id)[0]
            sections = commander.read(tender.get_tender, commission_id=commission_id).sections
            section = next(s for s in sections if s.key == "requirements")
            projector = ProjectorWindow(commander)

            def save(name: str) -> None:
                app.processEvents()
                target = folder / f"projector-{name}.png"
                projector.grab_scene(*WALL_SIZE).save(str(target))
                print(target)
                written.append(target)

            projector.show_welcome(commission_id=commission_id, workshop_id=workshop.id)
            projector.start_countdown(10 * 60)
            save("welcome")
            projector.stop_countdown()
            projector.show_outcomes(commission_id=commission_id)
            save("outcomes")
            projector.show_vote(round_id=live_id)
            save("vote")
            projector.show_vote(round_id=hidden_id)
            save("vote-hidden")
            projector.show_reveal(round_id=dots_round.id)
            scene = projector.current_scene()
            assert isinstance(scene, VoteScene)
            scene.seek_reveal(250)
            save("reveal")
            scene.seek_reveal(10_000)
            save("revealed")
            projector.show_ranking(round_id=ranking_round.id)
            save("ranking")
            projector.show_ranking(round_id=dots_round.id)
            save("ranking-ties")
            projector.show_tender_section(section_id=section.id)
            save("tender")
            projector.show_bid_totals(commission_id=commission_id)
            save("bids")
            # The address a laptop's hotspot typically gives itself, on the port the room server picked.
            projector.show_join(url="http://192.168.137.1:49213/")
            save("join")
            projector.deleteLater()
            app.processEvents()
        finally:
            database.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.projector_screenshots FOLDER``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    arguments = sys.argv[1:] if argv is None else argv
    render_projector_scenes(Path(arguments[0]) if arguments else Path("docs/screenshots"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
