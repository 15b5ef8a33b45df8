"""The ``sermo`` command: render editions, regenerate the demo data, run the evaluations.

    sermo render fjordvik            render one client's edition into editions/fjordvik/
    sermo render --all               render every client under clients/ (in parallel, with a manifest)
    sermo demo                       regenerate the demo clients' data under data/clients/
    sermo check fjordvik             validate a client file and load its data, print the load report
    sermo evaluate sentiment         sentiment and language figures on ../shared/data (dev split)
    sermo evaluate response-times    response-time figures on the IBM customer-care conversations
    sermo evaluate language-policy   error of the estimated nynorsk share on NorDial samples of known composition

Exit status: 0 when everything succeeded, 1 when something failed (the message says what), 2 for
wrong usage, 130 when interrupted (Ctrl-C or SIGTERM).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .errors import SermoError

DEFAULT_EVALUATION_DATA = Path("../shared/data")


def _print_figures(figures: dict) -> None:
    for name, value in figures.items():
        print(f"{name}: {value:.4f}" if isinstance(value, float) else f"{name}: {value}")


def _client_names(arguments) -> list[str]:
    if arguments.all:
        names = sorted(path.stem for path in paths.clients_dir().glob("*.yaml"))
        if not names:
            raise SermoError(f"No client files in {paths.clients_dir()}.")
        return names
    if not arguments.clients:
        raise SermoError("Name at least one client (e.g. `sermo render fjordvik`) or use --all.")
    return arguments.clients


def _print_record(record: dict) -> None:
    """One plain line per finished edition (the PDF's path too, when one was printed)."""
    if record["status"] == "ok":
        timings = record["timings"]
        pdf = f"; PDF: {record['pdf']}" if record.get("pdf") else ""
        print(f"rendered {record['client']}: {record['handout']}{pdf} "
              f"(execute {timings['execute']:.1f} s, export {timings['export']:.1f} s)", flush=True)
    else:
        print(f"FAILED {record['client']}: {record['error']['message']}", file=sys.stderr, flush=True)


def command_render(arguments) -> int:
    from .batch import MANIFEST_NAME, render_clients

    out_root = arguments.out or paths.editions_dir()
    run = render_clients(_client_names(arguments), workers=arguments.workers, out_root=out_root,
                         scheduler=arguments.scheduler, pdf=arguments.pdf, progress=not arguments.quiet,
                         allow_partial=arguments.allow_partial, on_record=_print_record)
    if run["manifest_error"]:
        print(f"error: {run['manifest_error']}", file=sys.stderr)
    manifest = "" if run["manifest_error"] else f"; manifest: {out_root / MANIFEST_NAME}"
    if run["interrupted"]:
        print(f"interrupted: {run['succeeded']} succeeded, {run['failed']} failed, not finished: "
              f"{', '.join(run['not_finished']) or 'none'} (their last good editions are kept){manifest}",
              file=sys.stderr)
        return 130
    print(f"{run['succeeded']} succeeded, {run['failed']} failed{manifest}")
    return 1 if run["failed"] or run["manifest_error"] else 0


def command_demo(arguments) -> int:
    from .demo import write_demo_data

    for path in write_demo_data(arguments.root):
        print(f"wrote {path}")
    return 0


def command_check(arguments) -> int:
    """Every file of the client's data folder with what happened to it; exit 1 when any was refused."""
    from .config import load_client_config
    from .loaders import load_client
    from .loaders.proposal import proposals_for

    client = load_client_config(arguments.client)
    data = load_client(client, allow_partial=True)
    report = data.report.drop_duplicates(["file", "frame"])
    print(f"{client.slug}: {report['file'].nunique()} files in {client.data_folder}")
    for row in report.itertuples():
        rows = f"{row.rows:,} {row.frame} rows" if row.frame else ""
        detail = "; ".join(filter(None, [row.format if row.format not in ("", "skipped") else "", rows]))
        print(f"  {row.status:<12} {row.file}" + (f"  ({detail})" if detail else ""))
        if row.warnings:
            for note in row.warnings.split("; "):
                print(f"      {note}")
    for text in proposals_for(client, data.report):
        print(text)
    refused = report.loc[report["status"] == "refused", "file"].unique()
    counts = report.drop_duplicates("file")["status"].value_counts()
    print(", ".join(f"{count} {status}" for status, count in counts.items()))
    if len(refused):
        print(f"{len(refused)} files refused: " + ", ".join(refused) + ". `sermo render` refuses this client "
              "until they are fixed, listed under ignore_files:, or --allow-partial is given.", file=sys.stderr)
        return 1
    return 0


def command_evaluate(arguments) -> int:
    if not arguments.data_dir.is_dir():
        raise SermoError(f"No evaluation data at {arguments.data_dir}: pass --data-dir with the folder laid out "
                         "as described in ../shared/data/README.md.")
    if arguments.what == "sentiment":
        from .text.evaluate import evaluate_sentiment

        confusion = arguments.confusion_file or Path(f"sentiment_confusion_{arguments.split}.csv")
        _print_figures(evaluate_sentiment(arguments.data_dir, arguments.split, confusion_path=confusion))
        print(f"confusion_matrices: {confusion}")
    elif arguments.what == "language-policy":
        from .strategy.evaluate import evaluate_language_policy

        _print_figures(evaluate_language_policy(arguments.data_dir, arguments.split))
    else:
        from .engage.evaluate import evaluate_response_times

        _print_figures(evaluate_response_times(arguments.data_dir, arguments.split))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sermo", description="Sermo social-media strategy workbook.")
    commands = parser.add_subparsers(dest="command", required=True)

    render = commands.add_parser("render", help="render client editions (handout + executed notebooks)")
    render.add_argument("clients", nargs="*", help="client slugs or client files")
    render.add_argument("--all", action="store_true", help="every client under clients/")
    render.add_argument("--out", type=Path, default=None, help="output folder (default: editions/)")
    render.add_argument("--workers", type=int, default=None, help="parallel editions (default: the cores)")
    render.add_argument("--scheduler", default=None,
                        help="Dask distributed scheduler address (tcp://host:port) instead of local processes")
    render.add_argument("--pdf", action="store_true", help="also print handout.pdf with headless Chromium")
    render.add_argument("--quiet", action="store_true", help="no progress bar")
    render.add_argument("--allow-partial", action="store_true",
                        help="render from the files that load when some are refused; the handout's data basis "
                             "names the files left out and why")
    render.set_defaults(handler=command_render)

    demo = commands.add_parser("demo", help="regenerate the demo clients' data (deterministic)")
    demo.add_argument("--root", type=Path, default=None, help="project root to write into (default: this project)")
    demo.set_defaults(handler=command_demo)

    check = commands.add_parser("check", help="validate a client file and load its data")
    check.add_argument("client", help="client slug or file")
    check.set_defaults(handler=command_check)

    evaluate = commands.add_parser("evaluate", help="measure the scorers and metrics on labelled data")
    evaluate.add_argument("what", choices=["sentiment", "response-times", "language-policy"])
    evaluate.add_argument("--data-dir", type=Path, default=DEFAULT_EVALUATION_DATA)
    evaluate.add_argument("--split", default="dev")
    evaluate.add_argument("--confusion-file", type=Path, default=None,
                          help="sentiment: where to write the per-corpus confusion matrices as CSV "
                               "(default: sentiment_confusion_<split>.csv in the current folder)")
    evaluate.set_defaults(handler=command_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure ends in one line on stderr, never a traceback."""
    from .files import describe_os_error

    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except SermoError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. an unreadable data file, a read-only or full output folder
        print(f"error: {describe_os_error(error, 'cannot use')}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
