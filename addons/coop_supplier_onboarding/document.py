# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from sql import Null
from sql.operators import Exists

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields, sequence_ordered)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .notification import (
    format_date, party_language, party_recipients, send_notice, staff_users)

# The messages of the expiry notices, by audience: (body, suspension)
EXPIRY_MESSAGES = {
    'supplier': (
        'coop_supplier_onboarding.msg_expiry_body_supplier',
        'coop_supplier_onboarding.msg_expiry_suspended_supplier'),
    'staff': (
        'coop_supplier_onboarding.msg_expiry_body_staff',
        'coop_supplier_onboarding.msg_expiry_suspended_staff'),
    }


class DocumentType(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Type of supplier document"
    __name__ = 'coop.onboarding.document.type'
    __string__ = "Supplier Document Type"

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    description = fields.Text("Description", translate=True)
    requires_expiry = fields.Boolean(
        "Requires Expiry Date",
        help="Documents of this type must have an expiry date.")
    validity = fields.Integer(
        "Validity in Months",
        domain=['OR',
            ('validity', '=', None),
            ('validity', '>', 0),
            ],
        states={
            'invisible': ~Eval('requires_expiry'),
            },
        help="How many months a document of this type is usually valid; "
        "it proposes the expiry date from the issue date.")
    required_for = fields.Selection([
            ('all', "Every Supplier"),
            ('food', "Suppliers of Food"),
            ('categories', "Suppliers of Some Categories"),
            ('optional', "Optional"),
            ], "Required For", required=True, sort=False,
        help="Which applications need a valid document of this type to be "
        "approved: all of them, those that sell in a category marked as "
        "food, or those that sell in one of the categories below.")
    categories = fields.Many2Many(
        'coop.onboarding.document.type-product.category', 'type', 'category',
        "Categories",
        states={
            'invisible': Eval('required_for') != 'categories',
            'required': Eval('required_for') == 'categories',
            },
        help="The applications that sell in these categories or in their "
        "subcategories need this document.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'coop_supplier_onboarding.msg_document_type_code_unique'),
            ]

    @classmethod
    def default_requires_expiry(cls):
        return True

    @classmethod
    def default_required_for(cls):
        return 'all'

    @classmethod
    def required_types(cls, categories):
        """The document types required of each set of categories.

        categories is {key: set of product.category ids}; returns {key: list
        of types}, with one search per type that names categories."""
        pool = Pool()
        Category = pool.get('product.category')
        all_ids = list(set().union(*categories.values()))

        def within(roots):
            "The categories of the applications under one of roots"
            if not all_ids or not roots:
                return set()
            return set(map(int, Category.search([
                            ('id', 'in', all_ids),
                            ('parent', 'child_of', list(map(int, roots))),
                            ])))

        types = cls.search([('required_for', '!=', 'optional')])
        food = within(Category.search([('coop_food', '=', True)]))
        scopes = {}
        for type_ in types:
            if type_.required_for == 'food':
                scopes[type_] = food
            elif type_.required_for == 'categories':
                scopes[type_] = within(type_.categories)
        return {key: [t for t in types
                if t.required_for == 'all' or (ids & scopes[t])]
            for key, ids in categories.items()}


class DocumentTypeCategory(ModelSQL):
    "Supplier document type - Product category"
    __name__ = 'coop.onboarding.document.type-product.category'
    __string__ = "Supplier Document Type - Product Category"

    type = fields.Many2One(
        'coop.onboarding.document.type', "Type",
        required=True, ondelete='CASCADE')
    category = fields.Many2One(
        'product.category', "Category", required=True, ondelete='CASCADE')


class Document(ModelSQL, ModelView):
    "Supplier document"
    __name__ = 'coop.onboarding.document'
    __string__ = "Supplier Document"

    application = fields.Many2One(
        'coop.onboarding.application', "Application",
        required=True, ondelete='CASCADE')
    cooperative = fields.Function(fields.Many2One(
            'party.party', "Co-op"),
        'on_change_with_cooperative', searcher='search_cooperative')
    type = fields.Many2One(
        'coop.onboarding.document.type', "Type",
        required=True, ondelete='RESTRICT')
    requires_expiry = fields.Function(fields.Boolean(
            "Requires Expiry Date"), 'on_change_with_requires_expiry')
    number = fields.Char("Number")
    issue_date = fields.Date("Issue Date")
    expiry_date = fields.Date(
        "Expiry Date",
        domain=[If(Eval('expiry_date') & Eval('issue_date'),
                ('expiry_date', '>=', Eval('issue_date')), ())],
        states={
            'required': Eval('requires_expiry', False),
            })
    file = fields.Binary(
        "File", filename='filename', file_id='file_id')
    filename = fields.Char("File Name")
    file_id = fields.Char("File ID", readonly=True)
    status = fields.Function(fields.Selection([
                ('missing_file', "File Missing"),
                ('valid', "Valid"),
                ('expiring', "Expiring Soon"),
                ('expired', "Expired"),
                ], "Status"), 'get_status')
    expiry_notified = fields.Date(
        "Expiry Notified", readonly=True,
        help="When the supplier and the staff were last told that the "
        "document expires.")
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('application')
        cls._order = [
            ('expiry_date', 'ASC NULLS LAST'),
            ('id', 'ASC'),
            ]

    @fields.depends('application', '_parent_application.cooperative')
    def on_change_with_cooperative(self, name=None):
        return self.application.cooperative if self.application else None

    @classmethod
    def search_cooperative(cls, name, clause):
        return [('application.cooperative', *clause[1:])]

    @fields.depends('type')
    def on_change_with_requires_expiry(self, name=None):
        return bool(self.type and self.type.requires_expiry)

    @fields.depends('type', 'issue_date', 'expiry_date')
    def on_change_issue_date(self):
        if (self.issue_date and not self.expiry_date
                and self.type and self.type.validity):
            self.expiry_date = (
                self.issue_date + relativedelta(months=self.type.validity))

    @fields.depends(methods=['on_change_issue_date'])
    def on_change_type(self):
        self.on_change_issue_date()

    @classmethod
    def get_status(cls, documents, name):
        pool = Pool()
        Configuration = pool.get('coop.onboarding.configuration')
        Date = pool.get('ir.date')
        today = Date.today()
        soon = today + dt.timedelta(
            days=Configuration(1).expiry_notice_days)
        statuses = {}
        for document in documents:
            if not document.file_id:
                status = 'missing_file'
            elif document.expiry_date and document.expiry_date < today:
                status = 'expired'
            elif document.expiry_date and document.expiry_date <= soon:
                status = 'expiring'
            else:
                status = 'valid'
            statuses[document.id] = status
        return statuses

    def get_rec_name(self, name):
        return '%s - %s' % (self.type.rec_name, self.application.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('type.rec_name', operator, operand, *extra),
            ('number', operator, operand, *extra),
            ('application.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(
                    Eval('status', '').in_(['expired', 'missing_file']),
                    'danger',
                    If(Eval('status') == 'expiring', 'warning', ''))),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'write' and 'expiry_date' in values:
            # A renewed document is told again when it nears its new date
            values.setdefault('expiry_notified', None)
        return values

    @classmethod
    def copy(cls, documents, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('expiry_notified', None)
        return super().copy(documents, default=default)

    @classmethod
    def get_best(cls, applications):
        """The document that counts for each application and type: one with
        its file, then the one that expires last (or never).

        Returns {(application id, type id): (has file, expiry date)}, read
        with one query per slice of applications."""
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        best = {}
        ids = list(map(int, applications))
        for sub_ids in grouped_slice(ids, backend.MAX_QUERY_PARAMS):
            cursor.execute(*table.select(
                    table.application, table.type, table.expiry_date,
                    table.file_id,
                    where=fields.SQL_OPERATORS['in'](
                        table.application, list(sub_ids))))
            for application_id, type_id, expiry_date, file_id in cursor:
                value = (bool(file_id), expiry_date)
                key = (application_id, type_id)
                if key not in best or _best_key(value) > _best_key(best[key]):
                    best[key] = value
        return best

    @classmethod
    def _to_notify(cls, today, soon):
        """The ids of the documents to tell about: those that expire by soon
        and were not told yet, and those that have expired since they were
        last told. A document replaced by one of the same type that expires
        later is left out."""
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        document = cls.__table__()
        other = cls.__table__()
        application = Application.__table__()
        cursor = Transaction().connection.cursor()

        replaced = Exists(other.select(other.id,
                where=(other.application == document.application)
                & (other.type == document.type)
                & (other.id != document.id)
                & ((other.expiry_date == Null)
                    | (other.expiry_date > document.expiry_date)
                    | ((other.expiry_date == document.expiry_date)
                        & (other.id > document.id)))))
        expiring = ((document.expiry_date >= today)
            & (document.expiry_date <= soon)
            & (document.expiry_notified == Null))
        expired = ((document.expiry_date < today)
            & ((document.expiry_notified == Null)
                | (document.expiry_notified <= document.expiry_date)))
        cursor.execute(*document.join(application,
                condition=document.application == application.id
                ).select(document.id,
                where=(expiring | expired)
                & (application.state != 'rejected')
                & ~replaced,
                order_by=[document.application, document.id]))
        return [i for i, in cursor]

    @classmethod
    def check_expiry(cls):
        """Tell the suppliers and the onboarding staff of the documents that
        expire soon or have expired, once per document and threshold, and
        suspend the approved suppliers whose required document has
        expired (cron)."""
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Configuration = pool.get('coop.onboarding.configuration')
        Date = pool.get('ir.date')
        today = Date.today()
        soon = today + dt.timedelta(
            days=Configuration(1).expiry_notice_days)
        documents = cls.browse(cls._to_notify(today, soon))
        if not documents:
            return
        by_application = defaultdict(list)
        for document in documents:
            by_application[document.application].append(document)
        applications = list(by_application)
        required = Application.get_required_types(applications)

        suspended = {}
        for application, app_documents in by_application.items():
            if (application.state != 'approved'
                    or application.cooperative.supplier_status
                    != 'approved'):
                continue
            lapsed = [d for d in app_documents
                if d.expiry_date < today
                and d.type in required[application.id]]
            if lapsed:
                suspended[application] = lapsed
        cls._suspend(suspended)
        cls._notify(by_application, suspended, today)
        cls.write(documents, {'expiry_notified': today})

    @classmethod
    def _suspend(cls, suspended):
        """Suspend the co-op of each application for its expired documents,
        with the reason in the co-op's language."""
        pool = Pool()
        Party = pool.get('party.party')
        by_reason = defaultdict(list)
        for application, documents in suspended.items():
            cooperative = application.cooperative
            language = party_language(cooperative)
            with Transaction().set_context(language=language):
                names = _type_names(documents)
                reason = gettext(
                    'coop_supplier_onboarding.msg_suspended_expired',
                    documents=', '.join(
                        gettext('coop_supplier_onboarding'
                            '.msg_suspended_expired_document',
                            document=names[d.type.id],
                            date=format_date(d.expiry_date))
                        for d in documents))
            by_reason[reason].append(cooperative)
        for reason, cooperatives in by_reason.items():
            Party.set_supplier_status(cooperatives, 'suspended', reason=reason)

    @classmethod
    def _notify(cls, by_application, suspended, today):
        """E-mail each supplier the documents of its application, and the
        onboarding staff the same, each in its language; the e-mails are
        kept on the application."""
        pool = Pool()
        Email = pool.get('ir.email')
        staff = staff_users()
        addresses = party_recipients(
            [a.cooperative for a in by_application])
        emails = []
        for application, documents in by_application.items():
            cooperative = application.cooperative
            to = addresses[cooperative.id]
            if application.contact_email:
                to = list(dict.fromkeys([application.contact_email, *to]))
            recipients = [(to, party_language(cooperative), 'supplier')]
            for language, users in staff.items():
                recipients.append(
                    ([u.email for u in users], language, 'staff'))
            for to, language, audience in recipients:
                if not to:
                    continue
                with Transaction().set_context(language=language):
                    body = _expiry_body(
                        application, documents, EXPIRY_MESSAGES[audience],
                        application in suspended, today)
                    subject = gettext(
                        'coop_supplier_onboarding.msg_expiry_subject',
                        cooperative=cooperative.rec_name)
                msg = send_notice(to, subject, body)
                emails.append(Email.from_message(
                        msg, body=body, resource=application))
        Email.save(emails)


def _best_key(value):
    "Order documents: with a file first, then by expiry date, never last"
    has_file, expiry_date = value
    return (has_file, expiry_date is None, expiry_date or dt.date.min)


def _type_names(documents):
    "The names of the types of documents in the context language"
    pool = Pool()
    DocumentType = pool.get('coop.onboarding.document.type')
    types = DocumentType.browse(list({d.type.id for d in documents}))
    return {t.id: t.name for t in types}


def _expiry_body(application, documents, messages, suspended, today):
    """The text of an expiry notice in the context language, from the
    messages of its audience: (body, suspension)"""
    names = _type_names(documents)
    lines = []
    for document in documents:
        if document.expiry_date < today:
            message = 'coop_supplier_onboarding.msg_expiry_line_expired'
        else:
            message = 'coop_supplier_onboarding.msg_expiry_line_expiring'
        lines.append(gettext(message,
                document=names[document.type.id],
                number=document.number or '-',
                date=format_date(document.expiry_date)))
    body_message, suspended_message = messages
    cooperative = application.cooperative.rec_name
    body = gettext(
        body_message, cooperative=cooperative, documents='\n'.join(lines))
    if suspended:
        body += '\n\n' + gettext(suspended_message, cooperative=cooperative)
    return body
