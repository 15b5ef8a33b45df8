"""How much is said: volume over time by channel or language, and share of voice against peers."""
from __future__ import annotations

import pandas as pd

from ..errors import AnalysisError
from ..timeline import flag_complete
from ._common import FREQUENCIES, audience_mentions, last_local_day, local_period, require_columns


def count_mentions_over_time(mentions: pd.DataFrame, *, timezone: str, freq: str = "W", by: str = "channel",
                             subject: str | None = None) -> pd.DataFrame:
    """Mentions per local period and value of ``by`` (e.g. channel, language, sentiment).

    Columns: period, <by>, count (float), complete (False for a last period the data end within,
    :func:`sermo_helpers.timeline.flag_complete`). Every period × value combination is present (zero
    when nothing was said), so lines do not skip quiet weeks. Own messages are left out.
    Raises AnalysisError when ``by`` is not a column.
    """
    require_columns(mentions, ["published_at", by], step="count_mentions_over_time")
    rows = audience_mentions(mentions, subject=subject, columns=["published_at", by])
    frame = pd.DataFrame({"period": local_period(rows["published_at"], freq=freq, timezone=timezone),
                          by: rows[by].fillna("unknown")})
    counts = frame.groupby(["period", by], observed=True).size()
    if counts.empty:
        return pd.DataFrame({"period": pd.Series([], dtype="datetime64[us]"), by: pd.Series([], dtype="str"),
                             "count": pd.Series([], dtype=float), "complete": pd.Series([], dtype=bool)})
    full = pd.MultiIndex.from_product([sorted(frame["period"].unique()), sorted(frame[by].unique())],
                                      names=["period", by])
    result = counts.reindex(full, fill_value=0).astype(float).rename("count").reset_index()
    return flag_complete(result, freq=FREQUENCIES[freq], last_day=last_local_day(rows["published_at"], timezone=timezone))


def share_of_voice(mentions: pd.DataFrame, *, client: str, peers: list[str] | tuple[str, ...] = (),
                   names: dict[str, str] | None = None) -> pd.DataFrame:
    """Each subject's mentions and share of all mentions of the client and its peers.

    Columns: subject, name, mentions, share, is_client; client first, then peers by volume.
    A missing ``subject`` counts as the client. Own messages are left out. ``names`` maps
    slugs to display names. Raises AnalysisError when ``subject`` is missing from the frame.
    """
    require_columns(mentions, ["subject"], step="share_of_voice")
    if not client:
        raise AnalysisError("share_of_voice needs the client's slug", argument="client",
                            expected="a slug", found=repr(client))
    rows = audience_mentions(mentions, columns=["subject"])
    subjects = rows["subject"].fillna(client)
    order = [client, *[peer for peer in peers if peer != client]]
    counts = subjects.value_counts().reindex(order, fill_value=0).astype(float)
    total = counts.sum()
    out = pd.DataFrame({"subject": pd.array(order, dtype="str"),
                        "name": pd.array([(names or {}).get(slug, slug) for slug in order], dtype="str"),
                        "mentions": counts.to_numpy(),
                        "share": (counts / total).to_numpy() if total else 0.0,
                        "is_client": [slug == client for slug in order]})
    peers_sorted = out.iloc[1:].sort_values("mentions", ascending=False, kind="stable")
    return pd.concat([out.iloc[:1], peers_sorted], ignore_index=True)
