"""IBM customer-care JSON and Customer Support on Twitter CSV into canonical mentions."""
import datetime as dt
import json
import statistics
from pathlib import Path

import pandas as pd
import pytest

from sermo_helpers.engage.threads import build_conversations
from sermo_helpers.errors import LoadError
from sermo_helpers.loaders.formats.conversations import (agent_signature, read_ibm_conversations, read_twcs,
                                                 snowflake_time)
from sermo_helpers.paths import project_root
from sermo_helpers.schema import MENTIONS

SHARED = project_root().parent / "shared" / "data"
IBM_DEV = SHARED / "ibm_twitter_customer_care" / "dev.json"
TWCS = SHARED / "twcs_sample" / "sample.csv"


def need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"shared data not available: {path} (../shared/data is absent)")
    return path


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# ---- small, known inputs -------------------------------------------------------------------

def test_snowflake_time_of_a_known_tweet():
    # The IBM file gives this client turn the time 2020-04-01T17:31:32Z (whole seconds).
    assert snowflake_time("1245403438755852288") == pd.Timestamp("2020-04-01 17:31:32.933", tz="UTC")
    assert snowflake_time(1245425308704149506).floor("s") == pd.Timestamp("2020-04-01 18:58:27", tz="UTC")


@pytest.mark.parametrize("text, expected", [
    ("Have you tried from another device, Miriam ^MM", "MM"),
    ("Please DM us. ^RR https://t.co/znUu1VJn9r", "RR"),
    ("Which platform? *MS", "MS"),
    ("Hope it helps. ^NKush", "NKush"),
    ("We are happy to help.", None),
    ("2^10 is 1024", None),
    (None, None),
])
def test_agent_signature(text, expected):
    assert agent_signature(text) == expected


def write_ibm(tmp_path, conversations) -> Path:
    path = tmp_path / "split.json"
    path.write_text(json.dumps(conversations), encoding="utf-8")
    return path


def ibm_conversation(first_id="1245403438755852288", agent_id="1245425308704149506"):
    return {
        "agentURL": {"tweet_ID": agent_id, "url_utterance": "@a Here is how. ^KB", "turn": "2"},
        "dialogContent": [{"client": "citizen_a", "datetime": "2020-04-01T17:31:32.000Z",
                           "message": "@Brand help", "tweet_ID": first_id}],
        "dialogHeader": {"company": "BrandCare", "sessionID": "s1"},
    }


def test_ibm_small_file(tmp_path):
    frame = read_ibm_conversations(write_ibm(tmp_path, [ibm_conversation()]))
    assert list(frame.columns) == MENTIONS.names
    assert frame["mention_id"].tolist() == ["1245403438755852288", "1245425308704149506"]
    assert frame["published_at"].tolist() == [pd.Timestamp("2020-04-01 17:31:32", tz="UTC"),
                                              pd.Timestamp("2020-04-01 18:58:27", tz="UTC")]
    assert frame["is_own"].tolist() == [False, True]
    assert frame["author"].tolist() == ["citizen_a", "BrandCare"]
    assert frame["responder"].isna().tolist() == [True, False]
    assert frame["responder"].iloc[1] == "KB"
    assert pd.isna(frame["in_reply_to"].iloc[0]) and frame["in_reply_to"].iloc[1] == "1245403438755852288"
    assert frame["thread_id"].tolist() == ["1245403438755852288"] * 2
    assert (frame["channel"] == "x").all()


def test_ibm_error_names_file_and_conversation(tmp_path):
    broken = ibm_conversation()
    broken["dialogContent"][0]["datetime"] = "yesterday"
    path = write_ibm(tmp_path, [ibm_conversation(), broken])
    with pytest.raises(LoadError) as caught:
        read_ibm_conversations(path)
    assert caught.value.row == 2
    assert caught.value.column == "dialogContent[1].datetime"
    assert str(caught.value).startswith("split.json: ") and str(tmp_path) not in str(caught.value)


