"""gunicorn settings for the sync service, used by the README's deployment and by the tests:

    gunicorn -c python:nocontact.gunicorn_conf --workers 4 --bind 127.0.0.1:8000 \
        'nocontact:create_app()'
"""

# Threaded workers, not gunicorn's default sync ones: a sync worker stays with one connection until
# the client sends a request, so two idle sockets (a browser's preconnects, a slow phone) left a
# two-worker service silent for everyone. A gthread thread waits at most 5 s for a first request,
# then parks the socket in its poller; enough threads keep answering others meanwhile. Threads only
# wait on the network and the database, so 16 of them cost little.
worker_class = "gthread"
threads = 16
# Idle keep-alive connections are closed after this many seconds.
keepalive = 5
