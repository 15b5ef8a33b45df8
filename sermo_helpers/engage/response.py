"""Response metrics: how often, how fast and by whom the client answers.

Every metric is computed from the conversation frame of
:func:`sermo_helpers.engage.threads.build_conversations`; the definitions the handout names:

- **response rate** = inbound conversations that got an own reply / inbound conversations.
- **first response time** = minutes from a conversation's opening (first inbound) message to the
  first own reply after it, over answered conversations: the **median** (half were answered
  faster) and the **90th percentile** (p90; nine in ten were answered faster), both in wall-clock
  minutes and in business minutes (client's business hours and time zone, Norwegian public
  holidays excluded). Percentiles use linear interpolation between the two nearest values.
- **share answered within a target** (e.g. 60 or 1440 minutes) = inbound conversations answered
  within that many wall-clock minutes / all inbound conversations (unanswered ones count as not
  within the target), as the citizen experiences it.
- **criticism** (the handout's "answers to criticism"): a critical inbound message on the client's
  own channels that opens a conversation the client can answer (``opening_critical``; *critical* is
  defined once, in :func:`sermo_helpers.workbook.mark_critical`). The **criticism answer rate** and
  **criticism answer time** are the response metrics restricted to those conversations. Critical
  mentions elsewhere (news, forums, blogs) are *criticism in the media*, counted apart by Listen.
  Without a criticism flag the metrics are reported as not measurable.
- **responders**: the distinct people (``responder``; the account when no person is recorded)
  who wrote the client's replies, and each one's share of all own replies ("dedicated dialogue
  staff").
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import AnalysisError, require_columns

GROUPINGS = (None, "channel", "month")


def response_columns(targets_minutes) -> list[str]:
    """The columns of :func:`compute_response_metrics`' result (after the grouping column)."""
    return (["conversations", "answered", "response_rate",
             "median_first_response_minutes", "p90_first_response_minutes",
             "median_first_response_business_minutes", "p90_first_response_business_minutes"]
            + [within_column(target) for target in targets_minutes])


def within_column(target_minutes: int) -> str:
    """Name of the share-answered-within column for a target, e.g. ``share_within_60_minutes``."""
    return f"share_within_{int(target_minutes)}_minutes"


def compute_response_metrics(conversations: pd.DataFrame, *, targets_minutes=(60, 1440), by=None,
                             timezone: str = "Europe/Oslo") -> pd.DataFrame:
    """Response rate, first response times and shares within targets, overall or per group.

    Parameters
    ----------
    conversations : the frame from ``build_conversations`` (one row per inbound conversation).
    targets_minutes : response targets in minutes, e.g. the client's ``response_targets_minutes``.
    by : None (one row, ``group`` = "overall"), "channel", or "month" (the calendar month in
        ``timezone`` in which the conversation opened, as the first day of that month).
    timezone : the client's time zone, used for months.

    Returns one row per group: the group column (``group``, ``channel`` or ``month``), then
    :func:`response_columns`. Times are NaN where no conversation was answered.

    Raises AnalysisError for an unknown ``by`` or a frame without conversation columns.
    """
    _check(conversations, by)
    targets = tuple(int(target) for target in targets_minutes)
    frame = _with_group(conversations, by, timezone)
    key = _group_name(by)
    rows = [_metrics(part, targets) | {key: name} for name, part in frame.groupby(key, sort=True)]
    if by is None and not rows:
        rows = [_metrics(frame, targets) | {key: "overall"}]
    columns = [key] + response_columns(targets)
    result = pd.DataFrame(rows, columns=columns)
    if not rows:  # no conversations: keep the group column's usual type
        result[key] = result[key].astype("datetime64[us]" if by == "month" else "str")
    for column in ("conversations", "answered"):
        result[column] = result[column].astype("int64")
    return result


