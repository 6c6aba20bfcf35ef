# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Demo data of the Central de Compras: fictional, repeatable, idempotent.

Each domain has its own loader; running them again adds what is missing and
leaves what exists alone."""


def load():
    "Every part of the demo, each after those it builds on"
    from . import geography, membership, onboarding, purchasing, training
    geography.load()
    membership.load()
    purchasing.load()
    training.load()
    onboarding.load()
