import pandas as pd
import pytest

from sermo_helpers.schema import MENTIONS


def make_mentions(rows: list[dict]) -> pd.DataFrame:
    """A canonical mentions frame from a few dicts (mention_id, published_at and text defaulted)."""
    filled = []
    for index, row in enumerate(rows):
        filled.append({"mention_id": str(index + 1), "channel": "x", "author": f"@user{index}",
                       "text": "", "is_own": False, **row})
    return MENTIONS.validate(pd.DataFrame(filled))


@pytest.fixture
def mentions_factory():
    return make_mentions
