"""Demo clients: a deterministic generator of fictional but realistic data, with planted facts.

Two demo clients exist: ``fjordvik`` (Fjordvik kommune, a west-coast municipality of about 12 000
inhabitants, bokmål handout) and ``coastline`` (Coastline Health Trust, smaller, English handout).
:func:`generate_demo` builds their four canonical frames from a seeded ``numpy`` generator;
:func:`write_demo_data` writes them as byte-stable CSV files under ``data/clients/<slug>/``;
:func:`demo_truth` returns what each mention was meant to be (tone, language, role, episode), which
the canonical mentions deliberately do not carry. :data:`PLANTED` documents the facts planted in
the data, so the stages' tests can assert that each stage finds them.

The package: ``generate.py`` (the generator), ``spec.py`` (the numbers that differ between the
clients), ``write.py`` (the CSV files), and the tables as data, ``texts.yaml`` (every text the
generator fills in) and ``planted.yaml`` (the planted facts), read by ``tables.py`` on first use.
Nothing here reads files on import or touches the network.
"""
from .generate import DEFAULT_SEEDS, FRAME_NAMES, TRUTH_COLUMNS, demo_truth, generate_demo
from .spec import DEMO_SLUGS
from .write import frame_to_csv_text, write_demo_data

__all__ = ["DEFAULT_SEEDS", "DEMO_SLUGS", "FRAME_NAMES", "PLANTED", "TRUTH_COLUMNS", "demo_truth",
           "frame_to_csv_text", "generate_demo", "write_demo_data"]


def __getattr__(name: str):
    if name == "PLANTED":  # read from planted.yaml on first use, not on import
        from .tables import planted
        return planted()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
