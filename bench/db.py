# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The benchmark databases on the PostgreSQL server.

Activating the modules takes minutes, so it is done once, into a template
database marked with a digest of the modules and of the installed Tryton;
each benchmark starts from a fresh copy of it (CREATE DATABASE ... TEMPLATE),
which takes seconds. No trytond import here: the parent process stays
small and leaves the pool to the benchmark processes."""
import hashlib
import importlib.metadata
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIG = ROOT / 'config' / 'trytond.conf'
# sale_supply is what Tryton's own path needs; both paths get the same
# modules so that neither pays for extensions the other lacks. coop_portal
# is the shop of the portal benchmark; its extensions (web users, training)
# do not touch consolidation.
MODULES = ['coop_central_purchase', 'sale_supply', 'coop_portal']
PREFIX = 'bench_coop_'
TEMPLATE = PREFIX + 'template'
DEFAULT_URI = 'postgresql://root@/'
# The project's config/trytond.conf sets the same; both paths run with it.
DEFAULT_RECORD_CACHE = 100_000


def server_uri():
    return os.environ.get('TRYTOND_DATABASE_URI') or DEFAULT_URI


def record_cache():
    return int(os.environ.get('BENCH_RECORD_CACHE') or DEFAULT_RECORD_CACHE)


def python_command():
    "The interpreter with the same optimisation flag as this process"
    return [sys.executable] + (['-O'] if sys.flags.optimize else [])


def _connect():
    parts = urlsplit(server_uri())
    if parts.scheme not in {'postgresql', 'postgres'}:
        raise SystemExit(
            "bench runs on PostgreSQL; TRYTOND_DATABASE_URI is %s"
            % server_uri())
    return psycopg.connect(
        urlunsplit(parts._replace(path='/postgres')), autocommit=True)


def server_version():
    with _connect() as conn:
        return conn.execute('SHOW server_version').fetchone()[0]


def drop(name):
    with _connect() as conn:
        conn.execute(sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)')
            .format(sql.Identifier(name)))


def copy_template(name):
    "A fresh database with the modules activated and no data"
    drop(name)
    with _connect() as conn:
        conn.execute(sql.SQL('CREATE DATABASE {} TEMPLATE {}').format(
                sql.Identifier(name), sql.Identifier(TEMPLATE)))


def analyze(name):
    """Refresh the planner's statistics of a freshly generated database, as
    autovacuum does within a minute on a live server: without them
    PostgreSQL takes the 10,000 translated product names for one row."""
    parts = urlsplit(server_uri())
    with psycopg.connect(urlunsplit(parts._replace(path='/' + name)),
            autocommit=True) as conn:
        conn.execute('ANALYZE')


def modules_digest():
    digest = hashlib.sha1()
    files = sorted(p for p in (ROOT / 'addons').rglob('*')
        if p.is_file() and '__pycache__' not in p.parts)
    for path in files + [ROOT / 'pyproject.toml']:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for dist in sorted(importlib.metadata.distributions(),
            key=lambda d: d.metadata['Name'] or ''):
        name = dist.metadata['Name'] or ''
        if name.lower().startswith('trytond'):
            digest.update(f'{name}=={dist.version}'.encode())
    return digest.hexdigest()[:12]


def _comment(conn, name):
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = %s", (name,)).fetchone()
    return row[0] if row else None


def trytond_config_files(tmp):
    """The project's configuration, then one that points it at the
    benchmark's server: a later file wins, and the environment would not."""
    local = pathlib.Path(tmp) / 'bench.conf'
    # clean_timeout as config/production.conf: several processes
    local.write_text(
        '[database]\nuri = %s\n\n[cache]\nrecord = %d\nclean_timeout = 0\n'
        % (server_uri(), record_cache()))
    return [str(CONFIG), str(local)]


def ensure_template(log):
    "Create the template database unless it matches the modules"
    digest = modules_digest()
    with _connect() as conn:
        if _comment(conn, TEMPLATE) == digest:
            log(f"template database {TEMPLATE} is up to date ({digest})")
            return
    log(f"creating the template database {TEMPLATE}: activating "
        f"{', '.join(MODULES)} with trytond-admin")
    start = time.perf_counter()
    drop(TEMPLATE)
    with _connect() as conn:
        conn.execute(sql.SQL('CREATE DATABASE {}').format(
                sql.Identifier(TEMPLATE)))
    admin = shutil.which(
        'trytond-admin', path=os.path.dirname(sys.executable))
    with tempfile.TemporaryDirectory() as tmp:
        passfile = pathlib.Path(tmp) / 'password'
        passfile.write_text('bench-%d\n' % os.getpid())
        env = dict(os.environ, TRYTONPASSFILE=str(passfile))
        env.pop('TRYTOND_CONFIG', None)
        subprocess.run(python_command() + [
                admin, '-c', *trytond_config_files(tmp), '-d', TEMPLATE,
                '-u', *MODULES, '--activate-dependencies',
                '--email', 'admin@localhost'],
            env=env, check=True)
    with _connect() as conn:
        conn.execute(sql.SQL('COMMENT ON DATABASE {} IS {}').format(
                sql.Identifier(TEMPLATE), sql.Literal(digest)))
    log(f"template database ready in {time.perf_counter() - start:.0f} s")
