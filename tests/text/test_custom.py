import pandas as pd
import pytest

from sermo_helpers.errors import AnalysisError
from sermo_helpers.text.custom import fit_custom_scorer


@pytest.fixture
def labelled():
    positive = ["supert arrangement", "tusen takk for hjelpen", "flott nytt bibliotek", "glad for svaret",
                "herlig konsert", "god service i dag"]
    negative = ["elendig brøyting", "ingen svarer på telefon", "skandale med vannet", "lei av kø",
                "dårlig informasjon", "forsinket buss igjen"]
    return pd.DataFrame({"text": positive + negative, "label": ["positive"] * 6 + ["Negative"] * 6})


def test_fit_custom_scorer_reports_fold_scores_and_fits_all_rows(labelled):
    fit = fit_custom_scorer(labelled, folds=3, name="mine")
    assert fit.rows == 12
    assert len(fit.fold_macro_f1) == 3
    assert fit.cv_macro_f1 == pytest.approx(sum(fit.fold_macro_f1) / 3)
    assert fit.cv_macro_f1 >= 0.7  # the social lexicon carries most of these words across folds
    result = fit.scorer.analyze("elendig brøyting")
    assert result.label == "negative" and result.scorer == "mine"
    assert fit.scorer.analyze("supert arrangement").label == "positive"


def test_fit_custom_scorer_errors_name_the_column(labelled):
    with pytest.raises(AnalysisError, match="'tone'"):
        fit_custom_scorer(labelled, label="tone")
    bad = labelled.assign(label=["great"] * 12)
    with pytest.raises(AnalysisError, match="must hold negative, neutral, positive; found great"):
        fit_custom_scorer(bad)
    with pytest.raises(AnalysisError, match="at least two different labels"):
        fit_custom_scorer(labelled.head(6), folds=3)
