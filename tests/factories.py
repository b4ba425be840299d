"""Factories shared by every app's tests. App-specific ones live in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms import roles

PASSWORD = "correct-horse-battery"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary email, as allauth's mandatory verification requires."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def participant(**kwargs):
    return UserFactory(role=roles.PARTICIPANTS, **kwargs)


def trainer(**kwargs):
    return UserFactory(role=roles.TRAINERS, **kwargs)


def organiser(**kwargs):
    return UserFactory(role=roles.ORGANISERS, **kwargs)
