"""Background tasks: they only kick the sender; the Notification rows are the queue."""

from django_tasks import task


@task()
def send_notification(notification_id: int) -> None:
    from notifications.services import deliver

    deliver(notification_id)

