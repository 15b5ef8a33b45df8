"""Every export layout the workbook reads, one module per platform, in the order they are tried.

:data:`FORMATS` is the explicit, ordered list (most specific first): :func:`..registry.recognise`
gives a file to the first format whose recogniser accepts it. To add a layout, write a module here
that defines a :class:`..base.Format`, put it in this list, and add a fixture to the contract test.
"""
from __future__ import annotations

from . import canonical, customer_care, facebook_insights, ga4, linkedin, meltwater, meta, x_twitter, youtube
from ..base import Format

FORMATS: tuple[Format, ...] = (
    *canonical.CANONICAL_FORMATS.values(),
    meta.FACEBOOK_POSTS,
    meta.INSTAGRAM_POSTS,
    meta.DAILY,
    facebook_insights.INSIGHTS_POST_LEVEL,
    facebook_insights.INSIGHTS_PAGE_LEVEL,
    facebook_insights.LEGACY_INSIGHTS,
    youtube.TABLE_DATA,
    youtube.TOTALS,
    youtube.CHART_DATA,
    youtube.SOURCE_TABLE,
    youtube.SOURCE_CHART,
    x_twitter.TWEET_ACTIVITY,
    linkedin.LINKEDIN_PAGE,
    linkedin.LINKEDIN_CREATOR,
    ga4.GA4_TRAFFIC,
    meltwater.MELTWATER,
    customer_care.IBM_JSON,
    customer_care.TWCS_CSV,
)
