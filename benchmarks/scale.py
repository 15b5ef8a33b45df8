"""Benchmark: a whole edition for clients of 250,000, 1,000,000 and 2,000,000 mentions.

Each client is generated deterministically in a temporary folder as the canonical CSV exports the
loaders accept (``mentions.csv`` plus the demo client's own posts, channel statistics and web
traffic): texts drawn from the demo clients' mentions and lengthened to realistic lengths (news,
forum and blog mentions are longer), bokmål, nynorsk and English, authors with a long tail (a few
write thousands of mentions, most write one), reply threads with the client's own answers, and
mentions of the two peers. The client file is the demo client Fjordvik's with its own slug.

Each edition is rendered in a fresh process (``render_edition``, as ``sermo render`` does in its
worker) with a cold cache (the CSV is read, validated and cached during the render). Measured:

- ``seconds``: wall time of that process, from its start to its exit (imports, kernel, export);
- ``peak_rss_mib_kernel``: the kernel's peak resident memory (``ru_maxrss`` of the reaped kernel,
  read by the render process with ``getrusage(RUSAGE_CHILDREN)``);
- ``peak_rss_mib_parent``: the render process's own peak (``VmHWM`` of ``/proc/self/status``);
- ``polled_kernel_peak_mib``: the kernel's ``VmHWM`` polled from ``/proc`` every 0.1 s (a check on
  the first figure);
- ``cpu_seconds``: user + system CPU time of the render process and its kernel (less sensitive than
  wall time to other work on a shared machine).

Growth between sizes is printed as ratios. The run ends with ``seconds_per_million_mentions`` (the
largest size's seconds divided by its millions of mentions, fixed costs included) and
``peak_gib_at_2m`` (the larger of kernel and parent peaks at 2,000,000 mentions; ``nan`` when that
size was not run).

    .venv/bin/python benchmarks/scale.py              # 250k, 1M, 2M (about 6 minutes and 6 GB before issue 19)
    .venv/bin/python benchmarks/scale.py --quick      # 250k only (CI's smoke test)
    .venv/bin/python benchmarks/scale.py --sizes 1000000 --profile   # kernel memory per notebook cell
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (250_000, 1_000_000, 2_000_000)
PERIOD = ("2026-04-01", "2026-09-30")
SUBJECTS = (("fjordvik", 0.6), ("havnes", 0.22), ("sjoberg", 0.18))
OWN_HANDLES = {"facebook": "fjordvikkommune", "instagram": "fjordvikkommune", "x": "FjordvikKommune"}
RESPONDERS = ("AH", "BK", "CL", "DM", "EN")
FIRST = ("kari", "ola", "ingrid", "lars", "nora", "jonas", "emma", "magnus", "sofie", "henrik", "ida",
         "per", "marte", "sindre", "thea", "anders", "silje", "eirik", "hanne", "tor", "maria", "olav",
         "astrid", "knut", "liv", "james", "sarah", "david", "emily", "tom")
LAST = ("hansen", "johansen", "olsen", "larsen", "andersen", "pedersen", "nilsen", "kristiansen",
        "jensen", "karlsen", "johnsen", "pettersen", "eriksen", "berg", "haugen", "hagen", "johannessen",
        "andreassen", "jacobsen", "dahl", "jørgensen", "halvorsen", "henriksen", "lund", "sørensen",
        "moen", "smith", "brown", "taylor", "wilson")
NYNORSK = ("Kvifor er vegen framleis stengd ved skulen?", "Eg synest kommunen gjer ein god jobb med brøytinga.",
           "Ikkje noko informasjon om korleis bussen går i dag.", "Takk til alle tilsette på sjukeheimen!",
           "Kven kan eg kontakte om byggjesaka mi?", "Det er dårleg at biblioteket er stengt i heile veke.")


def _demo_pool():
    """Texts, channels and domains of the demo clients' mentions (citizens') and replies (own)."""
    import pandas as pd

    frames = [pd.read_csv(ROOT / "data" / "clients" / slug / "mentions.csv", dtype=str, keep_default_na=False)
              for slug in ("fjordvik", "coastline")]
    mentions = pd.concat(frames, ignore_index=True)
    citizens = mentions[mentions["is_own"] != "true"]
    own = mentions[(mentions["is_own"] == "true") & mentions["channel"].isin(list(OWN_HANDLES))]
    return citizens.reset_index(drop=True), own["text"].drop_duplicates().to_numpy()


def generate_mentions(rows: int, *, seed: int = 19, client: str = "fjordvik"):
    """A deterministic canonical mentions frame of ``rows`` rows (all columns as export text).

    ``client`` is the client's slug: the ``subject`` of its mentions (the peers are the demo client's)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pool, own_texts = _demo_pool()
    texts = pool["text"].to_numpy()
    # a few nynorsk sentences join the pool, so all three languages are there in realistic shares
    texts = np.concatenate([texts, np.array(NYNORSK * max(1, len(texts) // 60), dtype=object)])
    source = rng.integers(0, len(pool), rows)
    channel = pool["channel"].to_numpy()[source]
    domain = pool["source_domain"].to_numpy()[source]
    outlet = pool["author"].to_numpy()[source]

    # roles: 6 % the client's own answers, 18 % citizens' replies, the rest new conversations
    role = rng.choice(np.array([0, 1, 2], dtype=np.int8), size=rows, p=[0.76, 0.18, 0.06])
    roots = np.flatnonzero(role == 0)
    start = pd.Timestamp(PERIOD[0], tz="Europe/Oslo").tz_convert("UTC")
    span = int((pd.Timestamp(PERIOD[1], tz="Europe/Oslo") + pd.Timedelta(days=1)
                - pd.Timestamp(PERIOD[0], tz="Europe/Oslo")).total_seconds())
    seconds = rng.integers(0, span, rows).astype(np.int64)
    # spikes: eight days carry five times their share of new conversations
    spike_days = rng.choice(span // 86400, 8, replace=False)
    in_spike = rng.random(rows) < 0.12
    seconds[in_spike] = spike_days[rng.integers(0, 8, in_spike.sum())] * 86400 + rng.integers(0, 86400, in_spike.sum())

    subject = np.array([name for name, _ in SUBJECTS])[rng.choice(len(SUBJECTS), rows, p=[p for _, p in SUBJECTS])]
    subject = np.where(subject == SUBJECTS[0][0], client, subject)
    ids = (1_790_000_000_000_000_000 + np.arange(rows, dtype=np.int64) * 104_729
           + rng.integers(0, 1000, rows)).astype(str).astype(object)
    in_reply_to = np.full(rows, "", dtype=object)
    thread_id = np.full(rows, "", dtype=object)
    # every reply answers a new conversation (its thread) of the same channel and subject where it can
    parent = roots[rng.integers(0, len(roots), rows)]
    replies = role != 0
    own = role == 2
    fjordvik_roots = roots[(subject[roots] == client) & np.isin(channel[roots], list(OWN_HANDLES))]
    parent[own] = fjordvik_roots[rng.integers(0, len(fjordvik_roots), own.sum())]
    channel[replies], domain[replies], subject[replies] = channel[parent[replies]], domain[parent[replies]], subject[parent[replies]]
    delay = rng.exponential(4 * 3600, rows).astype(np.int64) + 60
    seconds[replies] = np.minimum(seconds[parent[replies]] + delay[replies], span - 1)
    in_reply_to[replies] = ids[parent[replies]]
    thread_id[replies] = ids[parent[replies]]
    # a third of citizens' replies answer one of the client's answers in the same thread
    follow = (role == 1) & (rng.random(rows) < 0.33)
    own_rows = np.flatnonzero(own)
    chosen = own_rows[rng.integers(0, len(own_rows), follow.sum())]
    in_reply_to[follow] = ids[chosen]
    thread_id[follow] = thread_id[chosen]
    channel[follow], domain[follow], subject[follow] = channel[chosen], domain[chosen], subject[chosen]
    seconds[follow] = np.minimum(seconds[chosen] + delay[follow], span - 1)

    # authors: a long tail (Pareto ranks): the most active writes about 0.5 %, most write once or twice
    population = max(1000, rows // 3)
    rank = (200 * ((1 - rng.random(rows)) ** (-1 / 1.1) - 1)).astype(np.int64) % population
    first, last = np.array(FIRST)[rank % len(FIRST)], np.array(LAST)[(rank // len(FIRST)) % len(LAST)]
    handle = pd.Series(first, dtype=object) + "_" + pd.Series(last, dtype=object) + pd.Series(rank.astype(str), dtype=object)
    name = (pd.Series(first, dtype=object).str.capitalize() + " " + pd.Series(last, dtype=object).str.capitalize()
            + " " + pd.Series((rank // 900).astype(str), dtype=object))
    social = np.isin(channel, ["x", "instagram"])
    author = np.where(social, "@" + handle.to_numpy(), name.to_numpy())
    author = np.where(np.isin(channel, ["news"]), outlet, author)
    author[own] = np.vectorize(OWN_HANDLES.get)(channel[own])

    # texts: one pool sentence, longer for news, forums and blogs (several sentences), some for others
    text = pd.Series(texts[rng.integers(0, len(texts), rows)], dtype=object)
    long_form = np.isin(channel, ["news", "forum", "blog"])
    extra = np.where(long_form, rng.integers(2, 8, rows), (rng.random(rows) < 0.35) * rng.integers(1, 3, rows))
    for step in range(1, 8):
        more = extra >= step
        text[more] = text[more] + " " + texts[rng.integers(0, len(texts), int(more.sum()))]
    # most texts are unique, as in a real archive: many name another author (@handle) or carry a
    # hashtag; a share of the rest are exact copies (shares, retweets, copied complaints)
    tagged = rng.random(rows)
    named = (tagged < 0.45) & social
    text[named] = text[named] + " @" + handle.to_numpy()[rng.integers(0, rows, int(named.sum()))]
    hashed = (tagged >= 0.45) & (tagged < 0.85)
    text[hashed] = (text[hashed] + " #" + pd.Series(np.array(["sak", "fjordvik", "havnes", "kommune", "vei"])[
        rng.integers(0, 5, int(hashed.sum()))], dtype=object).to_numpy() + rng.integers(0, 20_000, int(hashed.sum())).astype(str))
    text[own] = own_texts[rng.integers(0, len(own_texts), own.sum())]

    followers = np.round(rng.lognormal(5.0, 1.6, rows)).astype(np.int64)
    reach = np.round(followers * rng.uniform(0.2, 1.5, rows)).astype(np.int64)
    engagement = rng.geometric(0.3, rows) - 1
    order = np.argsort(seconds, kind="stable")
    published = (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    url = np.where(channel == "x", "https://x.com/status/", np.where(
        channel == "facebook", "https://www.facebook.com/", np.where(
            channel == "instagram", "https://www.instagram.com/p/", "https://" + domain + "/a/"))) + ids
    frame = pd.DataFrame({
        "mention_id": ids, "published_at": np.asarray(published), "channel": channel, "source_domain": domain,
        "url": url, "author": author, "author_followers": np.where(own, "", followers.astype(str)),
        "text": text.to_numpy(), "language": "", "reach": np.where(own, "", reach.astype(str)),
        "engagement": engagement, "in_reply_to": in_reply_to, "thread_id": thread_id,
        "is_own": np.where(own, "true", "false"), "responder": np.where(own, np.array(RESPONDERS)[rank % 5], ""),
        "subject": subject, "source_sentiment": "",
    })
    return frame.iloc[order].reset_index(drop=True)


def write_client(root: Path, rows: int) -> Path:
    """Write a client of ``rows`` mentions under ``root``; return its client file."""
    import yaml

    slug = f"scale-{rows}"
    folder = root / "data-clients" / slug
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "mentions.csv").is_file():  # a kept client (--keep) is reused: generation is deterministic
        # the client's mentions carry its own slug as subject (with the demo's, the edition would
        # find no mention about the client and skip its per-client analyses)
        generate_mentions(rows, client=slug).to_csv(folder / ".mentions.csv.tmp", index=False)
        os.replace(folder / ".mentions.csv.tmp", folder / "mentions.csv")
    for name in ("posts.csv", "channel_stats.csv", "web_traffic.csv"):
        shutil.copyfile(ROOT / "data" / "clients" / "fjordvik" / name, folder / name)
    settings = yaml.safe_load((ROOT / "clients" / "fjordvik.yaml").read_text(encoding="utf-8"))
    settings.update(slug=slug, display_name=f"Skala {rows:,}".replace(",", " "), data_folder=str(folder))
    path = root / "clients" / f"{slug}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


def project_root(root: Path) -> Path:
    """A project root for the runs: this project's notebooks, templates and reference data, its own
    ``editions/`` (so the Parquet cache of the large clients never lands in the project), and a
    ``settings.yaml`` that lets the loaders read the generated clients' folder."""
    for name in ("notebooks", "templates", "data"):
        target = root / name
        if target.is_symlink() and target.resolve() != (ROOT / name).resolve():
            target.unlink()  # a kept folder made by another checkout: this checkout's notebooks
        if not target.exists():
            target.symlink_to(ROOT / name, target_is_directory=True)
    (root / "editions").mkdir(exist_ok=True)
    # the generated clients' folder is one the loaders may read (see loaders/folder.py)
    (root / "settings.yaml").write_text(f"data_roots: [{json.dumps(str(root / 'data-clients'))}]\n", encoding="utf-8")
    return root


def render_in_this_process(client_file: str, out: str) -> None:
    """The fresh process: render one edition, print its measurements as JSON."""
    from sermo_helpers.config import load_client_config
    from sermo_helpers.render import render_edition

    client = load_client_config(client_file)
    result = render_edition(client, out_root=Path(out))
    parent = 0.0
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                parent = int(line.split()[1]) / 1024
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    kernel = children.ru_maxrss / 1024  # KiB on Linux
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(json.dumps({"parent_mib": parent, "kernel_mib": kernel, "cpu_seconds": cpu, "timings": result.timings,
                      "handout": str(result.handout)}))


class KernelPoller(threading.Thread):
    """Polls the descendants of a process every ``interval`` seconds: the kernel's RSS over time."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []  # (unix time, kernel VmRSS MiB)
        self.kernel_peak = 0.0
        self.stop = threading.Event()

    def _kernel_pids(self) -> list[int]:
        children = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            for child in children.get(pid, []):
                todo.append(child)
                try:
                    with open(f"/proc/{child}/cmdline", "rb") as handle:
                        if b"ipykernel" in handle.read():
                            found.append(child)
                except OSError:
                    pass
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self._kernel_pids():
                try:
                    with open(f"/proc/{pid}/status") as handle:
                        status = {line.split(":")[0]: line.split()[1] for line in handle if line.startswith("Vm")}
                    self.samples.append((time.time(), int(status["VmRSS"]) / 1024))
                    self.kernel_peak = max(self.kernel_peak, int(status["VmHWM"]) / 1024)
                except (OSError, KeyError, IndexError):
                    pass
            self.stop.wait(self.interval)


def measure(client_file: Path, home: Path) -> dict:
    out = home / "editions"
    env = dict(os.environ, SERMO_HOME=str(home), PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--render", str(client_file), str(out)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    poller = KernelPoller(process.pid)
    poller.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    poller.stop.set()
    poller.join()
    if process.returncode != 0:
        raise SystemExit(f"render of {client_file.stem} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(seconds=seconds, polled_kernel_mib=poller.kernel_peak, samples=poller.samples)
    return result


def cell_profile(handout: Path, samples: list[tuple[float, float]], top: int) -> list[str]:
    """Lines naming the cells whose run raised the kernel's RSS most (from papermill's cell times)."""
    import nbformat

    rows = []
    for notebook in sorted((handout.parent / "notebooks").glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
            meta = cell.metadata.get("papermill", {})
            if cell.cell_type != "code" or not meta.get("start_time") or not meta.get("end_time"):
                continue
            begin = dt.datetime.fromisoformat(meta["start_time"]).timestamp()
            end = dt.datetime.fromisoformat(meta["end_time"]).timestamp()
            before = [mib for when, mib in samples if when <= begin]
            during = [mib for when, mib in samples if begin <= when <= end + 0.1]
            if not during:
                continue
            base = before[-1] if before else during[0]
            lines = [line for line in cell.source.splitlines()
                     if line.strip() and not line.startswith(("from ", "import ", "#", " "))]
            where = cell.metadata.get("sermo", {}).get("cell_index", index)
            rows.append((max(during) - base, max(during), meta.get("duration") or 0.0, notebook.stem, where,
                         lines[0][:90] if lines else ""))
    rows.sort(reverse=True)
    return [f"  {stem} cell {index:2d}: +{rise:6.0f} MiB (peak {peak:6.0f} MiB, {seconds:6.1f} s)  {source}"
            for rise, peak, seconds, stem, index, source in rows[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 250,000 mentions (CI's smoke test)")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="mention counts to run")
    parser.add_argument("--profile", action="store_true", help="print the cells that raise the kernel's memory most")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the generated clients and the last editions in this folder (and reuse its clients)")
    parser.add_argument("--render", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.render:
        render_in_this_process(*options.render)
        return
    sizes = options.sizes or ((SIZES[0],) if options.quick else SIZES)
    work = options.keep or Path(tempfile.mkdtemp(prefix="sermo-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    try:
        home = project_root(work)
        for rows in sizes:
            started = time.perf_counter()
            client_file = write_client(work, rows)
            csv = work / "data-clients" / client_file.stem / "mentions.csv"
            print(f"mentions: {rows}")
            print(f"  generate_seconds: {time.perf_counter() - started:.1f}")
            print(f"  mentions_csv_mib: {csv.stat().st_size / 2**20:.0f}")
            shutil.rmtree(home / "editions", ignore_errors=True)  # a cold cache for every run
            (home / "editions").mkdir()
            result = measure(client_file, home)
            results[rows] = result
            timings = result["timings"]
            print(f"  seconds: {result['seconds']:.1f}")
            print(f"  cpu_seconds: {result['cpu_seconds']:.1f}")
            print(f"  kernel_start_seconds: {timings.get('kernel_start', float('nan')):.1f}")
            print(f"  cells_seconds: {timings.get('cells', float('nan')):.1f}")
            print(f"  export_seconds: {timings.get('export', float('nan')):.1f}")
            print(f"  peak_rss_mib_kernel: {result['kernel_mib']:.0f}")
            print(f"  peak_rss_mib_parent: {result['parent_mib']:.0f}")
            print(f"  polled_kernel_peak_mib: {result['polled_kernel_mib']:.0f}", flush=True)
            if options.profile:
                print("  cells raising the kernel's memory most:")
                print("\n".join(cell_profile(Path(result["handout"]), result["samples"], 15)), flush=True)
            if not options.keep:
                shutil.rmtree(csv.parent)
        ordered = sorted(results)
        for small, large in zip(ordered, ordered[1:]):
            a, b = results[small], results[large]
            print(f"growth_{small}_to_{large}: mentions x{large / small:.2f}, seconds x{b['seconds'] / a['seconds']:.2f}, "
                  f"kernel_peak x{b['kernel_mib'] / a['kernel_mib']:.2f}, "
                  f"kernel_mib_per_extra_million: {(b['kernel_mib'] - a['kernel_mib']) / ((large - small) / 1e6):.0f}, "
                  f"seconds_per_extra_million: {(b['seconds'] - a['seconds']) / ((large - small) / 1e6):.1f}")
        largest = ordered[-1]
        print(f"cpu_seconds_per_million_mentions: {results[largest]['cpu_seconds'] / (largest / 1e6):.1f}")
        print(f"seconds_per_million_mentions: {results[largest]['seconds'] / (largest / 1e6):.1f}")
        at_2m = results.get(2_000_000)
        peak = max(at_2m["kernel_mib"], at_2m["parent_mib"]) / 1024 if at_2m else float("nan")
        print(f"peak_gib_at_2m: {peak:.2f}")
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
