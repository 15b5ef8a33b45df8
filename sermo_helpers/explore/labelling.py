"""Correct the machine's sentiment on a sample of mentions; keep the labels; fit a custom scorer.

Notebook cell (Listen): ``label_sentiment_sample(data, client)``. It shows a sample of mentions,
each with the sentiment Listen's scorer gave it preselected; the strategist changes what is wrong
(or picks *skip*) and presses *Save*. The labels are kept by :mod:`sermo_helpers.labels` (in
``editions/<slug>/work/labels/sentiment_labels.csv``, never in the client's export folder), saved
under a lock and atomically, merged with what is already there: earlier labels are never lost, and
a mention labelled again keeps its newest label. Mentions already labelled are not sampled again.

:func:`fit_scorer_from_labels` fits Listen's custom scorer
(:func:`sermo_helpers.text.custom.fit_custom_scorer`) from that file, to pass to
``open_workbook(globals(), scorer=...)`` (the workbook scores every mention once with it).

Headless (handouts) the widget shows nothing: labelling is work for the strategist, not content.
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..config import ClientConfig
from ..i18n import label
from ..labels import LABEL_COLUMNS, SENTIMENTS, labels_path, read_sentiment_labels, save_sentiment_labels
from .core import is_headless

SKIP = ""

# The store's names, re-exported: notebooks and earlier code import them from here.
__all__ = ["LABEL_COLUMNS", "SENTIMENTS", "SKIP", "LabelledScorer", "LabellingWidget", "fit_scorer_from_labels",
           "label_sentiment_sample", "labels_path", "read_sentiment_labels", "sample_for_labelling",
           "save_sentiment_labels"]


def sample_for_labelling(scored: pd.DataFrame, *, size: int = 20, seed: int = 0, exclude=()) -> pd.DataFrame:
    """Up to ``size`` scored mentions to label, spread over the predicted sentiments.

    Mentions without text and those whose ``mention_id`` is in ``exclude`` are left out; each
    predicted sentiment gets an equal share where it has enough mentions, the rest fills up at random.
    """
    pool = scored[scored["text"].fillna("").str.strip().ne("") & ~scored["mention_id"].isin(list(exclude))]
    if pool.empty or size <= 0:
        return pool.head(0)
    share = max(1, size // len(SENTIMENTS))
    picked = [part.sample(n=min(share, len(part)), random_state=seed)
              for _, part in pool.groupby("sentiment", observed=True, sort=True)]
    chosen = pd.concat(picked) if picked else pool.head(0)
    if len(chosen) < size:
        rest = pool.drop(index=chosen.index)
        chosen = pd.concat([chosen, rest.sample(n=min(size - len(chosen), len(rest)), random_state=seed)])
    return chosen.head(size).sort_values("published_at").reset_index(drop=True)


class LabelledScorer(NamedTuple):
    """A scorer fitted on the saved labels, ready for ``open_workbook(globals(), scorer=...)``,
    and the fit behind it (with its cross-validated macro-F1: read it before relying on the scorer)."""

    scorer: object  # a MultilingualScorer routing every language to the fitted scorer
    fit: object  # sermo_helpers.text.custom.CustomScorerFit


def fit_scorer_from_labels(labels: pd.DataFrame, *, folds: int = 5, seed: int = 0) -> LabelledScorer:
    """Fit Listen's custom scorer (:func:`sermo_helpers.text.custom.fit_custom_scorer`) on saved labels.

    ``labels`` is what :func:`read_sentiment_labels` returns (columns text and label). The labels
    come from the client's own mentions, so the fitted scorer scores every language.
    Raises AnalysisError (from fit_custom_scorer) when there are too few labels or only one kind.
    """
    from ..text.custom import fit_custom_scorer
    from ..text.sentiment import MultilingualScorer

    fit = fit_custom_scorer(labels, text="text", label="label", folds=folds, seed=seed)
    return LabelledScorer(MultilingualScorer(english=fit.scorer, norwegian=fit.scorer), fit)


class LabellingWidget:
    """The labelling form: one row per sampled mention, a Save button and a status line.

    ``choices`` maps mention_id to its ToggleButtons; :meth:`save` writes the chosen labels (skipped
    rows are left out) and returns everything saved. Headless, it displays nothing.
    """

    def __init__(self, sample: pd.DataFrame, *, path: Path, language: str, headless: bool | None = None):
        self.sample = sample
        self.path = Path(path)
        self.language = language
        self.headless = is_headless() if headless is None else headless
        self.choices: dict = {}
        self.status = None
        self.box = None
        if not self.headless:
            self._build()

    def _build(self) -> None:
        import ipywidgets as widgets

        options = [(label(f"sentiment.{name}", self.language), name) for name in SENTIMENTS]
        options.append((label("explore.label.skip", self.language), SKIP))
        rows = [widgets.HTML(f"<p>{html.escape(label('explore.label.intro', self.language))}</p>")]
        for record in self.sample.itertuples(index=False):
            text = widgets.HTML(f'<div class="sermo-mention"><b>{html.escape(str(record.author or ""))}</b> '
                                f'({html.escape(str(record.channel))}): {html.escape(str(record.text))}</div>',
                                layout={"width": "60%"})
            choice = widgets.ToggleButtons(options=options, value=record.sentiment if record.sentiment in SENTIMENTS
                                           else SKIP, style={"button_width": "80px"})
            self.choices[record.mention_id] = choice
            rows.append(widgets.HBox([text, choice]))
        button = widgets.Button(description=label("explore.label.save", self.language), button_style="primary")
        button.on_click(lambda _: self.save())
        self.button = button
        self.status = widgets.HTML()
        if self.sample.empty:
            rows.append(widgets.HTML(f"<p>{html.escape(label('explore.label.nothing', self.language))}</p>"))
        self.box = widgets.VBox([*rows, widgets.HBox([button, self.status])])

    def chosen(self) -> pd.DataFrame:
        """The labels currently chosen (skipped rows left out), in :data:`LABEL_COLUMNS` layout."""
        values = {mention_id: widget.value for mention_id, widget in self.choices.items()}
        rows = self.sample[self.sample["mention_id"].map(values).fillna(SKIP).ne(SKIP)]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        return pd.DataFrame({
            "mention_id": rows["mention_id"].astype("str"),
            "text": rows["text"].astype("str"),
            "language": rows["language"].astype("str") if "language" in rows else "",
            "predicted": rows["sentiment"].astype("str"),
            "label": rows["mention_id"].map(values).astype("str"),
            "labelled_at": now,
        }).reset_index(drop=True)

    def save(self) -> pd.DataFrame:
        """Save the chosen labels (merged with earlier ones); show and return everything saved."""
        chosen = self.chosen()
        saved = save_sentiment_labels(chosen, self.path)
        if self.status is not None:
            self.status.value = html.escape(label("explore.label.saved", self.language, count=len(chosen),
                                                  path=str(self.path), total=len(saved)))
        return saved

    def _ipython_display_(self):
        from IPython.display import display

        if not self.headless:
            display(self.box)

    def __repr__(self) -> str:
        return f"<LabellingWidget {len(self.sample)} mentions -> {self.path}>"


def label_sentiment_sample(data, client: ClientConfig, *, size: int = 20, seed: int = 0,
                           headless: bool | None = None) -> LabellingWidget:
    """A labelling form for ``size`` mentions not labelled yet, saving to :func:`labels_path`."""
    from ..listen._common import audience_mentions

    path = labels_path(client)
    headless = is_headless() if headless is None else headless
    if headless:  # the form shows nothing (a handout): no sample is drawn from millions of mentions
        return LabellingWidget(data.mentions.head(0), path=path, language=client.language, headless=True)
    done = read_sentiment_labels(path)["mention_id"]
    sample = sample_for_labelling(audience_mentions(data.mentions), size=size, seed=seed, exclude=done)
    return LabellingWidget(sample, path=path, language=client.language, headless=headless)
