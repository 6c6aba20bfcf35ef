# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Load the demo data into a database: python -m demo -d DATABASE"""
import argparse
import logging

from trytond import config

logger = logging.getLogger('demo')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', '--config', dest='configfile', nargs='+',
        help="trytond configuration files")
    parser.add_argument('-d', '--database', required=True)
    options = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format='%(message)s')
    logger.setLevel(logging.INFO)
    config.update_etc(options.configfile)

    # trytond reads its configuration at import time
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError

    from . import load

    Pool.start()
    pool = Pool(options.database)
    pool.init()
    # As trytond's dispatcher does: a table lock (a singleton's creation)
    # must be taken when the transaction starts, so start again with it.
    extras = {}
    while True:
        with Transaction().start(options.database, 0,
                context={'language': 'es_419'}, **extras) as transaction:
            try:
                load()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            break


if __name__ == '__main__':
    main()
