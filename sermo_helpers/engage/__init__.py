"""Stage 3, Engage: conversations and response metrics, and engagement on the client's own posts.

- :mod:`.threads`: reply threads and the conversation frame (definitions of inbound, own,
  opening message, first response).
- :mod:`.response`: response rate, first response times, shares within targets, criticism
  response, responders.
- :mod:`.content`: engagement rates and best time to post.
- :mod:`.verdicts`: plain-language verdicts per metric.
- :mod:`.evaluate`: response metrics on the IBM customer-care data.
"""
