"""Learn the shipped Norwegian sentiment weights from NoReC_sentence (train split only).

Run ``python -m sermo_helpers.text.train_norwegian --data-dir ../shared/data`` to rebuild
``sermo_helpers/resources/norwegian_sentiment.json``. Only learned weights are written, never the
texts (the NoReC licence allows shipping learned models, not the sentences). Hyper-parameters
were chosen by 3-fold cross-validation on the train split alone (macro-F1, see the report).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import LoadError
from ..paths import RESOURCES_DIR
from .features import sentiment_features
from .training import LinearModel, fit_linear_model

MODEL_PATH = RESOURCES_DIR / "norwegian_sentiment.json"
HYPERPARAMETERS = {"l2": 1e-3, "epochs": 200, "min_count": 2, "balanced": True}


def read_norec(data_dir: Path, variant: str, split: str) -> tuple[list[str], list[str]]:
    """Texts and lower-case labels of ``norec_sentence/<variant>/<split>.json``.

    Raises LoadError naming the file when it is missing or not the expected JSON list.
    """
    path = Path(data_dir) / "norec_sentence" / variant / f"{split}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [row["text"] for row in rows], [row["label"].lower() for row in rows]
    except FileNotFoundError:
        raise LoadError(f"{path} does not exist; expected NoReC_sentence as described in data/README.md",
                        path=str(path), expected="a JSON file", found="nothing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"{path}: expected a JSON list of objects with text and label; {exc}", path=str(path),
                        expected="[{sent_id, text, label}]", found=str(exc)) from None


def train_norwegian_model(data_dir: Path) -> LinearModel:
    """Fit the 3-class Norwegian model on ``norec_sentence/3class/train.json``."""
    texts, labels = read_norec(data_dir, "3class", "train")
    return fit_linear_model([sentiment_features(text) for text in texts], labels, **HYPERPARAMETERS)


def write_model(model: LinearModel, path: Path = MODEL_PATH, *, decimals: int = 3) -> Path:
    """Write the weights as JSON (features whose weights all round to zero are left out)."""
    weights = {}
    for feature, row in sorted(model.weights.items()):
        rounded = [round(value, decimals) for value in row]
        if any(rounded):
            weights[feature] = rounded
    payload = {
        "source": "NoReC_sentence 3class train split (learned weights only, no texts)",
        "features": "sermo_helpers.text.features.sentiment_features",
        "hyperparameters": HYPERPARAMETERS,
        "classes": list(model.classes),
        "bias": [round(value, decimals) for value in model.bias],
        "weights": weights,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def read_model(path: Path = MODEL_PATH) -> LinearModel:
    """Read weights written by :func:`write_model`."""
    payload = json.loads(Path(path).read_text(encoding="utf-8"))
    return LinearModel({feature: tuple(row) for feature, row in payload["weights"].items()},
                       tuple(payload["bias"]), tuple(payload["classes"]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    path = write_model(train_norwegian_model(args.data_dir), args.output)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
