# trytond under gunicorn in production, with config/production.conf:
#
#   TRYTOND_CONFIG=config/production.conf \
#       gunicorn -c config/gunicorn.conf.py trytond.application:app
#
# TRYTOND_CONFIG names one file, so config/production.conf stands alone.
#
# gunicorn comes with the project's "server" extra (pip install '.[server]').
# Behind the https reverse proxy, config/production.conf sets [web]
# num_proxies = 1 so that trytond (werkzeug's ProxyFix) trusts
# X-Forwarded-Proto: the portal's session cookies are then Secure.
import multiprocessing
import os

bind = os.environ.get('GUNICORN_BIND', '0.0.0.0:8000')
# gunicorn's advice, for a database server of its own. With PostgreSQL on
# the same machine, one worker per core served the shop faster
# (bench/README.md): set GUNICORN_WORKERS.
workers = int(os.environ.get(
        'GUNICORN_WORKERS', multiprocessing.cpu_count() * 2 + 1))
# Each worker loads trytond itself after the fork: database connections
# and caches must not be shared between processes
preload_app = False
timeout = 120
accesslog = '-'
