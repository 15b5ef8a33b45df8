"""Fixtures of the Influence tests: a small client and a builder of canonical mentions."""
import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.schema import MENTIONS


@pytest.fixture
def client(minimal_config):
    raw = dict(minimal_config)
    raw["own_accounts"] = {"facebook": ["testbykommune"], "x": ["TestbyKommune"], "web": ["testby.kommune.no"],
                           "blog": ["blogg.testby.no"]}
    raw["peers"] = [{"slug": "naboby", "name": "Naboby kommune"}]
    raw["public_figures"] = ["@ordforer_testby"]
    return validate_client_config(raw, source="test")


def build_mentions(rows: list[dict]) -> pd.DataFrame:
    """Canonical mentions from short dicts; mention_id, published_at, channel, author, text, is_own get
    defaults; columns outside the schema (polarity) are kept after validation."""
    filled = []
    for number, row in enumerate(rows, start=1):
        filled.append({"mention_id": str(number), "published_at": "2026-05-04T10:00:00+00:00", "channel": "x",
                       "author": None, "text": None, "is_own": False, **row})
    frame = pd.DataFrame(filled)
    extra = [column for column in frame.columns if column not in MENTIONS.names]  # e.g. polarity from Listen
    return MENTIONS.validate(frame.drop(columns=extra)).assign(**{column: frame[column] for column in extra})


@pytest.fixture
def mentions_from():
    return build_mentions
