"""A commission whose young people write in the scripts London's young people write: names and
outcomes in Bengali, Gujarati, Gurmukhi, Urdu, Arabic, Somali, Polish, Chinese, Tamil, Devanagari
and emoji, made as the worked example is made, for tests that print every document and read the
text back."""

from __future__ import annotations

from unittest import mock

from cocommission.db import Database
from cocommission.services import demo
from cocommission.services.perform import perform

TITLE = "Youth Fund — যুব তহবিল"

#: (pseudonym, private full name, under 18, language, access needs), one script each.
YOUNG_PEOPLE = (
    ("রাহেলা", "রাহেলা বেগম", False, "Bengali", ""),
    ("પ્રિયા", "પ્રિયા પટેલ", True, "Gujarati", ""),
    ("ਗੁਰਪ੍ਰੀਤ", "ਗੁਰਪ੍ਰੀਤ ਕੌਰ", True, "Punjabi", "Prefers written instructions"),
    ("Łucja", "Łucja Wiśniewska", False, "Polish", ""),
    ("عائشہ", "عائشہ خان", False, "Urdu", ""),
    ("小龙", "李小龙", True, "Chinese", "Interpreter for workshop 1"),
    ("Cawaale 😀", "Cawaale Maxamed", False, "Somali", "Step-free access"),
    ("தமிழ்செல்வி", "தமிழ்செல்வி ராஜா", True, "Tamil", ""),
)

#: The example's twelve outcome statements as these young people wrote them: (outcome, measure).
OUTCOMES = (
    ("যুবকরা এলাকায় নিরাপদ বোধ করে", "Fewer young people avoid places 😀"),
    ("शाम को जाने के लिए जगह", "Evening sessions each week"),
    ("يجد الشباب ما يجيدونه", "Young people can name a skill"),
    ("ਪੁਲਿਸ ਨਾਲ ਘੱਟ ਮੁਸੀਬਤ", "Re-offending among those who take part"),
    ("大人听取年轻人的意见", "Young people say adults acted on what they said"),
    ("வேலை அல்லது பயிற்சிக்கு உதவி", "Number starting work or training"),
    ("Młodzi ludzie pokazują swój talent", "Shows held and audience numbers"),
    ("Dhalinyarada waxay aaminaan qof weyn", "Young people can name an adult they trust"),
    ("વાલીઓ સામેલ છે", "Parents or carers who come to an event"),
    ("نوجوان خود منصوبے کی قیادت کرتے ہیں", "Share of sessions run by young people"),
    ("Young people have a voice", ""),
    ("Young people's ideas are heard by the council", ""),
)
MERGED = ((10, 11), "যুবকদের কথা সিদ্ধান্ত বদলায়", "Decisions the council changed")

CRITERIA = (("পরিকল্পনা যুবকদের হাতে", "How far young people plan, run and lead the service", 30), *demo.CRITERIA[1:])

FEEDBACK_QUESTIONS = (("آج میری بات سنی گئی", demo.FEEDBACK_QUESTIONS[0][1]), *demo.FEEDBACK_QUESTIONS[1:])

#: Every name, outcome and other text above in a script of its own, as typed.
NAMES = tuple(full for _, full, *_ in YOUNG_PEOPLE)
PSEUDONYMS = tuple(pseudonym for pseudonym, *_ in YOUNG_PEOPLE)
OUTCOME_TEXTS = (*(text for text, _ in OUTCOMES[:10]), MERGED[1])


def create_multilingual_commission(database: Database) -> str:
    """The worked example with its title, young people, outcomes, one criterion and one feedback
    question in many scripts; its id."""
    with mock.patch.multiple(
        demo,
        TITLE=TITLE,
        YOUNG_PEOPLE=YOUNG_PEOPLE,
        OUTCOMES=OUTCOMES,
        MERGED=MERGED,
        CRITERIA=CRITERIA,
        FEEDBACK_QUESTIONS=FEEDBACK_QUESTIONS,
    ):
        return perform(database, demo.create_example_commission).result