def compute_criticism_response(conversations: pd.DataFrame, *, targets_minutes=(60, 1440), by=None,
                               timezone: str = "Europe/Oslo") -> pd.DataFrame:
    """The response metrics for conversations opened by a critical inbound message (see the module).

    Same columns as :func:`compute_response_metrics` plus ``measurable``: False when no opening
    message has a criticism flag (the frame was built from mentions without ``critical``), in which
    case every metric is missing and the handout says "not measurable".
    """
    _check(conversations, by)
    critical = conversations["opening_critical"].astype("boolean")
    measurable = bool(critical.notna().any())
    negative = conversations[critical.fillna(False).astype(bool)]
    result = compute_response_metrics(negative, targets_minutes=targets_minutes, by=by, timezone=timezone)
    if not measurable:
        values = [column for column in result.columns[1:] if column not in ("conversations", "answered")]
        result[values] = np.nan
    result["measurable"] = measurable
    return result


def compute_responders(mentions: pd.DataFrame, *, by=None) -> pd.DataFrame:
    """Who writes the client's replies: own messages per responder and their share of all replies.

    Parameters
    ----------
    mentions : canonical mentions (only rows with ``is_own`` True count). ``responder`` names the
        person; where it is missing the ``author`` (the own account) stands in.
    by : None or "channel" (shares within each channel).

    Returns columns [channel,] responder, replies, share_of_replies, sorted by group then by replies
    (most first). An empty frame when there are no own messages.
    """
    if by not in (None, "channel"):
        raise AnalysisError(f"by must be None or 'channel', found {by!r}", argument="by",
                            expected="None or 'channel'", found=repr(by))
    for column in ("is_own", "author") + (("channel",) if by else ()):
        if column not in mentions.columns:
            raise AnalysisError(f"mentions: expected a column {column!r}", argument=column,
                                expected="a column", found="none")
    own = mentions[mentions["is_own"].astype(bool)]
    responder = own["responder"] if "responder" in own.columns else pd.Series(pd.NA, index=own.index)
    work = pd.DataFrame({"responder": responder.where(responder.notna(), own["author"]).astype("str")})
    keys = ["responder"]
    if by:
        work["channel"] = own["channel"]
        keys = ["channel", "responder"]
    counts = work.groupby(keys, sort=True).size().rename("replies").reset_index()
    totals = counts.groupby(keys[:-1])["replies"].transform("sum") if by else counts["replies"].sum()
    counts["share_of_replies"] = counts["replies"] / totals
    counts["replies"] = counts["replies"].astype("int64")
    order = (keys[:-1] if by else []) + ["replies", "responder"]
    ascending = ([True] if by else []) + [False, True]
    return counts.sort_values(order, ascending=ascending, ignore_index=True)


def _metrics(part: pd.DataFrame, targets: tuple[int, ...]) -> dict:
    answered = part["answered"].astype(bool)
    times = part.loc[answered, "first_response_minutes"].to_numpy(dtype=float)
    business = part.loc[answered, "first_response_business_minutes"].to_numpy(dtype=float)
    count = len(part)
    row = {
        "conversations": count,
        "answered": int(answered.sum()),
        "response_rate": answered.sum() / count if count else np.nan,
        "median_first_response_minutes": _quantile(times, 0.5),
        "p90_first_response_minutes": _quantile(times, 0.9),
        "median_first_response_business_minutes": _quantile(business, 0.5),
        "p90_first_response_business_minutes": _quantile(business, 0.9),
    }
    for target in targets:
        row[within_column(target)] = float((times <= target).sum()) / count if count else np.nan
    return row


def _quantile(values: np.ndarray, q: float) -> float:
    values = values[~np.isnan(values)]
    return float(np.quantile(values, q)) if len(values) else np.nan


def _group_name(by) -> str:
    return "group" if by is None else by


def _with_group(conversations: pd.DataFrame, by, timezone: str) -> pd.DataFrame:
    if by is None:
        return conversations.assign(group="overall")
    if by == "month":
        local = conversations["opened_at"].dt.tz_convert(timezone).dt.tz_localize(None)
        return conversations.assign(month=local.dt.to_period("M").dt.to_timestamp())
    return conversations


def _check(conversations: pd.DataFrame, by) -> None:
    if by not in GROUPINGS:
        raise AnalysisError(f"by must be one of None, 'channel', 'month'; found {by!r}", argument="by",
                            expected="None, 'channel' or 'month'", found=repr(by))
    needed = ["opened_at", "channel", "answered", "first_response_minutes",
              "first_response_business_minutes", "opening_critical"]
    require_columns(conversations, needed, step="conversations",
                    hint="Expected the frame from engage.threads.build_conversations.")
