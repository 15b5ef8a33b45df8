"""Stage 1, Listen: what is said about the client, in which language and tone, when, by whom.

Frames in, frames out; nothing here reads files or draws. Start with :func:`analyse_listen` (prepared
data -> :class:`ListenResult`, every frame and number of the Listen section, computed once). The
mentions arrive scored (language, polarity, sentiment, scorer, critical) by the workbook's preparation
step, which calls :func:`score_tone` once per edition; no analysis here scores again.
"""
from .criticism import group_criticism, rank_criticism
from .sentiment import net_sentiment, score_tone, sentiment_over_time, sentiment_summary
from .stage import ListenResult, analyse_listen
from .spikes import compute_baseline, daily_counts, detect_spikes, explain_spikes
from .terms import count_terms, search_words, stop_words, top_terms
from .volume import count_mentions_over_time, share_of_voice

__all__ = [
    "ListenResult", "analyse_listen",
    "compute_baseline", "count_mentions_over_time", "count_terms", "daily_counts", "detect_spikes",
    "explain_spikes", "group_criticism", "net_sentiment", "rank_criticism", "score_tone", "sentiment_over_time",
    "search_words", "sentiment_summary", "share_of_voice", "stop_words", "top_terms",
]
