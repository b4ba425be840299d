"""Events of the certificates app for apps that sit on top of it (notifications).

Sent inside the issuing transaction, once per certificate actually created (not when an
existing one is returned), so a receiver's records commit or roll back with it. Receivers
must be idempotent.
"""

from django.dispatch import Signal

# kwargs: certificate (Certificate, just issued)
certificate_issued = Signal()
