"""Text analysis for the workbook, offline: tokens, language (nb, nn, en, other, unknown), sentiment
and criticism of the client (:mod:`.criticism`).

Start with :func:`score_texts` (language detected, then routed to the English or Norwegian scorer)
or :func:`default_scorer` for the TextBlob-shaped ``analyze(text) -> Sentiment`` interface.
"""
from .language import detect_language, detect_languages
from .criticism import CriticismDetector, find_criticism, is_critical
from .sentiment import (EnglishScorer, LinearScorer, MultilingualScorer, NgramScorer, Sentiment, SentimentScorer,
                        TextBlobScorer, default_scorer, norwegian_scorer, score_texts)

__all__ = [
    "CriticismDetector", "EnglishScorer", "LinearScorer", "MultilingualScorer", "NgramScorer", "Sentiment",
    "SentimentScorer", "TextBlobScorer", "default_scorer", "detect_language", "detect_languages", "find_criticism",
    "is_critical", "norwegian_scorer", "score_texts",
]
