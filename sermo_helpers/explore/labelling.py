"""Correct the machine's sentiment on a sample of mentions; keep the labels; fit a custom scorer.

Notebook cell (Listen): ``label_sentiment_sample(data, client)``. It shows a sample of mentions,
each with the tone Listen's scorer suggests written beside it and nothing preselected; the strategist
picks the right tone (or *skip*) for the rows they review, with their name set once per session,
and presses *Save*: only rows a person decided are saved, with who and when. The labels are kept by :mod:`sermo_helpers.labels` (in
``editions/<slug>/work/labels/sentiment_labels.csv``, never in the client's export folder), saved
under a lock and atomically, merged with what is already there: earlier labels are never lost, and
a mention labelled again keeps its newest label. Mentions already labelled are not sampled again.

:func:`fit_scorer_from_labels` fits Listen's custom scorer
(:func:`sermo_helpers.text.custom.fit_custom_scorer`) from that file, to pass to
``open_workbook(globals(), scorer=...)`` (the workbook scores every mention once with it), and
reports its cross-validated macro-F1 with a 95 % interval and a learning curve; ``for_workbook()``
refuses the custom scorer while any tone has fewer than :data:`MIN_LABELS_PER_CLASS` labels.

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
           "label_sentiment_sample", "labels_path", "set_reviewer", "learning_curve", "read_sentiment_labels", "sample_for_labelling",
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


# The chosen tone: white text on a dark blue (contrast ≈ 8.5:1, WCAG AA asks 4.5:1) and a check mark;
# the other buttons keep the light default. Buttons are wide enough for the longest label plus the mark.
CHOSEN_BACKGROUND = "#0b4f8a"
CHOSEN_TEXT = "#ffffff"
BUTTON_WIDTH_EM = 9
CHECK_MARK = "\u2713"
MIN_LABELS_PER_CLASS = 30
_SESSION = {"reviewer": None}


def set_reviewer(name: str) -> str:
    """Set who is labelling for the rest of this kernel session (every form after it starts with it)."""
    _SESSION["reviewer"] = (name or "").strip() or None
    return _SESSION["reviewer"] or ""


def session_reviewer() -> str:
    """The reviewer set in this session, else ``$SERMO_REVIEWER`` or the login name."""
    from ..labels import default_reviewer

    return _SESSION["reviewer"] or default_reviewer()


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def labelling_css() -> str:
    """The style of the form: the chosen tone unmistakable, every button label whole."""
    return (f"<style>.sermo-labelling .widget-toggle-button{{width:{BUTTON_WIDTH_EM}em;overflow:visible;"
            f"text-overflow:clip;white-space:nowrap}}"
            f".sermo-labelling .widget-toggle-button.mod-active{{background:{CHOSEN_BACKGROUND};"
            f"color:{CHOSEN_TEXT};font-weight:bold;box-shadow:none}}"
            f".sermo-labelling .widget-toggle-button.mod-active::before{{content:'{CHECK_MARK} '}}</style>")


# t quantiles (two-sided 95 %) for 1..30 degrees of freedom: a fixed table, no scipy at run time.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)


def fold_interval(scores) -> tuple[float, float, float]:
    """Mean of the fold scores and its 95 % t interval (clipped to 0..1)."""
    import statistics

    values = [float(score) for score in scores]
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, 0.0, 1.0
    half = _T975[min(len(values) - 1, 30) - 1] * statistics.stdev(values) / len(values) ** 0.5
    return mean, max(0.0, mean - half), min(1.0, mean + half)


class LabelledScorer(NamedTuple):
    """A scorer fitted on the saved labels, the fit behind it, and whether it may be used.

    ``usable`` is False while a class has fewer than :data:`MIN_LABELS_PER_CLASS` labels; ``reason``
    then says which. ``interval`` is the 95 % interval of the cross-validated macro-F1 (from the
    folds); ``curve`` the learning curve (rows used, cross-validated macro-F1).
    """

    scorer: object  # a MultilingualScorer routing every language to the fitted scorer
    fit: object  # sermo_helpers.text.custom.CustomScorerFit
    per_class: dict
    interval: tuple
    curve: pd.DataFrame
    usable: bool
    reason: str

    def for_workbook(self):
        """The scorer for ``open_workbook(globals(), scorer=...)``; AnalysisError with the reason when
        there are too few labels to replace the shipped scorer."""
        from ..errors import AnalysisError

        if not self.usable:
            raise AnalysisError(self.reason, argument="labels", expected=f">= {MIN_LABELS_PER_CLASS} labels per tone",
                                found=", ".join(f"{k}: {v}" for k, v in self.per_class.items()))
        return self.scorer


def learning_curve(labels: pd.DataFrame, *, folds: int = 5, seed: int = 0, steps: int = 4) -> pd.DataFrame:
    """Cross-validated macro-F1 on growing shares of the labels (oldest first): columns rows, macro_f1."""
    from ..errors import AnalysisError
    from ..text.custom import fit_custom_scorer

    points = []
    for step in range(1, steps + 1):
        part = labels.head(max(folds, round(len(labels) * step / steps)))
        try:
            fit = fit_custom_scorer(part, text="text", label="label", folds=folds, seed=seed)
        except AnalysisError:  # too few rows or one tone only at this size: no point
            continue
        points.append((len(part), fit.cv_macro_f1))
    return pd.DataFrame(points, columns=["rows", "macro_f1"]).drop_duplicates("rows")


def fit_scorer_from_labels(labels: pd.DataFrame, *, folds: int = 5, seed: int = 0,
                           minimum: int = MIN_LABELS_PER_CLASS, language: str = "nb") -> LabelledScorer:
    """Fit Listen's custom scorer (:func:`sermo_helpers.text.custom.fit_custom_scorer`) on saved labels.

    ``labels`` is what :func:`read_sentiment_labels` returns (columns text and label). The labels
    come from the client's own mentions, so the fitted scorer scores every language. The result
    says the cross-validated macro-F1 with its 95 % interval, the learning curve, the labels per
    tone, and refuses (``for_workbook``) below ``minimum`` labels of any tone.
    Raises AnalysisError (from fit_custom_scorer) when there are too few labels or only one kind.
    """
    from ..text.custom import fit_custom_scorer
    from ..text.sentiment import MultilingualScorer

    fit = fit_custom_scorer(labels, text="text", label="label", folds=folds, seed=seed)
    per_class = {tone: int((labels["label"] == tone).sum()) for tone in SENTIMENTS}
    short = {tone: count for tone, count in per_class.items() if count < minimum}
    reason = "" if not short else label(
        "explore.label.too_few", language, minimum=minimum,
        short=", ".join(f"{label(f'sentiment.{tone}', language)} {count}" for tone, count in short.items()))
    return LabelledScorer(MultilingualScorer(english=fit.scorer, norwegian=fit.scorer), fit, per_class,
                          fold_interval(fit.fold_macro_f1), learning_curve(labels, folds=folds, seed=seed),
                          not short, reason)


class LabellingWidget:
    """The labelling form: one row per sampled mention, a reviewer name, a progress line and Save.

    No tone is preselected: the machine's tone is shown as text beside each mention, and a row
    counts as reviewed only once a person picks a tone (or *skip*). ``choices`` maps mention_id to
    its ToggleButtons; :meth:`save` writes the labels of reviewed rows only (skipped rows and rows
    nobody touched are left out), with the reviewer and the time, and returns everything saved.
    Headless, it displays nothing.
    """

    def __init__(self, sample: pd.DataFrame, *, path: Path, language: str, headless: bool | None = None,
                 reviewer: str | None = None):
        self.sample = sample
        self.path = Path(path)
        self.language = language
        self.headless = is_headless() if headless is None else headless
        self.choices: dict = {}
        self.status = None
        self.progress = None
        self.reviewer = None
        self.box = None
        self._reviewer_name = session_reviewer() if reviewer is None else reviewer
        if not self.headless:
            self._build()

    def _build(self) -> None:
        import ipywidgets as widgets

        options = [(label(f"sentiment.{name}", self.language), name) for name in SENTIMENTS]
        options.append((label("explore.label.skip", self.language), SKIP))
        rows = [widgets.HTML(labelling_css()),
                widgets.HTML(f"<p>{html.escape(label('explore.label.intro', self.language))}</p>")]
        self.reviewer = widgets.Text(value=self._reviewer_name, description=label("explore.label.reviewer", self.language),
                                     placeholder=label("explore.label.reviewer_hint", self.language),
                                     continuous_update=False, style={"description_width": "initial"})
        self.reviewer.observe(lambda change: set_reviewer(change["new"]), names="value")
        rows.append(self.reviewer)
        for record in self.sample.itertuples(index=False):
            machine = label(f"sentiment.{record.sentiment}", self.language) if record.sentiment in SENTIMENTS else "–"
            text = widgets.HTML(f'<div class="sermo-mention"><b>{html.escape(str(record.author or ""))}</b> '
                                f'({html.escape(str(record.channel))}): {html.escape(str(record.text))}'
                                f'<br><small>{html.escape(label("explore.label.machine", self.language, tone=machine))}'
                                f'</small></div>', layout={"width": "55%"})
            choice = widgets.ToggleButtons(options=options, value=None,
                                           style={"button_width": f"{BUTTON_WIDTH_EM}em"})
            choice.observe(lambda _change: self._show_progress(), names="value")
            self.choices[record.mention_id] = choice
            rows.append(widgets.HBox([text, choice]))
        button = widgets.Button(description=label("explore.label.save", self.language), button_style="primary",
                                layout={"width": "auto"})
        button.on_click(lambda _: self.save())
        self.button = button
        self.status = widgets.HTML()
        self.progress = widgets.HTML()
        self._show_progress()
        if self.sample.empty:
            rows.append(widgets.HTML(f"<p>{html.escape(label('explore.label.nothing', self.language))}</p>"))
        self.box = widgets.VBox([*rows, self.progress, widgets.HBox([button, self.status])])
        self.box.add_class("sermo-labelling")

    def reviewed(self) -> int:
        """How many rows a person has decided (a tone or skip)."""
        return sum(widget.value is not None for widget in self.choices.values())

    def progress_text(self) -> str:
        return label("explore.label.progress", self.language, done=self.reviewed(), total=len(self.sample))

    def _show_progress(self) -> None:
        if self.progress is not None:
            self.progress.value = f"<b>{html.escape(self.progress_text())}</b>"

    def chosen(self) -> pd.DataFrame:
        """The tones a person picked (untouched and skipped rows left out), in :data:`LABEL_COLUMNS` layout."""
        values = {mention_id: widget.value for mention_id, widget in self.choices.items()
                  if widget.value is not None and widget.value != SKIP}
        rows = self.sample[self.sample["mention_id"].isin(list(values))]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        reviewer = self.reviewer.value.strip() if self.reviewer is not None else self._reviewer_name
        return pd.DataFrame({
            "mention_id": rows["mention_id"].astype("str"),
            "text": rows["text"].astype("str"),
            "language": rows["language"].astype("str") if "language" in rows else "",
            "predicted": rows["sentiment"].astype("str"),
            "label": rows["mention_id"].map(values).astype("str"),
            "labelled_at": now,
            "reviewer": reviewer,
        }).reset_index(drop=True)

    def save(self) -> pd.DataFrame:
        """Save the labels a person chose (merged with earlier ones); show and return everything saved.

        Refuses (a message in the status line, nothing written) while the reviewer name is empty."""
        chosen = self.chosen()
        if self.reviewer is not None and not self.reviewer.value.strip():
            if self.status is not None:
                self.status.value = html.escape(label("explore.label.need_reviewer", self.language))
            return read_sentiment_labels(self.path)
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
                           headless: bool | None = None, reviewer: str | None = None) -> LabellingWidget:
    """A labelling form for ``size`` mentions not labelled yet, saving to :func:`labels_path`."""
    from ..listen._common import audience_mentions

    path = labels_path(client)
    headless = is_headless() if headless is None else headless
    if headless:  # the form shows nothing (a handout): no sample is drawn from millions of mentions
        return LabellingWidget(data.mentions.head(0), path=path, language=client.language, headless=True)
    done = read_sentiment_labels(path)["mention_id"]
    sample = sample_for_labelling(audience_mentions(data.mentions), size=size, seed=seed, exclude=done)
    return LabellingWidget(sample, path=path, language=client.language, headless=headless, reviewer=reviewer)