def test_ibm_not_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LoadError, match="bad.json"):
        read_ibm_conversations(path)


def test_ibm_missing_speaker(tmp_path):
    conversation = ibm_conversation()
    conversation["dialogContent"][0].pop("client")
    with pytest.raises(LoadError, match="speaker") as caught:
        read_ibm_conversations(write_ibm(tmp_path, [conversation]))
    assert caught.value.row == 1


TWCS_HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"


def test_twcs_comma_list_fills_missing_parent(tmp_path):
    path = tmp_path / "twcs.csv"
    path.write_text(TWCS_HEADER
                    + '1,111,True,Wed Oct 11 06:00:00 +0000 2017,@Brand hi,"2,3",\n'
                    + "2,Brand,False,Wed Oct 11 06:30:00 +0000 2017,@111 hello ^AB,,\n"
                    + "3,222,True,Wed Oct 11 06:10:00 +0000 2017,@111 me too,,1\n"
                    + "4,Brand,False,Wed Oct 11 07:00:00 +0000 2017,@222 sure,,3\n", encoding="utf-8")
    frame = read_twcs(path).set_index("mention_id")
    assert frame.loc["2", "in_reply_to"] == "1"  # only known from the parent's comma list
    assert frame.loc["3", "in_reply_to"] == "1"
    assert frame.loc["4", "in_reply_to"] == "3"
    assert set(frame["thread_id"]) == {"1"}
    assert frame.loc["2", "responder"] == "AB" and frame.loc["4", "responder"] == "Brand"
    assert frame["is_own"].to_dict() == {"1": False, "3": False, "2": True, "4": True}


