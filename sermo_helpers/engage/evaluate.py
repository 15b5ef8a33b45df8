"""Evaluate the response-time metrics on real conversations (IBM Twitter customer care).

``sermo evaluate response-times`` calls :func:`evaluate_response_times`; it reads
``ibm_twitter_customer_care/{split}.json`` with the same loader and computes the same metrics as
the handout, with wall-clock times (the conversations are from many companies and time zones, so
business hours do not apply).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import LoadError
from ..loaders.formats.conversations import read_ibm_conversations
from .response import compute_response_metrics
from .threads import build_conversations

DATASET = "ibm_twitter_customer_care"


def evaluate_response_times(data_dir: Path, split: str = "dev") -> dict:
    """Conversations, response rate, and median and p90 first response time (minutes) for a split.

    Returns ``{"conversations": int, "response_rate": float, "median_first_response_minutes":
    float, "p90_first_response_minutes": float}``. A conversation is a reply thread; tweets
    shared by two conversations in the file are counted once, so the count can be lower than the
    number of conversations in the file.

    Raises LoadError naming the expected file when it is missing or unreadable.
    """
    path = Path(data_dir) / DATASET / f"{split}.json"
    if not path.is_file():
        raise LoadError(f"No {split!r} split at {path}; expected {DATASET}/{split}.json under the data folder.",
                        path=str(path), expected="a JSON file", found="nothing")
    conversations = build_conversations(read_ibm_conversations(path), timezone="UTC")
    overall = compute_response_metrics(conversations, targets_minutes=()).iloc[0]
    return {
        "conversations": int(overall["conversations"]),
        "response_rate": float(overall["response_rate"]),
        "median_first_response_minutes": float(overall["median_first_response_minutes"]),
        "p90_first_response_minutes": float(overall["p90_first_response_minutes"]),
    }
