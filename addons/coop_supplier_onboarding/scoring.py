# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The arithmetic of readiness and price breaks, free of the ORM.

Scores and shares are floats between 0 and 1; the views show them as
percentages."""

# The best score of an assessment criterion
MAX_SCORE = 10


def share(done, total):
    "The share of the total that is done; all of it when there is nothing"
    return done / total if total else 1.0


def assessment(lines, minimum):
    """The score of an assessment and how far it goes toward approval.

    lines is a list of (score or None, weight); an unscored criterion counts
    as 0 in the score. Returns (score, progress): the score is the weighted
    mean of the scores over MAX_SCORE, None without criteria; the progress
    is the share of the minimum reached, times the share of the weight
    already scored, so that it is 1 only when every criterion is scored and
    the minimum is reached."""
    total = sum(weight for _, weight in lines)
    if not total:
        return None, 0.0
    # Rounded to the digits of the score, against the noise of floats
    score = round(
        sum((s or 0) * w for s, w in lines) / (MAX_SCORE * total), 4)
    scored = sum(w for s, w in lines if s is not None) / total
    reached = min(score / minimum, 1.0) if minimum else 1.0
    return score, reached * scored


def readiness(documents, assessment, trainings):
    """The readiness of an application: the mean of the progress of its
    documents, its assessment and its trainings, each between 0 and 1."""
    return (documents + assessment + trainings) / 3


def first_rising_break(base_price, breaks):
    """Return the first pair of price breaks, (previous, break), where the
    price does not fall as the quantity rises, or None when it always falls.

    breaks is a list of (minimum quantity, unit price); the base price is
    the break of quantity 0."""
    previous = (0, base_price)
    for quantity, price in sorted(breaks):
        if quantity <= previous[0] or price >= previous[1]:
            return previous, (quantity, price)
        previous = (quantity, price)
    return None
