"""Customer-care conversation layouts; the readers live in :mod:`.conversations`.

* ``ibm_customer_care_json``: the IBM Twitter customer-care JSON (``dialogHeader``, ``dialogContent``).
* ``twcs_flat_csv``: the flat "Customer Support on Twitter" CSV (``tweet_id, author_id, inbound, …``).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..base import Format, Result, Source
from ..sniff import Head
from . import conversations


def _call(reader, source: Source, **options) -> Result:
    warnings: list[str] = []
    if options:
        options["warnings"] = warnings
    if source.path is not None:
        return Result({"mentions": reader(source.path, name=source.name, **options)}, warnings)
    with tempfile.TemporaryDirectory() as folder:  # a zip member: the readers take a path
        path = Path(folder) / source.name.rsplit("/", 1)[-1]
        path.write_bytes(source.data)
        return Result({"mentions": reader(path, name=source.name, **options)}, warnings)


def _is_ibm(head: Head) -> bool:
    start = head.text.lstrip("\ufeff \r\n\t")[:4000]
    return start.startswith(("[", "{")) and ('"dialogContent"' in start or '"dialogHeader"' in start)


def _is_twcs(head: Head) -> bool:
    return head.has_columns("tweet_id", "author_id", "inbound", "created_at", "text")


IBM_JSON = Format("ibm_customer_care_json", "IBM Twitter customer-care conversations (JSON: dialogHeader, "
                  "dialogContent).", ("mentions",), _is_ibm,
                  lambda source, head, context: _call(conversations.read_ibm_conversations, source))
TWCS_CSV = Format("twcs_flat_csv", "Customer Support on Twitter flat CSV (tweet_id, author_id, inbound, …).",
                  ("mentions",), _is_twcs, signature=("tweet_id", "author_id", "inbound", "created_at", "text"),
                  read=lambda source, head, context: _call(conversations.read_twcs, source,
                                                                       warnings=True))
