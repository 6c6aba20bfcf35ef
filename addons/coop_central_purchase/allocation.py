# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The arithmetic of consolidation, free of the ORM.

Quantities are exact: they are handled as Decimal and the results are
multiples of the step they are given (a case, or the rounding of the unit).
"""
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal


def to_decimal(value):
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def tier_price(base_price, tiers, quantity):
    """The unit price reached by the combined quantity.

    tiers is a list of (minimum quantity, unit price); the price of the
    highest tier whose minimum is reached applies, else the base price."""
    price = base_price
    reached = None
    for minimum, unit_price in tiers:
        if quantity >= minimum and (reached is None or minimum > reached):
            reached, price = minimum, unit_price
    return price


def next_tier(tiers, quantity):
    "The (minimum, price) of the first tier not yet reached, or None"
    ahead = [(m, p) for m, p in tiers if m > quantity]
    return min(ahead) if ahead else None


def check_tiers(base_price, tiers):
    """Return the first pair of tiers, (previous, tier), where the price does
    not fall as the quantity rises, or None when the tiers are decreasing.
    The base price counts as a tier of quantity 0."""
    previous = (Decimal(0), base_price)
    for tier in sorted(tiers):
        minimum, price = tier
        if minimum <= previous[0] or price >= previous[1]:
            return previous, tier
        previous = tier
    return None


def round_to_step(quantity, step):
    """Round a quantity to a multiple of step, halves up; a quantity above
    zero never rounds to zero but to one step.

    This is the rule for each co-op's quantity at consolidation: the
    supplier ships whole cases, so each co-op gets the nearest whole number
    of cases, and a co-op that ordered less than half a case still gets
    one."""
    quantity, step = to_decimal(quantity), to_decimal(step)
    if quantity <= 0:
        return Decimal(0)
    steps = (quantity / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(steps, Decimal(1)) * step


def allocate(demands, capacity, step):
    """Share capacity among demands pro rata, in whole steps.

    demands is a list of (key, quantity) in priority order: the order in
    which lines were placed. Each gets the whole steps of its pro rata share
    of the capacity (largest remainder method): first the integer part of
    its share, then one more step each, by decreasing remainder and then by
    priority, while whole steps of capacity are left. The result never
    exceeds the capacity nor, by more than one partial step, the demand.

    Returns {key: allocated quantity}."""
    step = to_decimal(step)
    quantities = [(k, to_decimal(q)) for k, q in demands]
    total = sum((q for _, q in quantities), Decimal(0))
    steps_available = (to_decimal(capacity) / step).to_integral_value(
        rounding=ROUND_FLOOR)
    if total <= 0 or steps_available <= 0:
        return {k: Decimal(0) for k, _ in quantities}
    demand_steps = [(q / step) for _, q in quantities]
    total_steps = total / step
    if total_steps <= steps_available:
        # Enough for everyone: each gets its demand in whole steps, up
        shares = [s.to_integral_value(rounding=ROUND_FLOOR)
            + (1 if s % 1 else 0) for s in demand_steps]
        if sum(shares) <= steps_available:
            return {k: s * step for (k, _), s in zip(quantities, shares)}
    quotas = [steps_available * s / total_steps for s in demand_steps]
    shares = [q.to_integral_value(rounding=ROUND_FLOOR) for q in quotas]
    left = int(steps_available - sum(shares))
    by_remainder = sorted(range(len(quotas)),
        key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return {k: s * step for (k, _), s in zip(quantities, shares)}
