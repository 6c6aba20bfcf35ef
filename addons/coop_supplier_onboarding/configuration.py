# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Supplier onboarding configuration"
    __name__ = 'coop.onboarding.configuration'
    __string__ = "Supplier Onboarding Configuration"

    required_courses = fields.Many2Many(
        'coop.onboarding.configuration-coop.training.course',
        'configuration', 'course', "Required Trainings",
        help="The courses that a worker co-op must have attended before "
        "it is approved as a supplier.")
    minimum_assessment_score = fields.Float(
        "Minimum Assessment Score", digits=(1, 4), required=True,
        domain=[
            ('minimum_assessment_score', '>=', 0),
            ('minimum_assessment_score', '<=', 1),
            ],
        help="The weighted score of the assessment that an application "
        "must reach to be approved.")
    expiry_notice_days = fields.Integer(
        "Expiry Notice Days", required=True,
        domain=[('expiry_notice_days', '>=', 0)],
        help="How many days before a document expires the supplier and "
        "the onboarding staff are told.")
    listing_account_category = fields.Many2One(
        'product.category', "Listing Account Category",
        domain=[('accounting', '=', True)],
        help="The account category of the products created from approved "
        "listing requests, which gives them their taxes.")

    @classmethod
    def default_minimum_assessment_score(cls):
        return 0.6

    @classmethod
    def default_expiry_notice_days(cls):
        return 30


class ConfigurationCourse(ModelSQL):
    "Supplier onboarding configuration - Training course"
    __name__ = 'coop.onboarding.configuration-coop.training.course'
    __string__ = "Onboarding Configuration - Training Course"

    configuration = fields.Many2One(
        'coop.onboarding.configuration', "Configuration",
        required=True, ondelete='CASCADE')
    course = fields.Many2One(
        'coop.training.course', "Course", required=True, ondelete='CASCADE')
