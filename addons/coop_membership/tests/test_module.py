# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.modules.coop_membership.exceptions import SupplierStatusError
from trytond.modules.coop_membership.party import CUIT_TYPE
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


def create_coop(kind, name, cuit, inaes_number, **values):
    "Create a co-op of kind with the fields a co-op requires"
    pool = Pool()
    Party = pool.get('party.party')
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    argentinas = Country.search([('code', '=', 'AR')])
    if argentinas:
        argentina, = argentinas
        province, = Subdivision.search([('code', '=', 'AR-X')])
    else:
        argentina, = Country.create([{'name': "Argentina", 'code': 'AR'}])
        province, = Subdivision.create([{
                    'name': "Córdoba", 'code': 'AR-X', 'type': 'province',
                    'country': argentina.id,
                    }])
    values = {
        'name': name,
        'coop_kind': kind,
        'inaes_number': inaes_number,
        'iva_condition': 'exento',
        'province': province.id,
        'identifiers': [('create', [{'type': CUIT_TYPE, 'code': cuit}])],
        **values,
        }
    party, = Party.create([values])
    return party


class CoopMembershipTestCase(ModuleTestCase):
    "Test Coop Membership module"
    module = 'coop_membership'

    @with_transaction()
    def test_consumer_created_with_supplier_status(self):
        "A consumer co-op cannot be given a supplier status"
        with self.assertRaises(SupplierStatusError):
            create_coop('consumer', "Cooperativa La Unión", '30-52750331-7',
                '101', supplier_status='prospect')

    @with_transaction()
    def test_worker_created_approved(self):
        "A worker co-op cannot be created already approved"
        with self.assertRaises(SupplierStatusError):
            create_coop('worker', "Cooperativa Metalúrgica Sur",
                '30-59955563-9', '102', supplier_status='approved')

    @with_transaction()
    def test_supplier_status_direct_write(self):
        "The supplier status is not written directly"
        pool = Pool()
        Party = pool.get('party.party')
        worker = create_coop(
            'worker', "Cooperativa Gráfica del Oeste", '30-54269499-4', '103')
        self.assertEqual(worker.supplier_status, 'prospect')

        with self.assertRaises(SupplierStatusError):
            Party.write([worker], {'supplier_status': 'approved'})

    @with_transaction()
    def test_set_supplier_status(self):
        "Set the supplier status of worker co-ops only"
        pool = Pool()
        Party = pool.get('party.party')
        worker = create_coop(
            'worker', "Cooperativa Gráfica del Oeste", '30-54269499-4', '103')
        consumer = create_coop(
            'consumer', "Cooperativa La Unión", '30-52750331-7', '101')

        Party.set_supplier_status(
            [worker], 'suspended', reason="RNE vencido")
        self.assertEqual(worker.supplier_status, 'suspended')
        self.assertEqual(worker.supplier_status_reason, "RNE vencido")

        with self.assertRaises(SupplierStatusError):
            Party.set_supplier_status([consumer], 'approved')
        self.assertIsNone(consumer.supplier_status)

    @with_transaction()
    def test_kind_change_clears_supplier_status(self):
        "A worker co-op turned consumer co-op loses its supplier status"
        pool = Pool()
        Party = pool.get('party.party')
        party = create_coop(
            'worker', "Cooperativa Mixta El Ceibo", '30-52403394-8', '104')
        Party.write([party], {'coop_kind': 'consumer'})
        self.assertIsNone(party.supplier_status)
        Party.write([party], {'coop_kind': 'worker'})
        self.assertEqual(party.supplier_status, 'prospect')


del ModuleTestCase
