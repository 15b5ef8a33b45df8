"""Stage 3, Engage: conversations and response metrics, and engagement on the client's own posts.

Start with :func:`analyse_engage` (prepared data -> :class:`EngageResult`): it builds the conversations
once and computes every metric the handout, the explorer and Strategy read.

- :mod:`.threads`: reply threads and the conversation frame (definitions of inbound, own,
  opening message, first response).
- :mod:`.response`: response rate, first response times, shares within targets, criticism
  response, responders.
- :mod:`.content`: engagement rates and best time to post.
- :mod:`.verdicts`: plain-language verdicts per metric.
- :mod:`.evaluate`: response metrics on the IBM customer-care data.
- :mod:`.stage`: :func:`analyse_engage` and :class:`EngageResult`.
"""
from .stage import EngageResult, analyse_engage

__all__ = ["EngageResult", "analyse_engage"]
