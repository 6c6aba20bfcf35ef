# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Our path: close and consolidate a hub round, as the two buttons do.

Each button is its own transaction, as when staff click them in the back
office. The round's consolidate_demand and create_documents are measured
where the consolidate button calls them; what is left of that button (lock,
state) is printed as its own line. Run by bench.__main__ in a fresh process
on a fresh copy of the template database:

    python -O -m bench.ours --database DB --spec compare|scale"""
import gc
import sys

from . import server
from .measure import Meter, current_rss, fmt_mb, fmt_seconds, stopwatch
from .plan import Spec, plan as make_plan
from .server import say

SPECS = {
    # Issue 3, part 1: the demand that Tryton's own path gets too
    'compare': Spec(
        coops=30, suppliers=20, products=2000, lines_per_coop=200),
    # Issue 3, part 2: a national round
    'scale': Spec(
        coops=300, suppliers=150, products=2000, lines_per_coop=200),
    }


def counts(pool, round_id):
    "What the round produced, to check it and to compare with Tryton's"
    Purchase = pool.get('purchase.purchase')
    PurchaseLine = pool.get('purchase.line')
    Sale = pool.get('sale.sale')
    SaleLine = pool.get('sale.line')
    Offer = pool.get('coop.round.offer')
    return {
        'purchases': Purchase.search_count([('coop_round', '=', round_id)]),
        'purchase_lines': PurchaseLine.search_count(
            [('purchase.coop_round', '=', round_id)]),
        'sales': Sale.search_count([('coop_round', '=', round_id)]),
        'sale_lines': SaleLine.search_count(
            [('sale.coop_round', '=', round_id)]),
        'allocated_offers': Offer.search_count(
            [('round', '=', round_id), ('consolidation', '=', 'allocated')]),
        }


def prepare(pool, database, spec):
    "Generate the data and open the round; returns (base, round id)"
    from trytond.transaction import Transaction

    from . import generate
    plan = make_plan(spec)
    with Transaction().start(database, 0) as transaction:
        base = generate.create_base(plan)
        with transaction.set_context(base.context):
            round_id = generate.create_round(plan, base)
    return base, round_id


def run(pool, database, context, round_id):
    """Click close, then consolidate; returns the Meter of the phases.

    What consolidate queues to run after its commit (the e-mailed
    summaries) is no part of creating the documents and is not run."""
    from trytond.transaction import Transaction
    Round = pool.get('coop.round')
    meter = Meter()
    restore = [
        meter.wrap(Round, 'consolidate_demand'),
        meter.wrap(Round, 'create_documents'),
        ]

    def close(transaction):
        Round.close(Round.browse([round_id]))
        transaction.commit()

    def consolidate(transaction):
        Round.consolidate(Round.browse([round_id]))
        # Measured apart, after the button has returned
        with meter.phase('commit'):
            transaction.commit()

    try:
        with meter.phase('close (button, committed)'):
            server.call(database, context, close)
        with stopwatch() as elapsed:
            server.call(database, context, consolidate)
    finally:
        for undo in restore:
            undo()
        Transaction().tasks.clear()
    # Before the commit, where it happened
    meter.phases.insert(-1, ('consolidate: rest (lock, state)', elapsed()
            - meter.time('consolidate_demand', 'create_documents', 'commit'),
            None))
    return meter


def main():
    args = server.child_arguments(__doc__, SPECS)
    spec = SPECS[args.spec]
    database = args.database
    pool = server.start(database)
    from trytond.transaction import Transaction

    with stopwatch() as generation:
        base, round_id = prepare(pool, database, spec)
    say(f"  generation {fmt_seconds(generation())}  ({spec})")
    gc.collect()

    rss_start = current_rss()
    meter = run(pool, database, base.context, round_id)
    with Transaction().start(database, 0, context=base.context):
        produced = counts(pool, round_id)

    say(f"  {'phase':34} {'time':>10} {'peak RSS':>10}")
    for name, seconds, peak in meter.phases:
        say(f"  {name:34} {fmt_seconds(seconds)} {fmt_mb(peak)}")
    total = meter.time()
    say(f"  {'total':34} {fmt_seconds(total)} {fmt_mb(meter.peak())}"
        f"   (RSS before: {fmt_mb(rss_start).strip()})")
    say(f"  -> {produced['purchases']:,} purchases "
        f"({produced['purchase_lines']:,} lines), "
        f"{produced['sales']:,} sales ({produced['sale_lines']:,} lines); "
        f"{produced['allocated_offers']:,} offers allocated on capacity")

    ok = (produced['purchases'] > 0 and produced['sales'] == spec.coops)
    server.write_result(args.result, {
            'spec': str(spec),
            'total': total,
            'peak': meter.peak(),
            'phases': meter.phases,
            'generation': generation(),
            'counts': produced,
            })
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
