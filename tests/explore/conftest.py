"""Small known inputs for the explorers: a client with one peer and ten hand-written mentions."""
import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.loaders import ClientData
from sermo_helpers.schema import CHANNEL_STATS, MENTIONS, POSTS, WEB_TRAFFIC
from sermo_helpers.workbook import prepare, with_tone


@pytest.fixture
def client(minimal_config, tmp_path):
    raw = {**minimal_config, "data_folder": str(tmp_path / "testby"),
           "peers": [{"slug": "annenby", "name": "Annenby kommune", "keywords": ["Annenby"]}]}
    return validate_client_config(raw, source="test")


# id, UTC time, channel, author, text, language, reach, subject, sentiment, is_own
ROWS = [
    ("1", "2026-04-06T08:00:00+00:00", "x", "@anna", "Flott nytt bibliotek i Testby!", "nb", 100, "testby", "positive", False),
    ("2", "2026-04-07T09:00:00+00:00", "x", "@bjorn", "Vannet er <b>brunt</b> igjen", "nb", 300, "testby", "negative", False),
    ("3", "2026-04-08T10:00:00+00:00", "facebook", "@cecilie", "Når åpner svømmehallen?", "nb", 50, None, "neutral", False),
    ("4", "2026-04-08T11:00:00+00:00", "facebook", "testbykommune", "Svømmehallen åpner 1. mai.", "nb", 20, "testby", "neutral", True),
    ("5", "2026-04-13T08:00:00+00:00", "x", "@dag", "The water in Testby is brown again", "en", 500, "testby", "negative", False),
    ("6", "2026-04-14T08:00:00+00:00", "facebook", "@eva", "Kva skjer med vatnet?", "nn", 80, "testby", "neutral", False),
    ("7", "2026-04-15T08:00:00+00:00", "x", "@frode", "Annenby har fin sommerfest", "nb", 200, "annenby", "positive", False),
    ("8", "2026-04-15T09:00:00+00:00", "facebook", "@gro", "Dårlig svar fra Annenby", "nb", 40, "annenby", "negative", False),
    ("9", "2026-04-16T09:00:00+00:00", "x", "@hans", "Brunt vann i Testby, nok en gang", "nb", 150, "testby", "negative", False),
    ("10", "2026-04-30T21:30:00+00:00", "x", "@ida", "Takk for svar om vannet", "nb", 10, "testby", "positive", False),
]


@pytest.fixture
def data(client):
    """Prepared data (as ``open_workbook`` gives it, authors kept) with the hand-written tone."""
    frame = pd.DataFrame(ROWS, columns=["mention_id", "published_at", "channel", "author", "text", "language",
                                        "reach", "subject", "sentiment", "is_own"])
    raw = ClientData(channel_stats=CHANNEL_STATS.empty(), posts=POSTS.empty(),
                     mentions=MENTIONS.validate(frame.drop(columns=["sentiment"])), web_traffic=WEB_TRAFFIC.empty())
    return with_tone(prepare(raw, client, pseudonymise=False), frame["sentiment"])


@pytest.fixture
def mentions(data):
    return data.mentions
