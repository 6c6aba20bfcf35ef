# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""trytond inside the benchmark process, configured as the project runs it."""
import argparse
import json
import logging
import tempfile

from . import db


def start(database):
    """Read config/trytond.conf (record cache 100,000) pointed at the
    benchmark's server, and load the pool of the database."""
    from trytond import config
    with tempfile.TemporaryDirectory() as tmp:
        config.update_etc(db.trytond_config_files(tmp))
    if config.getint('cache', 'record') != db.record_cache():
        raise SystemExit("trytond did not take [cache] record")
    # trytond reads parts of its configuration at import time
    from trytond.pool import Pool
    logging.basicConfig(level=logging.WARNING, format='%(message)s')
    Pool.start()
    pool = Pool(database)
    pool.init()
    return pool


def call(database, context, func):
    """Run func(transaction) in a transaction, committed unless it raises,
    as trytond's dispatcher runs a call: on a TransactionError (a lock that
    must be taken from the start) it rolls back and starts again with it."""
    from trytond.transaction import Transaction, TransactionError
    extras = {}
    while True:
        with Transaction().start(
                database, 0, context=context, **extras) as transaction:
            try:
                return func(transaction)
            except TransactionError as error:
                transaction.rollback()
                transaction.tasks.clear()
                error.fix(extras)


def child_arguments(description, specs=None):
    "The arguments that bench.__main__ gives each benchmark process"
    parser = argparse.ArgumentParser(description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--database', required=True)
    parser.add_argument('--result', help="write the figures there as JSON")
    if specs:
        parser.add_argument('--spec', choices=sorted(specs), required=True)
    return parser.parse_args()


def write_result(path, result):
    if path:
        with open(path, 'w') as output:
            json.dump(result, output)


def say(*args):
    print(*args, flush=True)
