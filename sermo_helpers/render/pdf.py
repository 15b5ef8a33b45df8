"""The handout printed to PDF by headless Chromium (the handout's print stylesheet applies)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..processes import child_dies_with_us

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def print_pdf(handout: Path, target: Path, *, chromium: str | None = None, timeout: float = 120) -> Path:
    """Print the handout to PDF with headless Chromium.

    Raises RenderError when Chromium is missing or fails.
    """
    import subprocess

    chromium = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RenderError("PDF needs Chromium: install Debian's chromium package (make test does).",
                          notebook=None)
    temporary = target.with_name(f".{target.name}.tmp")
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={temporary}", handout.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, preexec_fn=child_dies_with_us)
    if completed.returncode != 0 or not temporary.is_file() or temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise RenderError(f"Chromium could not print {handout} to PDF: {completed.stderr.strip()[-500:]}")
    os.replace(temporary, target)
    return target


def heading_pages(printed: Path) -> dict[str, int]:
    """The page (1 = the cover) on which each element with an id starts in a PDF printed by Chromium.

    Chromium writes a named destination for every ``id`` it prints; the contents list reads the
    headings' pages from them.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(printed))
    return {name.lstrip("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}