@pytest.mark.parametrize("line, column", [
    ("x1,111,True,Wed Oct 11 06:00:00 +0000 2017,hi,,", "tweet_id"),
    ("1,111,maybe,Wed Oct 11 06:00:00 +0000 2017,hi,,", "inbound"),
    ("1,111,True,2017-10-11,hi,,", "created_at"),
])
def test_twcs_errors_name_line_and_column(tmp_path, line, column):
    path = tmp_path / "twcs.csv"
    path.write_text(TWCS_HEADER + "5,111,True,Wed Oct 11 05:00:00 +0000 2017,ok,,\n" + line + "\n",
                    encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_twcs(path)
    assert caught.value.row == 2 and caught.value.column == column  # the data row, as every loader counts
    assert "twcs.csv: line 3 (data row 2)" in str(caught.value)


def test_twcs_missing_column(tmp_path):
    path = tmp_path / "twcs.csv"
    path.write_text("tweet_id,author_id\n1,2\n", encoding="utf-8")
    with pytest.raises(LoadError, match="inbound") as caught:
        read_twcs(path)
    assert caught.value.column == "inbound"


# ---- real data: IBM dev split --------------------------------------------------------------

def direct_first_responses(conversations) -> dict[str, float]:
    """First response minutes per opening tweet, computed straight from the turn timestamps."""
    result = {}
    for conversation in conversations:
        turns = conversation["dialogContent"]
        times = [(("agent" in turn), utc(turn["datetime"]), turn["tweet_ID"]) for turn in turns]
        agent_id = int(conversation["agentURL"]["tweet_ID"])
        agent_ms = (agent_id >> 22) + 1288834974657
        agent_time = dt.datetime.fromtimestamp(agent_ms // 1000, dt.timezone.utc)  # whole seconds
        times.append((True, agent_time, conversation["agentURL"]["tweet_ID"]))
        opening = next(item for item in times if not item[0])
        reply = next(item for item in times if item[0] and item[1] >= opening[1])
        result[opening[2]] = (reply[1] - opening[1]).total_seconds() / 60
    return result


@pytest.fixture(scope="module")
def ibm_dev():
    path = need(IBM_DEV)
    return json.loads(path.read_text(encoding="utf-8")), read_ibm_conversations(path)


def test_ibm_dev_first_response_equals_turn_timestamps_for_every_conversation(ibm_dev):
    raw, mentions = ibm_dev
    expected = direct_first_responses(raw)
    conversations = build_conversations(mentions, timezone="UTC").set_index("opening_id")
    # 525 dialogues; two are one repeated dialogue and two share their first turns: 523 threads.
    assert len(raw) == 525 and len(expected) == 523 and len(conversations) == 523
    assert conversations["answered"].all()
    measured = conversations["first_response_minutes"].to_dict()
    assert measured == pytest.approx(expected, abs=0, rel=0)
    assert statistics.median(expected.values()) == 123.65
    assert conversations["first_response_minutes"].median() == 123.65


def test_ibm_dev_client_turn_times_match_their_tweet_ids(ibm_dev):
    raw, _ = ibm_dev
    for conversation in raw:
        for turn in conversation["dialogContent"]:
            assert snowflake_time(turn["tweet_ID"]).floor("s") == pd.Timestamp(turn["datetime"])


def test_ibm_dev_shape(ibm_dev):
    raw, mentions = ibm_dev
    turns = sum(len(c["dialogContent"]) + 1 for c in raw)
    assert turns == 1211 and len(mentions) == 1205  # six tweets appear in two dialogues
    assert mentions["mention_id"].is_unique
    assert int(mentions["is_own"].sum()) == 61 + 525 - 3  # agent turns, minus the repeated ones
    assert mentions.loc[~mentions["is_own"], "responder"].isna().all()
    assert mentions.loc[mentions["is_own"], "responder"].notna().all()


# ---- real data: Customer Support on Twitter sample ------------------------------------------

@pytest.fixture(scope="module")
def twcs():
    return read_twcs(need(TWCS)).set_index("mention_id")


def test_twcs_sample_reply_pairs(twcs):
    assert len(twcs) == 93
    # 119250 lists two replies, "119249,119251"; 119249 is in the file, 119251 is not.
    assert twcs.loc["119249", "in_reply_to"] == "119250"
    assert "119251" not in twcs.index
    # 119265 (not in the file) was answered twice by British Airways, 119264 and 119266.
    assert twcs.loc["119264", "in_reply_to"] == "119265" == twcs.loc["119266", "in_reply_to"]
    assert twcs.loc["119264", "thread_id"] == "119265" == twcs.loc["119266", "thread_id"]
    assert twcs.loc["119266", "responder"] == "JR"
    assert twcs.loc["119248", "in_reply_to"] == "119249"
    assert twcs.loc["119248", "thread_id"] == "119250"
    assert twcs.loc["119250", "published_at"] == pd.Timestamp("2017-10-11 05:33:17", tz="UTC")
    assert twcs["is_own"].sum() == 44
    assert twcs["thread_id"].nunique() == 27


def test_twcs_sample_first_response_times(twcs):
    conversations = build_conversations(twcs.reset_index(), timezone="UTC").set_index("thread_id")
    # Two customers in thread 119250; Apple answered the second one at 13:38:29.
    assert conversations.loc["119250", "opening_id"] == "119250"
    assert conversations.loc["119250", "inbound_messages"] == 2
    assert conversations.loc["119250", "first_response_id"] == "119248"
    assert conversations.loc["119250", "first_response_minutes"] == pytest.approx((8 * 3600 + 5 * 60 + 12) / 60)
    # Virgin Trains' 10:13 message came before the customer's 15:09 one; the first reply after it
    # is 119240 at 15:16:08.
    assert conversations.loc["119247", "opening_id"] == "119242"
    assert conversations.loc["119247", "first_response_id"] == "119240"
    assert conversations.loc["119247", "first_response_minutes"] == pytest.approx(7 + 8 / 60)
    assert conversations.loc["119247", "first_responder"] == "VirginTrains"
