"""Signals, bundles and breakthroughs through the services, as the pages make them."""

import datetime as dt
from typing import Any

from spil.signals import services
from spil.signals.models import Breakthrough, Bundle, Signal


def make_signal(author: Any, **extra: Any) -> Signal:
    data = {
        "problem": "De bijzondere bijstand vraagt drie maanden bankafschriften.",
        "regulation": "Bijzondere bijstand",
        "category": "regel",
        "families_affected": 3,
        "example": "Een moeder kon de verhuizing niet betalen voordat de aanvraag rond was.",
    }
    data.update(extra)
    return services.signal_create(actor=author, **data)


def make_bundle(lead: Any, signals: list[Signal], *, passed: bool = False, **extra: Any) -> Bundle:
    bundle = services.bundle_create(
        actor=lead,
        title=extra.get("title", "Wachten op de bijstand"),
        summary=extra.get("summary", "Gezinnen lopen vast op de bewijslast."),
        signals=signals,
    )
    if passed:
        services.bundle_pass(actor=lead, bundle=bundle, revision=bundle.revision)
        bundle.refresh_from_db()
    return bundle


def make_breakthrough(author: Any, **extra: Any) -> Breakthrough:
    data = {
        "title": "Huurachterstand bevroren tot de schuldhulp start",
        "for_whom": "gezin",
        "occurred_on": dt.date(2026, 3, 2),
        "description": "De woningcorporatie wacht met de ontruiming.",
    }
    data.update(extra)
    return services.breakthrough_create(actor=author, **data)
