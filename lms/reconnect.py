"""Keep long-running processes (the task worker, the scheduler) alive through a database blip.

A 20-second PostgreSQL outage used to end `db_worker` and `send_reminders --loop` with an
OperationalError, and they stayed down while tasks waited. Now each catches the error, drops
its broken connections, waits (1, 2, 4 … up to 30 s) and tries again; the first success
resets the wait. Only database *connection* trouble is retried: a bug still raises.
"""

import logging
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger("lms.reconnect")

# OperationalError: refused, terminated by the server, timed out. InterfaceError: psycopg's
# "connection already closed" on the next use of a connection that died.
DATABASE_DOWN = (OperationalError, InterfaceError)


class Backoff:
    """1, 2, 4 … seconds up to `maximum`; `reset()` after a success."""

    def __init__(self, *, initial: float = 1.0, maximum: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.initial, self.maximum, self.sleep = initial, maximum, sleep
        self.delay = initial

    def wait(self) -> float:
        delay = self.delay
        self.sleep(delay)
        self.delay = min(self.delay * 2, self.maximum)
        return delay

    def reset(self) -> None:
        self.delay = self.initial


def drop_connections() -> None:
    """Close every database connection of this process, broken or not: the next query
    opens a fresh one (closing a dead connection may itself raise)."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_DOWN:
            connection.connection = None


def database_down(error: BaseException, backoff: Backoff, *, what: str) -> None:
    """Log the outage, forget the broken connections and wait before the next try."""
    logger.warning("%s: database unavailable (%s); retrying in %.0f s", what,
                   str(error).strip().splitlines()[0] if str(error).strip() else
                   type(error).__name__, backoff.delay)
    drop_connections()
    backoff.wait()
