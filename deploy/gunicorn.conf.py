"""gunicorn settings for Bootcamp LMS: `gunicorn -c deploy/gunicorn.conf.py lms.wsgi:application`.

Always behind nginx (deploy/nginx/lms.conf): nginx buffers slow clients, so a worker or a
thread is only ever busy running Django, and the process count can follow the CPU count.

Default on a 2-core server: 2 workers × 4 threads (gthread). Why (README, "Running in
production"): the work is CPU-bound Python with short waits on PostgreSQL and Redis. One
process per core uses both cores; a few threads per process fill the waits on the database
without the memory of more processes. In the live-day rehearsal on this 2-core VM, 2×4
gthread recorded 3× as many check-ins within 2 minutes as 4 sync workers (147 against 45)
with medians 3–8× lower; its one drawback (keep-alive connections dropped under load)
came from clients talking to gunicorn directly, which nginx now does instead. More than
~4 threads per process only queues on the GIL. Every value can be overridden from the
environment (GUNICORN_WORKERS, GUNICORN_THREADS, ...) to measure another shape.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that needs more than this is stuck: the worker is restarted. nginx waits 65 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# nginx keeps idle upstream connections (keepalive 16); close them a bit after nginx would.
keepalive = 75
# Recycle workers now and then so slow memory growth (caches, fragmentation) never builds
# up; the jitter stops all workers restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Load Django once in the master, then fork: workers start in milliseconds (a fresh
# worker's first request took 0.7–5.6 s in the rehearsal) and share the code pages.
preload_app = True
# The heartbeat file in memory, not on a disk that may stall under load.
# gunicorn creates its own unpredictably named file in it, so a shared directory is safe.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Only nginx on this host talks to gunicorn.
forwarded_allow_ips = "127.0.0.1"

# gunicorn 27's control socket (gunicornc) defaults to one path per user: two stacks on one
# host would take each other's. A path of this stack's own, or none.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# %(D)s: microseconds inside the worker, to tell queueing from work in a load test.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'


def post_fork(server, worker):
    # preload_app: connections opened while loading must not be shared across the fork.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
