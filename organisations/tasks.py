"""Background work of the organisations app: the emails its services send."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
