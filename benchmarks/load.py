"""Benchmark: loading 1,000,000-row mentions and channel-stats CSVs through the loaders vs plain
``pandas.read_csv`` of the same files, side by side in one run.

The mentions file has the canonical layout of a real archive, conversations included (sparse
``in_reply_to``/``thread_id`` id columns, ``is_own``, ``responder``).

Each measurement runs in a fresh Python process (so peak memory is its own): the figure is the
process's peak resident memory minus its resident memory after the imports. The loader figures
include recognition, validation, time-zone handling, id and formula checks and the load report;
``loaders_no_cache`` is the one compared: ``ratio_vs_plain_read_csv`` is the median over the
repeats of (loader run / the plain run measured just before it), and ``ratio_of_medians`` the same
from the medians. ``loaders_cache_write`` adds writing the Parquet cache and ``loaders_cache_hit``
is a repeated load.

Usage: ``.venv/bin/python benchmarks/load.py [--rows N] [--repeat K]``; prints ``name: value`` lines.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(folder: Path, rows: int) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(42)
    start = pd.Timestamp("2026-04-01", tz="UTC")
    seconds = np.sort(rng.integers(0, 183 * 86400, rows))
    times = (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    channels = np.array(["x", "facebook", "instagram", "news", "forum", "youtube"])
    words = np.array(["Fjordvik", "kommune", "biblioteket", "stengt", "brøyting", "veien", "skolen", "bra",
                      "dårlig", "når", "åpner", "svømmehallen", "takk", "for", "hjelpen", "ordføreren"])
    picks = rng.integers(0, len(words), (rows, 8))
    text = pd.Series(words[picks[:, 0]], dtype="str")
    for column in range(1, 8):
        text = text + " " + words[picks[:, column]]
    channel = channels[rng.integers(0, len(channels), rows)]
    author = pd.Series(rng.integers(1, 50_000, rows).astype(str), dtype="str")
    mentions = pd.DataFrame({
        "mention_id": (10**18 + np.arange(rows) * 7919).astype(str),
        "published_at": times,
        "channel": channel,
        "source_domain": np.where(channel == "news", "nrk.no", "x.com"),
        "url": "https://x.com/u/status/" + pd.Series((10**18 + np.arange(rows) * 7919).astype(str), dtype="str"),
        "author": "@user" + author,
        "author_followers": rng.integers(0, 100_000, rows),
        "text": text,
        "language": np.where(rng.random(rows) < 0.8, "nb", "en"),
        "reach": rng.integers(0, 1_000_000, rows),
        "engagement": rng.integers(0, 500, rows),
        "subject": np.where(rng.random(rows) < 0.7, "fjordvik", "havnes"),
    })
    # conversations, as in a real archive: 30% of messages answer an earlier one (sparse id columns)
    ids = mentions["mention_id"].to_numpy()
    answers = (rng.random(rows) < 0.3) & (np.arange(rows) > 0)
    earlier = (rng.random(rows) * np.arange(rows)).astype(np.int64)
    mentions["in_reply_to"] = pd.Series(np.where(answers, ids[earlier], None), dtype="str")
    mentions["thread_id"] = mentions["in_reply_to"]
    own = answers & (rng.random(rows) < 0.3)
    mentions["is_own"] = own
    mentions["responder"] = pd.Series(np.where(own, "Kari i kundeservice", None), dtype="str")
    mentions.to_csv(folder / "mentions.csv", index=False)
    days = max(1, rows // 400)
    metrics = np.array(["followers", "reach", "impressions", "engagements", "video_views"])
    accounts = np.array([f"konto{n:02d}" for n in range(80)])
    grid = rows // (len(metrics) * len(accounts)) + 1
    dates = pd.date_range("2020-01-01", periods=grid, freq="D").strftime("%Y-%m-%d")
    index = np.arange(rows)
    stats = pd.DataFrame({
        "date": np.asarray(dates)[index // (len(metrics) * len(accounts))],
        "channel": np.where(index % 2 == 0, "facebook", "instagram"),
        "account": accounts[(index // len(metrics)) % len(accounts)],
        "metric": metrics[index % len(metrics)],
        "value": rng.integers(0, 100_000, rows),
    })
    stats["channel"] = np.where(((index // len(metrics)) % len(accounts)) % 2 == 0, "facebook", "instagram")
    assert days and not stats.duplicated(["date", "channel", "account", "metric"]).any()
    stats.to_csv(folder / "channel_stats.csv", index=False)


def status_mib(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS: now, VmHWM: peak), in MiB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(mode: str, folder: Path, home: Path) -> dict:
    """Run in a child process: one measurement, returned as JSON on stdout."""
    os.environ["SERMO_HOME"] = str(home)
    import pandas as pd

    from sermo_helpers.config import ClientConfig
    from sermo_helpers.loaders import load_client

    client = ClientConfig(slug="benchmark", display_name="Benchmark", language="nb",
                          period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 9, 30),
                          data_folder=str(folder), own_accounts={"facebook": ("Benchmark",)}, keywords=("x",))
    import sermo_helpers.loaders.formats  # noqa: F401  (imports are not part of the timing)
    baseline = status_mib("VmRSS")
    started = time.perf_counter()
    if mode == "plain":
        frames = [pd.read_csv(folder / "mentions.csv"), pd.read_csv(folder / "channel_stats.csv")]
        rows = sum(len(frame) for frame in frames)
    else:
        data = load_client(client, use_cache=(mode != "loaders_no_cache"))
        rows = len(data.mentions) + len(data.channel_stats)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mib": status_mib("VmHWM") - baseline, "rows": rows}


def run_child(mode: str, folder: Path, home: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", mode, str(folder), str(home)],
                            check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        mode, folder, home = options.child
        print(json.dumps(measure(mode, Path(folder), Path(home))))
        return
    with tempfile.TemporaryDirectory() as temporary:
        home = Path(temporary) / "home"
        folder = home / "data" / "clients" / "benchmark"  # inside the project's data/: an allowed root
        folder.mkdir(parents=True)
        generate(folder, options.rows)
        print(f"rows_per_file: {options.rows}")
        print(f"mentions_csv_mib: {(folder / 'mentions.csv').stat().st_size / 2**20:.1f}")
        print(f"channel_stats_csv_mib: {(folder / 'channel_stats.csv').stat().st_size / 2**20:.1f}")
        results: dict[str, list[dict]] = {"plain": [], "loaders_no_cache": []}
        for _ in range(options.repeat):  # interleaved, so machine noise hits both alike
            for mode in results:
                results[mode].append(run_child(mode, folder, home))
        results["loaders_cache_write"] = [run_child("loaders_cache_write", folder, home)]
        results["loaders_cache_hit"] = [run_child("loaders_cache_hit", folder, home)
                                        for _ in range(options.repeat)]
        medians = {}
        for mode, runs in results.items():
            seconds = sorted(run["seconds"] for run in runs)[len(runs) // 2]
            peak = sorted(run["peak_mib"] for run in runs)[len(runs) // 2]
            medians[mode] = seconds
            print(f"{mode}_seconds: {seconds:.3f}")
            print(f"{mode}_peak_mib: {peak:.0f}")
            print(f"{mode}_rows: {runs[0]['rows']}")
    # Each loader run is compared with the plain run just before it: this machine's speed drifts
    # over seconds, and a pair shares the drift. The ratio of the medians is printed too.
    pairs = sorted(loaders["seconds"] / plain["seconds"]
                   for plain, loaders in zip(results["plain"], results["loaders_no_cache"]))
    print(f"paired_ratios: {' '.join(f'{ratio:.2f}' for ratio in pairs)}")
    print(f"ratio_of_medians: {medians['loaders_no_cache'] / medians['plain']:.2f}")
    print(f"ratio_vs_plain_read_csv: {statistics.median(pairs):.2f}")


if __name__ == "__main__":
    main()
