"""Throughput of the workbook's sentiment scoring vs TextBlob, side by side in one run.

Builds N mixed-language mentions in-process (bokmål, nynorsk, English; varied, mostly unique
texts from templates, handles and numbers), scores all of them with the project's scorer
(language detection included: ``score_texts(texts)`` with no languages given) and reads each for
criticism of a client (``CriticismDetector.score_texts`` with the sentiment labels; texts with
no cue and no negative tone are dismissed by one regular expression, and the detector reads texts
that differ only in other accounts' @handles and numbers once, which these generated texts often
do: real mentions repeat less), and runs
TextBlob's per-text loop (``TextBlob(text).sentiment.polarity``) on a random sample, whose rate
is extrapolated to N (TextBlob's per-text cost does not depend on N). The two are interleaved
chunk by chunk so that both see the same load on a shared machine. Peak memory: the process'
peak RSS after scoring all N, and tracemalloc's peak of Python allocations while scoring a slice.

    .venv/bin/python benchmarks/sentiment_throughput.py [--texts 1000000] [--textblob-sample 20000]

Prints ``name: value`` lines, ending with ``speedup_vs_textblob: N``.
"""
from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc

NB = ["Kommunen svarer ikke på henvendelsen min om {thing}.", "Så flott at {thing} endelig er ferdig! 👏",
      "Hvorfor tar det så lang tid med {thing}?", "Takk for god informasjon om {thing}.",
      "Elendig oppfølging av {thing} fra kommunen.", "Når åpner {thing} igjen?",
      "Veldig fornøyd med {thing} i år.", "Dette er ikke greit, {handle}. {thing} er stengt igjen."]
NN = ["Kommunen svarar ikkje på spørsmålet mitt om {thing}.", "Så kjekt at {thing} endeleg er ferdig!",
      "Kvifor tek det så lang tid med {thing}?", "Takk for god informasjon om {thing}.",
      "Eg er lei av at {thing} ikkje fungerer.", "Kor tid opnar {thing} att?"]
EN = ["Why is {thing} still closed? No answer from {handle}.", "Great job on {thing}, thanks!",
      "The {thing} was delayed again, terrible service.", "When does {thing} reopen?",
      "Love the new {thing} 😍", "Not happy with {thing} at all."]
THINGS = ["biblioteket", "svømmehallen", "bussen", "vegen", "skolen", "legevakten", "the library", "the pool",
          "brøytingen", "barnehagen", "vannverket", "the ferry", "kaia", "helsehuset", "gatelysa"]


def build_texts(count: int, *, seed: int = 1) -> list[str]:
    """``count`` mixed-language mentions (about 55 % bokmål, 20 % nynorsk, 25 % English)."""
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        roll = rng.random()
        templates = NB if roll < 0.55 else NN if roll < 0.75 else EN
        text = rng.choice(templates).format(thing=rng.choice(THINGS), handle=f"@user{rng.randrange(50_000)}")
        texts.append(f"{text} #{rng.choice(THINGS).split()[-1]}{rng.randrange(100_000)}" if index % 4 else text)
    return texts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1_000_000)
    parser.add_argument("--textblob-sample", type=int, default=20_000)
    parser.add_argument("--traced-texts", type=int, default=100_000)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    texts = build_texts(args.texts)
    print(f"texts: {len(texts)}")
    print(f"unique_texts: {len(set(texts))}")
    print(f"build_seconds: {time.perf_counter() - started:.2f}")

    from sermo_helpers.text.criticism import CriticismDetector
    from sermo_helpers.text.sentiment import default_scorer
    from textblob import TextBlob

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    scorer = default_scorer()
    scorer.analyze("Hei")  # loads the shipped weights and lexicons
    criticism = CriticismDetector(["kommunen", "the library"])
    criticism.find("Hei")  # loads the cue lists
    print(f"sermo_setup_seconds: {time.perf_counter() - started:.2f}")

    # Interleaved: each chunk of the N texts is scored by the project's scorer, then a slice of the
    # same chunk by TextBlob, so both see the same machine load (the machine is shared and noisy).
    chunks = 10
    chunk_size = -(-len(texts) // chunks)
    per_chunk_sample = max(1, args.textblob_sample // chunks)
    rng = random.Random(2)
    sermo_seconds = textblob_seconds = 0.0
    textblob_count = 0
    parts = []
    for offset in range(0, len(texts), chunk_size):
        chunk = texts[offset:offset + chunk_size]
        started = time.perf_counter()
        scored = scorer.score_texts(chunk)
        flags = criticism.score_texts(chunk, scored["label"].tolist())
        parts.append(scored.assign(critical=flags["critical"].to_numpy()))
        sermo_seconds += time.perf_counter() - started
        sample = rng.sample(chunk, min(per_chunk_sample, len(chunk)))
        started = time.perf_counter()
        for text in sample:
            TextBlob(text).sentiment.polarity
        textblob_seconds += time.perf_counter() - started
        textblob_count += len(sample)
    import pandas as pd

    scores = pd.concat(parts, ignore_index=True)
    sermo_rate = len(texts) / sermo_seconds
    textblob_rate = textblob_count / textblob_seconds
    print(f"sermo_seconds: {sermo_seconds:.2f}")
    print(f"sermo_texts_per_second: {sermo_rate:.0f}")
    print(f"process_peak_rss_mib: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
    print(f"process_rss_before_scoring_mib: {rss_before:.1f}")
    print(f"textblob_sample: {textblob_count}")
    print(f"textblob_sample_seconds: {textblob_seconds:.2f}")
    print(f"textblob_texts_per_second: {textblob_rate:.0f}")
    print(f"textblob_extrapolated_seconds_for_{len(texts)}: {len(texts) / textblob_rate:.1f}")
    # tracemalloc slows allocation-heavy code about fourfold, so it traces a slice, not the timed run.
    traced = texts[:args.traced_texts]
    tracemalloc.start()
    scorer.score_texts(traced)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"sermo_peak_traced_mib_per_{len(traced)}_texts: {peak / 2**20:.1f}")
    shares = scores["language"].value_counts(normalize=True)
    print("languages: " + ", ".join(f"{language}={share:.3f}" for language, share in shares.items()))
    print(f"critical_share: {scores['critical'].mean():.3f}")

    print(f"speedup_vs_textblob: {sermo_rate / textblob_rate:.1f}")


if __name__ == "__main__":
    main()
