# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from collections import defaultdict

from sql import Literal
from sql.conditionals import Case
from sql.operators import Equal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Exclude, ModelSQL, ModelView, Unique, Workflow,
    fields, sequence_ordered)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.tools import grouped_slice
from trytond.tools.email_ import EmailNotValidError, validate_email
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import scoring
from .exceptions import ApplicationValidationError, ApprovalError, DeleteError
from .notification import format_date, format_percent

STATES = [
    ('submitted', "Submitted"),
    ('documents', "Documents Review"),
    ('assessment', "Assessment"),
    ('on_hold', "On Hold"),
    ('approved', "Approved"),
    ('rejected', "Rejected"),
    ]
# The stages an application can be put on hold from and resumed to
OPEN_STAGES = ['submitted', 'documents', 'assessment']


class Application(Workflow, ModelSQL, ModelView):
    "Application of a worker co-op to become a supplier"
    __name__ = 'coop.onboarding.application'
    __string__ = "Supplier Application"

    _states = {
        'readonly': Eval('state').in_(['approved', 'rejected']),
        }
    cooperative = fields.Many2One(
        'party.party', "Co-op", required=True, ondelete='RESTRICT',
        domain=[('coop_kind', '=', 'worker')],
        states={
            'readonly': Eval('state') != 'submitted',
            },
        help="The worker co-op that applies to sell through the Central "
        "de Compras.")
    province = fields.Function(fields.Many2One(
            'country.subdivision', "Province"),
        'on_change_with_province', searcher='search_province')
    supplier_status = fields.Function(fields.Selection(
            'get_supplier_statuses', "Supplier Status"),
        'on_change_with_supplier_status')
    submission_date = fields.Date(
        "Submission Date", required=True, states=_states)
    contact_name = fields.Char("Contact Name", states=_states)
    contact_email = fields.Char("Contact E-mail", states=_states)
    contact_phone = fields.Char("Contact Phone", states=_states)
    products_description = fields.Text(
        "Products and Services", required=True, states=_states,
        help="What the co-op makes or which services it offers.")
    categories = fields.Many2Many(
        'coop.onboarding.application-product.category',
        'application', 'category', "Categories", states=_states,
        help="The product categories the co-op wants to sell in; they "
        "decide which documents are required.")
    monthly_capacity = fields.Char(
        "Monthly Capacity", states=_states,
        help="How much the co-op can deliver a month, "
        "e.g. \"5.000 frascos de 454 g\".")
    delivery_provinces = fields.Many2Many(
        'coop.onboarding.application-country.subdivision',
        'application', 'subdivision', "Delivery Provinces",
        domain=[('country.code', '=', 'AR'), ('parent', '=', None)],
        states=_states,
        help="The provinces the co-op can deliver to.")
    own_transport = fields.Boolean(
        "Own Transport", states=_states,
        help="The co-op delivers with its own vehicles.")
    certifications = fields.Text(
        "Certifications", states=_states,
        help="Quality, organic, fair-trade or other certifications.")
    documents = fields.One2Many(
        'coop.onboarding.document', 'application', "Documents",
        states={
            'readonly': Eval('state') == 'rejected',
            })
    assessment_lines = fields.One2Many(
        'coop.onboarding.assessment.line', 'application', "Assessment",
        states=_states)
    assessment_score = fields.Function(fields.Float(
            "Assessment Score", digits=(1, 4),
            help="The weighted score of the assessment criteria."),
        'get_readiness')
    visits = fields.One2Many(
        'coop.onboarding.visit', 'application', "Visits",
        states={
            'readonly': Eval('state') == 'rejected',
            })
    missing_courses = fields.Function(fields.Many2Many(
            'coop.training.course', None, None, "Missing Trainings",
            help="The required trainings that the co-op has not attended "
            "yet."),
        'get_readiness')
    readiness = fields.Function(fields.Float(
            "Readiness", digits=(1, 4),
            help="How far the application is from approval: its required "
            "documents, its assessment and its trainings, a third each."),
        'get_readiness')
    blocking_reasons = fields.Function(fields.Text(
            "Blocking Reasons",
            help="What must be done before the application can be "
            "approved."),
        'get_readiness')
    held_from = fields.Selection([
            (None, ""),
            *[s for s in STATES if s[0] in OPEN_STAGES],
            ], "Held From", readonly=True,
        states={
            'invisible': Eval('state') != 'on_hold',
            },
        help="The stage to which the application goes back when resumed.")
    state_reason = fields.Text(
        "Reason", readonly=True,
        states={
            'invisible': ~Eval('state').in_(['on_hold', 'rejected']),
            },
        help="Why the application was rejected or put on hold.")
    decision_date = fields.Date(
        "Decision Date", readonly=True,
        states={
            'invisible': ~Eval('state').in_(['approved', 'rejected']),
            })
    notes = fields.Text("Notes")
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('cooperative_open_unique',
                Exclude(t, (t.cooperative, Equal),
                    where=t.state != 'rejected'),
                'coop_supplier_onboarding.msg_application_open_unique'),
            ]
        cls._order = [
            ('submission_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('submitted', 'documents'),
            ('documents', 'assessment'),
            ('assessment', 'approved'),
            ('submitted', 'on_hold'),
            ('documents', 'on_hold'),
            ('assessment', 'on_hold'),
            ('on_hold', 'submitted'),
            ('on_hold', 'documents'),
            ('on_hold', 'assessment'),
            ('submitted', 'rejected'),
            ('documents', 'rejected'),
            ('assessment', 'rejected'),
            ('on_hold', 'rejected'),
            ('rejected', 'submitted'),
            }
        cls._buttons.update({
                'review_documents': {
                    'invisible': Eval('state') != 'submitted',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'assess': {
                    'invisible': ~Eval('state').in_(['documents', 'on_hold']),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'assessment',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'hold': {
                    'invisible': ~Eval('state').in_(OPEN_STAGES),
                    'icon': 'tryton-pause',
                    'depends': ['state'],
                    },
                'resume': {
                    'invisible': Eval('state') != 'on_hold',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state').in_(['approved', 'rejected']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'rejected',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def order_state(cls, tables):
        "Order the applications as they go through the pipeline"
        table, _ = tables[None]
        return [Case(*((table.state == s, i)
                    for i, (s, _) in enumerate(STATES)),
                else_=Literal(len(STATES)))]

    @classmethod
    def default_submission_date(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        return Date.today()

    @classmethod
    def default_own_transport(cls):
        return False

    @classmethod
    def default_state(cls):
        return 'submitted'

    @classmethod
    def get_supplier_statuses(cls):
        pool = Pool()
        Party = pool.get('party.party')
        return Party.fields_get(
            ['supplier_status'])['supplier_status']['selection']

    @fields.depends('cooperative', '_parent_cooperative.province')
    def on_change_with_province(self, name=None):
        return self.cooperative.province if self.cooperative else None

    @classmethod
    def search_province(cls, name, clause):
        return [('cooperative.province', *clause[1:])]

    @fields.depends('cooperative', '_parent_cooperative.supplier_status')
    def on_change_with_supplier_status(self, name=None):
        return self.cooperative.supplier_status if self.cooperative else None

    @fields.depends('cooperative', 'contact_email')
    def on_change_cooperative(self):
        if self.cooperative and not self.contact_email:
            self.contact_email = self.cooperative.email

    @classmethod
    def get_required_types(cls, applications):
        """The document types that each application requires, from the
        categories it sells in; returns {application id: [type]}."""
        pool = Pool()
        DocumentType = pool.get('coop.onboarding.document.type')
        ApplicationCategory = pool.get(
            'coop.onboarding.application-product.category')
        relation = ApplicationCategory.__table__()
        cursor = Transaction().connection.cursor()
        categories = {a.id: set() for a in applications}
        for sub_ids in grouped_slice(
                list(categories), backend.MAX_QUERY_PARAMS):
            cursor.execute(*relation.select(
                    relation.application, relation.category,
                    where=fields.SQL_OPERATORS['in'](
                        relation.application, list(sub_ids))))
            for application_id, category_id in cursor:
                categories[application_id].add(category_id)
        return DocumentType.required_types(categories)

    @classmethod
    def get_assessments(cls, applications):
        """The assessment lines of each application as (score, weight,
        criterion name); returns {application id: [line]}."""
        pool = Pool()
        Line = pool.get('coop.onboarding.assessment.line')
        lines = {a.id: [] for a in applications}
        for line in Line.search([
                    ('application', 'in', list(lines)),
                    ]):
            lines[line.application.id].append(
                (line.score, line.weight, line.criterion.name))
        return lines

    @classmethod
    def get_readiness(cls, applications, names):
        """Compute the readiness of the applications and what blocks their
        approval, for all of them at once: one query for the documents, one
        search for the assessment lines and one call for the trainings."""
        pool = Pool()
        Configuration = pool.get('coop.onboarding.configuration')
        Document = pool.get('coop.onboarding.document')
        Enrolment = pool.get('coop.training.enrolment')
        Date = pool.get('ir.date')
        today = Date.today()
        # Whoever reads an application sees what blocks it, even without
        # access to the configuration or to the trainings
        with without_check_access():
            configuration = Configuration(1)
            minimum = configuration.minimum_assessment_score
            courses = configuration.required_courses
            required = cls.get_required_types(applications)
            documents = Document.get_best(applications)
            assessments = cls.get_assessments(applications)
            attended = Enrolment.attended_courses(
                list({a.cooperative for a in applications}))

        result = {n: {} for n in names}
        for application in applications:
            reasons = []
            valid = 0
            types = required[application.id]
            for type_ in types:
                found = documents.get((application.id, type_.id))
                if not found:
                    reasons.append(gettext(
                            'coop_supplier_onboarding'
                            '.msg_blocking_document_missing',
                            document=type_.name))
                    continue
                has_file, expiry_date = found
                if not has_file:
                    reasons.append(gettext(
                            'coop_supplier_onboarding'
                            '.msg_blocking_document_file',
                            document=type_.name))
                elif expiry_date and expiry_date < today:
                    reasons.append(gettext(
                            'coop_supplier_onboarding'
                            '.msg_blocking_document_expired',
                            document=type_.name,
                            date=format_date(expiry_date)))
                else:
                    valid += 1

            lines = assessments[application.id]
            score, progress = scoring.assessment(
                [(s, w) for s, w, _ in lines], minimum)
            unscored = [n for s, _, n in lines if s is None]
            if not lines:
                reasons.append(gettext(
                        'coop_supplier_onboarding'
                        '.msg_blocking_assessment_missing'))
            for criterion in unscored:
                reasons.append(gettext(
                        'coop_supplier_onboarding'
                        '.msg_blocking_criterion_unscored',
                        criterion=criterion))
            if lines and not unscored and score < minimum:
                reasons.append(gettext(
                        'coop_supplier_onboarding'
                        '.msg_blocking_assessment_low',
                        score=format_percent(score),
                        minimum=format_percent(minimum)))

            done = attended.get(application.cooperative.id, set())
            missing = [c for c in courses if c.id not in done]
            for course in missing:
                reasons.append(gettext(
                        'coop_supplier_onboarding'
                        '.msg_blocking_training_missing',
                        course=course.name))

            values = {
                'assessment_score': score,
                'missing_courses': [c.id for c in missing],
                'readiness': round(scoring.readiness(
                        scoring.share(valid, len(types)),
                        progress,
                        scoring.share(
                            len(courses) - len(missing), len(courses))), 4),
                'blocking_reasons': '\n'.join(reasons) or None,
                }
            for name in names:
                result[name][application.id] = values[name]
        return result

    def get_rec_name(self, name):
        return self.cooperative.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('cooperative.rec_name', *clause[1:])]

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('state') == 'rejected', 'muted',
                    If(Eval('state') == 'on_hold', 'warning',
                        If(Eval('state') == 'approved', 'success', '')))),
            ]

    @classmethod
    def validate_fields(cls, applications, field_names):
        super().validate_fields(applications, field_names)
        cls.check_contact_email(applications, field_names)

    @classmethod
    def check_contact_email(cls, applications, field_names=None):
        if field_names and 'contact_email' not in field_names:
            return
        for application in applications:
            if application.contact_email:
                try:
                    validate_email(application.contact_email)
                except EmailNotValidError as e:
                    raise ApplicationValidationError(gettext(
                            'coop_supplier_onboarding'
                            '.msg_application_email_invalid',
                            email=application.contact_email,
                            application=application.rec_name),
                        str(e)) from e

    @classmethod
    def check_modification(
            cls, mode, applications, values=None, external=False):
        super().check_modification(
            mode, applications, values=values, external=external)
        if mode == 'delete':
            for application in applications:
                if application.state not in {'submitted', 'rejected'}:
                    raise DeleteError(gettext(
                            'coop_supplier_onboarding'
                            '.msg_application_delete',
                            application=application.rec_name))

    @classmethod
    def copy(cls, applications, default=None):
        pool = Pool()
        Date = pool.get('ir.date')
        default = default.copy() if default is not None else {}
        default.setdefault('submission_date', Date.today())
        default.setdefault('assessment_lines', None)
        default.setdefault('visits', None)
        default.setdefault('held_from', None)
        default.setdefault('state_reason', None)
        default.setdefault('decision_date', None)
        return super().copy(applications, default=default)

    @classmethod
    def check_blocking(cls, applications):
        "Raise an error that lists what blocks the approval of applications"
        for application in applications:
            if application.blocking_reasons:
                raise ApprovalError(gettext(
                        'coop_supplier_onboarding.msg_application_blocked',
                        application=application.rec_name,
                        reasons=application.blocking_reasons))

    @classmethod
    def _clear_decision(cls, applications):
        "Forget why the applications were held or rejected"
        applications = [a for a in applications
            if a.held_from or a.state_reason or a.decision_date]
        if applications:
            cls.write(applications, {
                    'held_from': None,
                    'state_reason': None,
                    'decision_date': None,
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('documents')
    def review_documents(cls, applications):
        cls._clear_decision(applications)

    @classmethod
    @ModelView.button
    @Workflow.transition('assessment')
    def assess(cls, applications):
        "Start the assessment with a line for each active criterion"
        pool = Pool()
        Criterion = pool.get('coop.onboarding.criterion')
        Line = pool.get('coop.onboarding.assessment.line')
        cls._clear_decision(applications)
        criteria = Criterion.search([])
        lines = []
        for application in applications:
            assessed = {
                line.criterion for line in application.assessment_lines}
            lines.extend(Line(
                    application=application,
                    criterion=criterion,
                    weight=criterion.weight)
                for criterion in criteria if criterion not in assessed)
        Line.save(lines)

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    def approve(cls, applications):
        """Approve the applications that nothing blocks, and their co-ops as
        suppliers."""
        pool = Pool()
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        cls.check_blocking(applications)
        if not applications:
            return
        Party.set_supplier_status(
            [a.cooperative for a in applications], 'approved')
        cls.write(applications, {
                'decision_date': Date.today(),
                'state_reason': None,
                })

    @classmethod
    @ModelView.button_action(
        'coop_supplier_onboarding.wizard_application_hold')
    def hold(cls, applications):
        pass

    @classmethod
    @Workflow.transition('on_hold')
    def mark_on_hold(cls, applications, reason):
        "Put the applications on hold for reason, remembering their stage"
        by_stage = defaultdict(list)
        for application in applications:
            by_stage[application.state].append(application)
        to_write = []
        for stage, records in by_stage.items():
            to_write.extend([records, {
                        'held_from': stage,
                        'state_reason': reason,
                        }])
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button
    def resume(cls, applications):
        "Take the applications on hold back to the stage they were in"
        transitions = {
            'submitted': cls.reopen,
            'documents': cls.review_documents,
            'assessment': cls.assess,
            }
        by_stage = defaultdict(list)
        for application in applications:
            if application.state == 'on_hold':
                by_stage[application.held_from].append(application)
        for stage, records in by_stage.items():
            transitions[stage](records)

    @classmethod
    @ModelView.button_action(
        'coop_supplier_onboarding.wizard_application_reject')
    def reject(cls, applications):
        pass

    @classmethod
    @Workflow.transition('rejected')
    def mark_rejected(cls, applications, reason):
        pool = Pool()
        Date = pool.get('ir.date')
        if applications:
            cls.write(applications, {
                    'held_from': None,
                    'state_reason': reason,
                    'decision_date': Date.today(),
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def reopen(cls, applications):
        cls._clear_decision(applications)


class ApplicationCategory(ModelSQL):
    "Supplier application - Product category"
    __name__ = 'coop.onboarding.application-product.category'
    __string__ = "Supplier Application - Product Category"

    application = fields.Many2One(
        'coop.onboarding.application', "Application",
        required=True, ondelete='CASCADE')
    category = fields.Many2One(
        'product.category', "Category", required=True, ondelete='CASCADE')


class ApplicationProvince(ModelSQL):
    "Supplier application - Delivery province"
    __name__ = 'coop.onboarding.application-country.subdivision'
    __string__ = "Supplier Application - Delivery Province"

    application = fields.Many2One(
        'coop.onboarding.application', "Application",
        required=True, ondelete='CASCADE')
    subdivision = fields.Many2One(
        'country.subdivision', "Province", required=True,
        ondelete='CASCADE')


class Criterion(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Assessment criterion of supplier applications"
    __name__ = 'coop.onboarding.criterion'
    __string__ = "Assessment Criterion"

    name = fields.Char("Name", required=True, translate=True)
    area = fields.Selection([
            ('capacity', "Capacity"),
            ('quality', "Quality"),
            ('logistics', "Logistics"),
            ('invoicing', "Invoicing"),
            ], "Area", required=True, sort=False)
    weight = fields.Float(
        "Weight", required=True, domain=[('weight', '>', 0)],
        help="How much the criterion counts in the assessment score, "
        "relative to the others.")
    description = fields.Text(
        "Description", translate=True,
        help="What the assessor looks at and what earns the best score.")

    @classmethod
    def default_weight(cls):
        return 1.0


class AssessmentLine(ModelSQL, ModelView):
    "Scored criterion of the assessment of a supplier application"
    __name__ = 'coop.onboarding.assessment.line'
    __string__ = "Assessment Line"

    application = fields.Many2One(
        'coop.onboarding.application', "Application",
        required=True, ondelete='CASCADE')
    criterion = fields.Many2One(
        'coop.onboarding.criterion', "Criterion",
        required=True, ondelete='RESTRICT')
    area = fields.Function(fields.Selection(
            'get_areas', "Area"), 'on_change_with_area')
    weight = fields.Float(
        "Weight", required=True, domain=[('weight', '>', 0)])
    score = fields.Integer(
        "Score",
        domain=['OR',
            ('score', '=', None),
            [
                ('score', '>=', 0),
                ('score', '<=', scoring.MAX_SCORE),
                ],
            ],
        help="From 0 (not at all) to 10 (fully ready).")
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('application')
        t = cls.__table__()
        cls._sql_constraints += [
            ('application_criterion_unique',
                Unique(t, t.application, t.criterion),
                'coop_supplier_onboarding.msg_assessment_criterion_unique'),
            ]
        cls._order = [
            ('application', 'DESC'),
            ('criterion.sequence', 'ASC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def get_areas(cls):
        pool = Pool()
        Criterion = pool.get('coop.onboarding.criterion')
        return Criterion.fields_get(['area'])['area']['selection']

    @fields.depends('criterion')
    def on_change_with_area(self, name=None):
        return self.criterion.area if self.criterion else None

    @fields.depends('criterion')
    def on_change_criterion(self):
        if self.criterion:
            self.weight = self.criterion.weight

    def get_rec_name(self, name):
        return self.criterion.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('criterion.rec_name', *clause[1:])]


class Visit(ModelSQL, ModelView):
    "Visit to a co-op that applies to become a supplier"
    __name__ = 'coop.onboarding.visit'
    __string__ = "Supplier Visit"

    application = fields.Many2One(
        'coop.onboarding.application', "Application",
        required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    visitor = fields.Many2One(
        'res.user', "Visitor", required=True, ondelete='RESTRICT')
    report = fields.Text("Report", required=True)
    file = fields.Binary("File", filename='filename', file_id='file_id')
    filename = fields.Char("File Name")
    file_id = fields.Char("File ID", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('application')
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]

    @classmethod
    def default_date(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        return Date.today()

    @classmethod
    def default_visitor(cls):
        return Transaction().user

    def get_rec_name(self, name):
        return '%s @ %s' % (self.application.rec_name, self.date)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('application.rec_name', *clause[1:])]


class Reason(ModelView):
    "Reason for a decision on supplier onboarding"
    __name__ = 'coop.onboarding.reason'
    __string__ = "Decision Reason"

    reason = fields.Text("Reason", required=True)


class RejectApplication(Wizard):
    "Reject supplier applications with a reason"
    __name__ = 'coop.onboarding.application.reject'

    start = StateView('coop.onboarding.reason',
        'coop_supplier_onboarding.reason_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reject", 'reject', 'tryton-ok', default=True),
            ])
    reject = StateTransition()

    def transition_reject(self):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Application.mark_rejected(self.records, self.start.reason)
        return 'end'


class HoldApplication(Wizard):
    "Put supplier applications on hold with a reason"
    __name__ = 'coop.onboarding.application.hold'

    start = StateView('coop.onboarding.reason',
        'coop_supplier_onboarding.reason_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Put on Hold", 'hold', 'tryton-ok', default=True),
            ])
    hold = StateTransition()

    def transition_hold(self):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Application.mark_on_hold(self.records, self.start.reason)
        return 'end'
