# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from inspraak.consultations import services as cs
from inspraak.votes.models import Vote
from inspraak.votes.services import statement_create, vote_cast


@pytest.fixture
def statement_and_participant(make_consultation: Any) -> tuple[Any, Any]:
    consultation = make_consultation()
    statement = statement_create(consultation=consultation, text="De term basisbaan niet gebruiken")
    participant, _ = cs.participant_get_or_create(consultation=consultation, key="p1")
    return statement, participant


def test_database_refuses_a_second_vote_row(statement_and_participant: tuple[Any, Any]) -> None:
    statement, participant = statement_and_participant
    Vote.objects.create(statement=statement, participant=participant, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(statement=statement, participant=participant, value=-1)


def test_database_refuses_a_vote_value_outside_agree_disagree_pass(
    statement_and_participant: tuple[Any, Any],
) -> None:
    statement, participant = statement_and_participant
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(statement=statement, participant=participant, value=2)


def test_casting_again_replaces_the_vote(statement_and_participant: tuple[Any, Any]) -> None:
    statement, participant = statement_and_participant
    vote_cast(statement=statement, participant=participant, value="agree")
    vote_cast(statement=statement, participant=participant, value="oneens")
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_vote_from_another_consultation_is_refused(
    statement_and_participant: tuple[Any, Any], make_consultation: Any
) -> None:
    statement, _ = statement_and_participant
    stranger, _ = cs.participant_get_or_create(consultation=make_consultation(), key="x")
    with pytest.raises(ValidationError):
        vote_cast(statement=statement, participant=stranger, value=1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_votes_leave_one_vote(
    statement_and_participant: tuple[Any, Any],
) -> None:
    statement, participant = statement_and_participant
    for round_ in range(5):
        Vote.objects.all().delete()
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def cast(
            value: int, barrier: threading.Barrier = barrier, errors: list[BaseException] = errors
        ) -> None:
            try:
                barrier.wait()
                vote_cast(statement=statement, participant=participant, value=value)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=cast, args=(v,)) for v in (1, -1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [], f"round {round_}: {errors}"
        assert Vote.objects.filter(statement=statement, participant=participant).count() == 1
