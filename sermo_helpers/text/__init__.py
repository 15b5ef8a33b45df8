"""Text analysis for the workbook, offline: tokens, language (nb, nn, en, other, unknown) and sentiment.

Start with :func:`score_texts` (language detected, then routed to the English or Norwegian scorer)
or :func:`default_scorer` for the TextBlob-shaped ``analyze(text) -> Sentiment`` interface.
"""
from .language import detect_language, detect_languages
from .sentiment import (EnglishScorer, LinearScorer, MultilingualScorer, Sentiment, SentimentScorer, TextBlobScorer,
                        TwoModelScorer,
                        default_scorer, norwegian_scorer, score_texts)

__all__ = [
    "EnglishScorer", "LinearScorer", "MultilingualScorer", "Sentiment", "SentimentScorer", "TextBlobScorer",
    "TwoModelScorer", "default_scorer", "detect_language", "detect_languages", "norwegian_scorer", "score_texts",
]
