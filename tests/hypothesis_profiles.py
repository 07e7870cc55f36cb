"""How hard the property and fuzz tests look: a fixed, quicker set on every run, the full search on request.

``make test`` uses the "ci" profile: every property test tries a fifth of its examples (at least
ten), drawn from a fixed seed, so a run is quick and two runs try the same inputs. Hypothesis
still starts with the simplest inputs and its explicit examples, which find most mistakes.

The "deep" profile tries every test's full number of examples, drawn afresh each run, and keeps
the failures it finds in ``.hypothesis`` to try first next time. Run it before a release or after
changing what a fuzz test covers::

    HYPOTHESIS_PROFILE=deep make test PYTEST_ARGS="tests/fuzz tests/model tests/services"

``HYPOTHESIS_DEEP_SCALE=10`` makes the deep profile try ten times each test's number.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
#: How many of a test's examples the quick profile tries.
_CI_SHARE = 5
_CI_FEWEST = 10



def examples(full: int) -> int:
    """How many examples a property test whose full search is ``full`` tries under the chosen profile."""
    if PROFILE == "ci":
        return max(_CI_FEWEST, full // _CI_SHARE)
    return full * int(os.environ.get("HYPOTHESIS_DEEP_SCALE", "1"))


# A test that does not say how many examples it needs gets Hypothesis's usual hundred, shared the same way.
settings.register_profile("ci", max_examples=examples(100), derandomize=True, database=None, print_blob=True)
settings.register_profile("deep", max_examples=examples(100), derandomize=False)
settings.load_profile(PROFILE)
