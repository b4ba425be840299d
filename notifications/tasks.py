"""Background tasks of the notifications app.

`send_notification` lives in `notifications.delivery`, beside `deliver`, the work it runs
(so delivery and its task never import each other in a circle); it is re-exported here for
the task name the worker and older callers know.
"""

from notifications.delivery import send_notification

__all__ = ["send_notification"]
