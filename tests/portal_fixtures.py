# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The data of the portal tests, the browser tests and the portal
benchmark: FACC as company with a chart of accounts, two consumer co-ops
(A, B) and two worker co-ops (X, Y) with a web user each, an open hub round
(or a direct one) with offers of X and Y, and a training session to come.
Built with the ORM in a transaction of the caller; the helpers after build()
take the round further: orders, consolidation, documents handed over to
Tryton, goods received and delivered."""
import datetime as dt
from decimal import Decimal

from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.transaction import Transaction

PASSWORD = 'portal-test-2016'
USERS = {
    'buyer_a': ('compras@coop-a.example', 'buyer'),
    'buyer_b': ('compras@coop-b.example', 'buyer'),
    'supplier_x': ('ventas@coop-x.example', 'supplier'),
    'supplier_y': ('ventas@coop-y.example', 'supplier'),
    }
# Valid CUITs (fictional co-ops of the demo)
PARTIES = {
    'buyer_a': ("Cooperativa A de Consumo", 'consumer', '30-52750331-7'),
    'buyer_b': ("Cooperativa B de Consumo", 'consumer', '30-58607039-4'),
    'supplier_x': ("Cooperativa X de Trabajo", 'worker', '30-61773815-1'),
    'supplier_y': ("Cooperativa Y de Trabajo", 'worker', '30-56989438-3'),
    }


def build(offers=2, max_attempt=None, delivery_model='hub'):
    """Create the data; return {name: id}. offers > 2 adds that many
    offers in all (the benchmark's catalogue); delivery_model 'direct'
    makes the round a direct one (drop shipments)."""
    pool = Pool()
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    Party = pool.get('party.party')
    WebUser = pool.get('web.user')
    Category = pool.get('product.category')
    Account = pool.get('account.account')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    Round = pool.get('coop.round')
    Offer = pool.get('coop.round.offer')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    Course = pool.get('coop.training.course')
    Session = pool.get('coop.training.session')

    spanish, = Lang.search([('code', '=', 'es_419')])
    if not spanish.translatable:
        Lang.write([spanish], {'translatable': True})
        Lang.load_translations([spanish])

    ids = {}
    company = create_company(name="FACC")
    ids['company'] = company.id
    with set_company(company):
        # The minimal chart of the database's language (es_419 loads the
        # Spanish one only)
        charts = ModelData.search([
                ('module', '=', 'account'),
                ('fs_id', 'like', 'account_template_root_%'),
                ], order=[('fs_id', 'ASC')])
        fs_ids = [c.fs_id for c in charts]
        root = ('account_template_root_en' if 'account_template_root_en'
            in fs_ids else fs_ids[0])
        create_chart(company, chart='account.' + root)
        argentina, = Country.create([{'name': "Argentina", 'code': 'AR'}])
        province, = Subdivision.create([{
                    'name': "Santa Fe", 'code': 'AR-S', 'type': 'province',
                    'country': argentina.id}])
        parties = Party.create([{
                    'name': name,
                    'coop_kind': kind,
                    'inaes_number': '%05d' % (i + 1),
                    'iva_condition': 'responsable_inscripto',
                    'province': province.id,
                    'identifiers': [('create', [{
                                    'type': 'ar_vat', 'code': cuit}])],
                    'addresses': [('create', [{
                                    'city': "Rosario",
                                    'country': argentina.id}])],
                    } for i, (name, kind, cuit) in enumerate(
                    PARTIES.values())])
        by_name = dict(zip(PARTIES, parties))
        Party.set_supplier_status(
            [by_name['supplier_x'], by_name['supplier_y']], 'approved')
        for name, party in by_name.items():
            ids[name] = party.id
        web_users = WebUser.create([{
                    'email': email,
                    'password': PASSWORD,
                    'coop_role': role,
                    'party': by_name[name].id,
                    } for name, (email, role) in USERS.items()])
        for name, user in zip(USERS, web_users):
            ids['web_' + name] = user.id

        expense, = Account.search([
                ('type.expense', '=', True), ('closed', '!=', True)],
            limit=1)
        revenue, = Account.search([
                ('type.revenue', '=', True), ('closed', '!=', True)],
            limit=1)
        accounting, = Category.create([{
                    'name': "Mercaderías", 'accounting': True,
                    'account_expense': expense.id,
                    'account_revenue': revenue.id}])
        almacen, limpieza = Category.create(
            [{'name': "Almacén"}, {'name': "Limpieza"}])
        ids['category_almacen'] = almacen.id
        ids['category_limpieza'] = limpieza.id
        unit = Uom(ModelData.get_id('product', 'uom_unit'))

        names = ["Yerba mate 1 kg", "Detergente 750 ml"]
        for i in range(2, max(offers, 2)):
            names.append("Producto %05d" % i)
        templates = Template.create([{
                    'name': name,
                    'code': 'P%05d' % i,
                    'type': 'goods',
                    'default_uom': unit.id,
                    'purchasable': True,
                    'purchase_uom': unit.id,
                    'salable': True,
                    'sale_uom': unit.id,
                    'list_price': Decimal('120'),
                    'coop_reference_price': Decimal('120'),
                    'account_category': accounting.id,
                    'categories': [('add', [
                                (almacen if i % 2 == 0 else limpieza).id])],
                    'products': [('create', [{}])],
                    } for i, name in enumerate(names)])

        now = dt.datetime.now()
        hub = ModelData.get_id('stock', 'location_warehouse')
        round_, = Round.create([{
                    'name': "Ronda de prueba",
                    'company': company.id,
                    'opens': now - dt.timedelta(days=1),
                    'closes': now + dt.timedelta(days=10),
                    'delivery_date': (now + dt.timedelta(days=17)).date(),
                    'delivery_model': delivery_model,
                    'hub_warehouse': hub if delivery_model == 'hub' else None,
                    'minimum_policy': 'keep',
                    }])
        ids['round'] = round_.id
        values = []
        for i, template in enumerate(templates):
            supplier = by_name['supplier_x' if i % 2 == 0 else 'supplier_y']
            value = {
                'round': round_.id,
                'supplier': supplier.id,
                'product': template.products[0].id,
                'unit': unit.id,
                'unit_price': Decimal('100'),
                }
            if i == 0:
                # Yerba of X: tiers, whole cases of 6, a minimum of 12
                value.update({
                        'tiers': [('create', [
                                    {'quantity': 24, 'unit_price':
                                        Decimal('90')},
                                    {'quantity': 60, 'unit_price':
                                        Decimal('85')}])],
                        'case_size': 6, 'case_required': True,
                        'minimum_quantity': 12,
                        })
            values.append(value)
        created = Offer.create(values)
        ids['offer_x'] = created[0].id
        ids['offer_y'] = created[1].id
        Round.open([round_])

        course, = Course.create([{
                    'name': "Venta a gran escala", 'code': 'VGE',
                    'topic': 'selling_at_scale', 'hours': Decimal(8)}])
        session, = Session.create([{
                    'course': course.id,
                    'start': now + dt.timedelta(days=20),
                    'end': now + dt.timedelta(days=20, hours=4),
                    'place': "Rosario", 'capacity': 1}])
        ids['session'] = session.id
    return ids


def place_orders(ids, quantities):
    """The co-ops' orders: quantities is [(co-op, offer, quantity)] with
    the names of build()"""
    pool = Pool()
    Offer = pool.get('coop.round.offer')
    Order = pool.get('coop.round.order')
    Party = pool.get('party.party')
    with Transaction().set_context(company=ids['company']):
        for party, offer, quantity in quantities:
            Order.set_quantity(Party(ids[party]), Offer(ids[offer]), quantity)


def create_fiscalyear(ids):
    "This year's fiscal year, with its periods and invoice sequences"
    from trytond.modules.account.tests import get_fiscalyear
    from trytond.modules.account_invoice.tests import set_invoice_sequences
    pool = Pool()
    Company = pool.get('company.company')
    FiscalYear = pool.get('account.fiscalyear')
    with Transaction().set_context(company=ids['company']):
        fiscalyear = set_invoice_sequences(
            get_fiscalyear(Company(ids['company'])))
        fiscalyear.save()
        FiscalYear.create_period([fiscalyear])
    return fiscalyear.id


def consolidate(round_id):
    "Close and consolidate the round into draft purchases and sales"
    pool = Pool()
    Round = pool.get('coop.round')
    round_ = Round(round_id)
    with Transaction().set_context(company=round_.company.id):
        Round.close([round_])
        Round.consolidate([round_])


def do_round(round_id):
    """Hand the consolidated round's documents over to Tryton, as the staff
    do: its draft purchases and sales are confirmed (their processing is
    queued: run in_transaction with tasks=True)"""
    Round = Pool().get('coop.round')
    round_ = Round(round_id)
    with Transaction().set_context(company=round_.company.id):
        Round.do([round_])


def receive_at_hub(round_id):
    "The hub receives the goods of the round's purchases"
    pool = Pool()
    Purchase = pool.get('purchase.purchase')
    ShipmentIn = pool.get('stock.shipment.in')
    Round = pool.get('coop.round')
    round_ = Round(round_id)
    with Transaction().set_context(company=round_.company.id):
        shipments = []
        for purchase in Purchase.search([('coop_round', '=', round_id)]):
            shipment = ShipmentIn(
                company=purchase.company, supplier=purchase.party,
                warehouse=purchase.warehouse)
            shipment.on_change_supplier()
            shipment.on_change_warehouse()
            shipment.incoming_moves = purchase.moves
            shipments.append(shipment)
        ShipmentIn.save(shipments)
        ShipmentIn.receive(shipments)
        ShipmentIn.do(shipments)


def deliver(shipment_ids):
    "The hub delivers these customer shipments: assigned, picked, packed, done"
    ShipmentOut = Pool().get('stock.shipment.out')
    shipments = ShipmentOut.browse(shipment_ids)
    with Transaction().set_context(company=shipments[0].company.id):
        ShipmentOut.assign_try(shipments)
        ShipmentOut.pick(shipments)
        ShipmentOut.pack(shipments)
        ShipmentOut.do(shipments)


def in_transaction(database, func, user=0, readonly=False, tasks=False):
    """Run func in a committed transaction, retried as trytond's routes do
    when it asks for table locks (TransactionError); with tasks, run then
    the tasks that it queued (the processing of confirmed purchases and
    sales, the printing of posted invoices...), as trytond's routes do
    after their commit when there is no queue worker"""
    from trytond.transaction import TransactionError
    from trytond.worker import run_task
    extras = {}
    while True:
        with Transaction().start(
                database, user, readonly=readonly, **extras) as transaction:
            try:
                result = func()
            except TransactionError as e:
                transaction.rollback()
                e.fix(extras)
                continue
            if not readonly:
                transaction.commit()
        if tasks:
            pool = Pool(database)
            while transaction.tasks:
                run_task(pool, transaction.tasks.pop())
        return result
