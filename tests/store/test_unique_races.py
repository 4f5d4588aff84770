"""A unique key taken twice is a clean ``Conflict``, never an internal error.

The races themselves (eight processes adding one name) are in
``test_concurrency.py``; here the last line of defence in ``store.db.session``
(a unique violation that escapes a command becomes "already exists", exit 1,
nothing written) and a rename onto a taken contact name, on the run's backend.
"""

from __future__ import annotations

import pytest
from helpers import assert_clean_error, dump, run

from tasplus_cli.domain.errors import Conflict
from tasplus_cli.store.db import session
from tasplus_cli.store.models import Account


def test_a_unique_violation_that_escapes_is_a_conflict(tasplus_db, tasplus_home):
    run("account", "add", "瑞康医疗集团")
    before = dump(tasplus_home)
    with pytest.raises(Conflict) as caught:
        with session(tasplus_db, write=True) as s:
            s.add(Account(code="ACC-0099", name="瑞康医疗集团"))  # what a writer that lost a race would insert
            s.flush()
    assert "already exists" in caught.value.message and caught.value.hint
    assert dump(tasplus_home) == before


def test_renaming_a_contact_onto_a_taken_name_is_refused(tasplus_home):
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "王建国", "--account", "瑞康医疗集团")
    run("contact", "add", "刘芳", "--account", "瑞康医疗集团")
    before = dump(tasplus_home)
    result = run("contact", "edit", "CON-0002", "--name", "王建国", code=None)
    assert_clean_error(result, 1)
    assert "already has a contact named '王建国'" in result.stderr and "internal" not in result.stderr
    assert dump(tasplus_home) == before
