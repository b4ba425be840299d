"""`__in_ids`: the batch lookup of the progress read-model (lms/lookups.py)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return UserFactory.create_batch(5)


def test_matches_the_same_rows_as_in(users):
    User = get_user_model()
    wanted = [users[0].pk, users[3].pk, 10**9]  # an id that does not exist is fine
    assert set(User.objects.filter(pk__in_ids=wanted)) == {users[0], users[3]}
    # On a relation (allauth's EmailAddress.user) and combined with OR.
    emails = EmailAddress.objects.filter(
        Q(user_id__in_ids=[users[1].pk]) | Q(user__in_ids=[users[2].pk]))
    assert {e.user_id for e in emails} == {users[1].pk, users[2].pk}


def test_empty_batch_is_no_rows_without_a_query(users):
    with CaptureQueriesContext(connection) as queries:
        assert list(get_user_model().objects.filter(pk__in_ids=[])) == []
    assert len(queries) == 0


def test_only_ids_are_accepted():
    with pytest.raises(ValueError):
        get_user_model().objects.filter(pk__in_ids=["1; DROP TABLE lms_user"])


def test_query_text_is_the_same_whatever_the_batch_on_postgresql():
    """One array parameter on PostgreSQL (nothing to parse or plan per id); one placeholder
    per id elsewhere."""

    def compiled(ids):
        query = get_user_model().objects.filter(pk__in_ids=ids).query
        return query.get_compiler(connection=connection).as_sql()

    (small, small_params), (large, large_params) = compiled([1, 2]), compiled(range(1, 3001))
    if connection.vendor == "postgresql":
        assert small == large and "= ANY(%s::bigint[])" in small
        assert small_params == ([1, 2],) and len(large_params[0]) == 3000
    else:
        assert len(small_params) == 2 and len(large_params) == 3000
