# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Tryton's own path for the same demand: sales supplied on sale.

One draft sale per co-op whose products have supply_on_sale 'always' and a
purchase.product_supplier of their supplier. Measured, as staff would do it
in the back office, each step its own transaction:

- quote, then confirm all the sales (two buttons);
- process: confirm queues Sale.process; without a queue worker trytond runs
  the task after the commit, in its own transaction, as here. It creates
  the shipments and one purchase.request per sale line;
- the Create Purchase wizard (purchase.request.create_purchase) over all
  the requests, run server-side through the wizard machinery (create,
  execute the start state, delete), which groups them into one purchase
  per supplier.

Run by bench.__main__ in a fresh process on a fresh copy of the template
database:

    python -O -m bench.tryton_path --database DB"""
import sys

from . import server
from .measure import Meter, fmt_seconds, stopwatch
from .ours import SPECS
from .plan import plan as make_plan
from .server import say


def prepare(pool, database, spec):
    "Generate the data; returns (base, sale ids)"
    from trytond.transaction import Transaction

    from . import generate
    plan = make_plan(spec)
    with Transaction().start(database, 0) as transaction:
        base = generate.create_base(plan, supply_on_sale='always')
        with transaction.set_context(base.context):
            sale_ids = generate.create_sales(plan, base)
    return base, sale_ids


def run(pool, database, context, sale_ids):
    "Quote, confirm, process, Create Purchase; returns the Meter"
    from trytond.transaction import Transaction
    from trytond.worker import run_task
    Sale = pool.get('sale.sale')
    Request = pool.get('purchase.request')
    CreatePurchase = pool.get(
        'purchase.request.create_purchase', type='wizard')
    meter = Meter()

    def quote(transaction):
        Sale.quote(Sale.browse(sale_ids))

    def confirm(transaction):
        Sale.confirm(Sale.browse(sale_ids))

    def create_purchase(transaction):
        request_ids = [r.id for r in Request.search(
                [('purchase_line', '=', None)], order=[('id', 'ASC')])]
        with transaction.set_context(
                active_model='purchase.request',
                active_ids=request_ids, active_id=request_ids[0]):
            session_id, start, _ = CreatePurchase.create()
            CreatePurchase.execute(session_id, {}, start)
            CreatePurchase.delete(session_id)
        return len(request_ids)

    with meter.phase('quote (button)'):
        server.call(database, context, quote)
    with meter.phase('confirm (button)'):
        server.call(database, context, confirm)
    # The tasks that the confirm queued, run as trytond runs them after
    # the commit of a call when there is no queue worker
    tasks = Transaction().tasks
    with meter.phase('process (queued task)'):
        while tasks:
            run_task(pool, tasks.pop())
    with meter.phase('create purchase wizard'):
        requests = server.call(database, context, create_purchase)
    return meter, requests


def counts(pool, sale_ids):
    Sale = pool.get('sale.sale')
    Request = pool.get('purchase.request')
    Purchase = pool.get('purchase.purchase')
    PurchaseLine = pool.get('purchase.line')
    Shipment = pool.get('stock.shipment.out')
    return {
        'sales_processing': Sale.search_count([
                ('id', 'in', sale_ids), ('state', '=', 'processing')]),
        'sale_lines': sum(len(s.lines) for s in Sale.browse(sale_ids)),
        'requests': Request.search_count([]),
        'requests_purchased': Request.search_count(
            [('purchase_line', '!=', None)]),
        'purchases': Purchase.search_count([]),
        'purchase_lines': PurchaseLine.search_count([]),
        'shipments': Shipment.search_count([]),
        }


def main():
    args = server.child_arguments(__doc__, SPECS)
    spec = SPECS[args.spec]
    database = args.database
    pool = server.start(database)
    from trytond.transaction import Transaction

    with stopwatch() as generation:
        base, sale_ids = prepare(pool, database, spec)
    say(f"  generation {fmt_seconds(generation())}  ({spec})")

    meter, _ = run(pool, database, base.context, sale_ids)
    with Transaction().start(database, 0, context=base.context):
        produced = counts(pool, sale_ids)

    say(f"  {'phase':34} {'time':>10}")
    for name, seconds, _ in meter.phases:
        say(f"  {name:34} {fmt_seconds(seconds)}")
    sales = meter.time(
        'quote (button)', 'confirm (button)', 'process (queued task)')
    wizard = meter.time('create purchase wizard')
    total = meter.time()
    say(f"  {'sales: quote + confirm + process':34} {fmt_seconds(sales)}")
    say(f"  {'total':34} {fmt_seconds(total)}")
    say(f"  -> {produced['sales_processing']:,} sales processing "
        f"({produced['sale_lines']:,} lines), "
        f"{produced['shipments']:,} shipments, "
        f"{produced['requests']:,} purchase requests "
        f"({produced['requests_purchased']:,} purchased), "
        f"{produced['purchases']:,} purchases "
        f"({produced['purchase_lines']:,} lines)")

    ok = (produced['requests'] == spec.lines
        and produced['requests_purchased'] == spec.lines
        and produced['sales_processing'] == spec.coops)
    server.write_result(args.result, {
            'spec': str(spec),
            'total': total,
            'sales': sales,
            'wizard': wizard,
            'phases': meter.phases,
            'generation': generation(),
            'counts': produced,
            })
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
