import json

import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.text.train_norwegian import MODEL_PATH, read_model, read_norec, train_norwegian_model, write_model
from sermo_helpers.text.training import LinearModel


def test_shipped_model_holds_weights_only():
    payload = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(payload) == {"source", "features", "hyperparameters", "classes", "bias", "weights"}
    assert payload["classes"] == ["negative", "neutral", "positive"]
    assert all(len(row) == 3 for row in payload["weights"].values())
    assert not any(" " in feature for feature in payload["weights"])  # single tokens, no sentences
    assert MODEL_PATH.stat().st_size < 1_000_000


def test_write_and_read_round_trip(tmp_path):
    model = LinearModel({"bra": (-1.0, 0.0, 1.23456), "null": (0.0, 0.0001, 0.0)}, (0.1, 0.2, 0.3))
    path = write_model(model, tmp_path / "model.json")
    again = read_model(path)
    assert again.weights == {"bra": (-1.0, 0.0, 1.235)}
    assert again.bias == (0.1, 0.2, 0.3)


def test_read_norec_names_the_missing_file(tmp_path):
    with pytest.raises(LoadError, match="norec_sentence/3class/train.json does not exist"):
        read_norec(tmp_path, "3class", "train")


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights(shared_data):
    model = train_norwegian_model(shared_data)
    shipped = read_model()
    for feature in ("bra", "dårlig", "¬bra", "p:skuf"):
        assert model.weights[feature] == pytest.approx(shipped.weights[feature], abs=2e-3)
