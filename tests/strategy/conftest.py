"""Small known inputs for the Strategy stage: canonical frames built row by row, and a client."""
from types import SimpleNamespace

import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.loaders import ClientData
from sermo_helpers.schema import MENTIONS, POSTS, WEB_TRAFFIC
from sermo_helpers.workbook import prepare, with_tone


def make_mentions(rows) -> pd.DataFrame:
    """Canonical mentions from dicts; defaults: channel facebook, not own, subject testby."""
    filled = []
    for number, row in enumerate(rows):
        filled.append({"mention_id": f"m{number}", "channel": "facebook", "author": f"person{number}",
                       "text": "", "is_own": False, "subject": "testby", **row})
    return MENTIONS.validate(pd.DataFrame(filled)) if filled else MENTIONS.empty()


def make_posts(rows) -> pd.DataFrame:
    filled = []
    for number, row in enumerate(rows):
        filled.append({"post_id": f"p{number}", "channel": "facebook", "account": "testbykommune",
                       "published_at": "2026-04-02T10:00:00+00:00", "text": "", **row})
    return POSTS.validate(pd.DataFrame(filled)) if filled else POSTS.empty()


def make_web_traffic(rows) -> pd.DataFrame:
    return WEB_TRAFFIC.validate(pd.DataFrame(rows)) if rows else WEB_TRAFFIC.empty()


@pytest.fixture
def client(minimal_config):
    config = dict(minimal_config, own_accounts={"facebook": ["testbykommune"], "x": ["TestbyKommune"]},
                  peers=[{"slug": "nabo", "name": "Nabo kommune"}], response_targets_minutes=[60, 1440])
    return validate_client_config(config, source="test")


def conversation(opened: str, *, answered_after_minutes=None, sentiment=None, channel="facebook", thread="t",
                 responder="AH"):
    """One enquiry (marked as a conversation start) and, optionally, the client's reply."""
    rows = [{"mention_id": thread, "published_at": opened, "channel": channel, "thread_id": thread,
             "source_sentiment": sentiment}]
    if answered_after_minutes is not None:
        replied = pd.Timestamp(opened) + pd.Timedelta(minutes=answered_after_minutes)
        rows.append({"mention_id": thread + "-r", "published_at": replied.isoformat(), "channel": channel,
                     "thread_id": thread, "in_reply_to": thread, "is_own": True, "author": "testbykommune",
                     "responder": responder})
    return rows


def client_data(client, *, mentions=None, posts=None, web_traffic=None):
    """Prepared data (as ``open_workbook`` gives it, names kept) from the frames; a ``sentiment`` column on
    the mentions gives their tone (missing values neutral), else the workbook's scorer does."""
    mentions = mentions if mentions is not None else MENTIONS.empty()
    tone = mentions["sentiment"] if "sentiment" in mentions.columns else None
    raw = ClientData(mentions=mentions.drop(columns=["sentiment"], errors="ignore"),
                     posts=posts if posts is not None else POSTS.empty(),
                     web_traffic=web_traffic if web_traffic is not None else WEB_TRAFFIC.empty())
    prepared = prepare(raw, client, pseudonymise=False)
    if tone is not None:
        kept = tone.set_axis(mentions["mention_id"]).reindex(prepared.mentions["mention_id"])
        prepared = with_tone(prepared, kept.fillna("neutral").set_axis(prepared.mentions.index))
    return prepared


@pytest.fixture
def build(client):
    """The builders above, for tests: build.mentions, build.posts, build.web_traffic, build.conversation,
    build.data (prepared data for the ``client`` fixture)."""
    return SimpleNamespace(mentions=make_mentions, posts=make_posts, web_traffic=make_web_traffic,
                           conversation=conversation, data=lambda **frames: client_data(client, **frames))
