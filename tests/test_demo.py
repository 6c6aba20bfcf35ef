# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The demo data loads, is what the README promises, and loads again
without creating anything twice."""
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)

import demo.geography
import demo.membership


class DemoTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['coop_membership'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    @with_transaction()
    def test_membership_demo(self):
        pool = Pool()
        Party = pool.get('party.party')
        Membership = pool.get('coop.membership')
        User = pool.get('res.user')
        WebUser = pool.get('web.user')
        demo.geography.load()
        demo.membership.load()

        federations = Party.search([('coop_kind', '=', 'federation')])
        consumers = Party.search([('coop_kind', '=', 'consumer')])
        workers = Party.search([('coop_kind', '=', 'worker')])
        self.assertEqual(
            {p.name.split(' - ')[0] for p in federations},
            {'FACC', 'FECOOTRA'})
        self.assertGreaterEqual(len(consumers), 12)
        self.assertGreaterEqual(len(workers), 12)
        self.assertIn(
            "Cooperativa Obrera Ltda. de Consumo y Vivienda",
            {p.name for p in consumers})
        for party in federations + consumers + workers:
            self.assertTrue(party.cuit)
            self.assertTrue(party.province)
            self.assertTrue(party.addresses[0].city)
        self.assertEqual(
            {p.supplier_status for p in workers},
            {'prospect', 'approved', 'suspended'})
        self.assertEqual(
            Membership.search_count([]), len(consumers) + len(workers))
        self.assertEqual(
            {m.state for m in Membership.search([])},
            {'applicant', 'active', 'suspended'})

        for login, _, password, _ in demo.membership.STAFF:
            user, = User.search([('login', '=', login)])
            self.assertEqual(
                User.get_login(login, {'password': password}), user.id)
            self.assertEqual(user.language.code, 'es_419')
        for email, password, role, _ in demo.membership.WEB_USERS:
            web_user = WebUser.authenticate(email, password)
            self.assertEqual(web_user.coop_role, role)

        counts = [Party.search_count([]), Membership.search_count([]),
            User.search_count([]), WebUser.search_count([])]
        demo.membership.load()
        self.assertEqual(counts, [
                Party.search_count([]), Membership.search_count([]),
                User.search_count([]), WebUser.search_count([])])
