"""Registry entries for conversation layouts whose readers live in :mod:`.conversations`.

The readers (``read_ibm_conversations`` for the IBM customer-care JSON, ``read_twcs`` for the flat
Customer Support on Twitter CSV) are written by the Engage stage and imported only when such a file
is read, so the registry works while that module is absent.
"""
from __future__ import annotations

import importlib

from ..errors import LoadError
from .registry import Format, Result, Source, register
from .sniff import Head


def _reader(name: str):
    try:
        module = importlib.import_module(".conversations", __package__)
        return getattr(module, name)
    except (ImportError, AttributeError):
        raise LoadError(f"reading this layout needs sermo_helpers.loaders.conversations.{name}, which is not "
                        "available yet", path=None, expected=name, found="no such function") from None


def _call(name: str, source: Source) -> Result:
    reader = _reader(name)
    if source.path is not None:
        frame = reader(source.path)
    else:
        import tempfile
        from pathlib import Path
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / source.name.rsplit("/", 1)[-1]
            path.write_bytes(source.data)
            frame = reader(path)
    return Result({"mentions": frame}, [])


def _is_ibm(head: Head) -> bool:
    start = head.text.lstrip("\ufeff \r\n\t")[:4000]
    return start.startswith(("[", "{")) and ('"dialogContent"' in start or '"dialogHeader"' in start)


def _is_twcs(head: Head) -> bool:
    return head.has_columns("tweet_id", "author_id", "inbound", "created_at", "text")


register(Format("ibm_customer_care_json", "IBM Twitter customer-care conversations (JSON: dialogHeader, "
                "dialogContent).", ("mentions",), _is_ibm,
                lambda source, head, context: _call("read_ibm_conversations", source)))
register(Format("twcs_flat_csv", "Customer Support on Twitter flat CSV (tweet_id, author_id, inbound, …).",
                ("mentions",), _is_twcs, lambda source, head, context: _call("read_twcs", source)))
