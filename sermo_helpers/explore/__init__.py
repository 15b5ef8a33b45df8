"""Interactive explorers for JupyterLab that degrade to the handout's static figures and tables.

One function per stage, each called in one notebook line with the stage's result
(``explore_listen(listen, client)``): an explorer filters what its stage computed, it never
computes it again. Also a
labelling widget for correcting sentiment (:func:`label_sentiment_sample`). The headless rule and
the shared machinery are in :mod:`.core`.
"""
from .core import Control, Explorer, Snapshot, is_headless
from .engage import explore_engage
from .influence import explore_influence
from .labelling import label_sentiment_sample
from .reveal import reveal_names
from .listen import explore_listen
from .strategy import explore_strategy

__all__ = ["Control", "Explorer", "Snapshot", "explore_engage", "explore_influence", "explore_listen",
           "explore_strategy", "is_headless", "label_sentiment_sample", "reveal_names"]
