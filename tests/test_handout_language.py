"""The demo handouts speak the client's language and show none of our machinery.

Every word of the bokmål handout's own text is checked with Debian's Hunspell bokmål dictionary (quoted
mentions with bokmål, nynorsk and English), the English handout's with en_US; names and a short list
of reviewed terms are allowed (``templates/spelling.yaml``). A scan finds file paths, folders,
configuration keys, frame and column names. Both checks are shown to fail on planted mistakes.
"""
from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from sermo_helpers.config import load_client_config

# --- what a reader reads -------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
HUNSPELL_DIR = Path("/usr/share/hunspell")
DICTIONARIES = {"nb": ["nb_NO"], "en": ["en_US"]}
QUOTE_DICTIONARIES = ["nb_NO", "nn_NO", "en_US"]  # a quoted mention may be in bokmål, nynorsk or English
SKIPPED_ELEMENTS = {"style", "script"}
QUOTED = re.compile(r"«([^»]*)»|“([^”]*)”")  # quotation marks of bokmål and English


@dataclass
class HandoutText:
    """The handout's own words (headings, sentences, table headers and values, alternative texts),
    quoted mention texts, and names (authors, actors), each a list of strings."""

    own: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


class _Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = HandoutText()
        self.stack: list[tuple[str, str]] = []  # (tag, role) of open elements

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        role = "quote" if "quote" in classes else "name" if "name" in classes else ""
        if tag == "img" and attrs.get("alt"):  # words quoted in an alternative text are the mentions' own
            self.text.quotes += [quoted for pair in QUOTED.findall(attrs["alt"]) for quoted in pair if quoted]
            self.text.own.append(QUOTED.sub(" ", attrs["alt"]))
        if tag in ("img", "meta", "br", "hr", "link", "input"):
            return
        self.stack.append((tag, role))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not data.strip() or any(tag in SKIPPED_ELEMENTS for tag, _ in self.stack):
            return
        roles = {role for _, role in self.stack}
        target = self.text.quotes if "quote" in roles else self.text.names if "name" in roles else self.text.own
        target.append(data.strip())


def read_handout(markup: str) -> HandoutText:
    """The handout's text, split into its own words, quotes and names."""
    reader = _Reader()
    reader.feed(markup)
    return reader.text


# --- spelling ---------------------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# a link's or a site's address is not prose (nrk.no, fjordvikavis.no), nor a handle or hashtag
HANDLE_OR_TAG = re.compile(r"https?://\S+|[@#][\w.-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:no|com|org|net|uk|se|dk|eu|io)\b")
PSEUDONYM_CODE = re.compile(r"\b[0-9A-F]{6}\b")
NUMBER_SUFFIX = re.compile(r"\b(?:Q[1-4]|\d+(?:st|nd|rd|th|\.)|n=\d+)(?=\W|$)")  # Q3'22, 90th, 1., n=154


def words(text: str) -> list[str]:
    """The words of ``text``: handles (@name), hashtags and pseudonym codes left out; compounds with a
    hyphen are split (Hunspell checks each part)."""
    text = NUMBER_SUFFIX.sub(" ", PSEUDONYM_CODE.sub(" ", HANDLE_OR_TAG.sub(" ", text)))
    return [part for word in WORD.findall(text) for part in re.split(r"[-'’]", word) if part]


def allowed_words(language: str) -> set[str]:
    """The allow-list (``templates/spelling.yaml``): names for every language, and the reviewed
    terms of ``language`` that Debian's dictionary lacks."""
    spelling = yaml.safe_load((ROOT / "templates" / "spelling.yaml").read_text(encoding="utf-8"))
    allowed = {word for name in spelling["names"] for word in words(name)}
    allowed |= {word for term in spelling["terms"].get(language, []) for word in words(term)}
    return allowed


def channel_codes() -> set[str]:
    """The channels' codes (``facebook``, ``x``…): shown to a reader only as their names (``channel.*`` labels)."""
    labels = yaml.safe_load((ROOT / "templates" / "labels" / "common.yaml").read_text(encoding="utf-8"))
    return {key.split(".", 1)[1] for key in labels if key.startswith("channel.")}


def hunspell_unknown(tokens: list[str], dictionaries: list[str]) -> set[str]:
    """The tokens none of ``dictionaries`` knows (``hunspell -l``; a word is known if any dictionary knows it)."""
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        raise RuntimeError("hunspell is not installed: `make test` installs hunspell, hunspell-no and hunspell-en-us")
    unknown = set(tokens)
    for dictionary in dictionaries:
        if not unknown:
            break
        completed = subprocess.run([hunspell, "-d", str(HUNSPELL_DIR / dictionary), "-l", "-i", "utf-8"],
                                   input="\n".join(sorted(unknown)), capture_output=True, text=True, check=True)
        unknown = set(completed.stdout.split())
    return unknown


def misspelled(text: HandoutText, language: str, extra_names: set[str] = frozenset()) -> dict[str, set[str]]:
    """Unknown words of the handout's own text (in ``language``) and of its quotes (nb, nn or en)."""
    allowed = allowed_words(language) | {word for name in extra_names for word in words(name)}
    allowed_lower = {word.lower() for word in allowed} - channel_codes()

    def unlisted(word: str) -> bool:  # names also count in lower case (top words in a chart's text),
        return word not in allowed and word.lower() not in allowed_lower  # but a channel's code never does

    own = [word for part in text.own for word in words(part) if unlisted(word)]
    quoted = [word for part in text.quotes for word in words(part) if unlisted(word)]
    return {"own": hunspell_unknown(own, [*DICTIONARIES[language]]),
            "quotes": hunspell_unknown(quoted, QUOTE_DICTIONARIES)}


# --- our machinery ----------------------------------------------------------------------------------------

MACHINERY = [
    ("file path", re.compile(r"(?<![\w@])(?:[\w.-]+/)+[\w.-]+\.(?:ya?ml|csv|py|ipynb|json|parquet|html|pdf)\b")),
    ("folder", re.compile(r"(?<![\w.])(?:data|templates|clients|editions|notebooks|sermo_helpers)/")),
    ("absolute path", re.compile(r"(?<![\w.])/(?:home|tmp|work|usr|root)/")),
    ("identifier", re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")),  # snake_case: a key, column or frame name
    ("dotted key", re.compile(r"\b[a-z_]+\.[a-z_]+\.?[a-z_]*\b(?!\.\w)")),
]
# Dotted words that are not keys: the web addresses and abbreviations a reader may legitimately see.
NOT_KEYS = re.compile(r"^(?:[\w-]+\.)+(?:no|com|org|net|io|eu|uk)$|^(?:f\.eks|bl\.a|o\.l|e\.g|i\.e|kl|nr)\b")


def machinery(text: str, *, client_keys: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Every trace of our machinery in ``text``: file paths, folders, configuration keys, frame and
    column names (any snake_case identifier), dotted label or client-file keys."""
    found = []
    text = HANDLE_OR_TAG.sub(" ", text)  # @handles and #hashtags are how people and topics are named online
    for kind, pattern in MACHINERY:
        for match in pattern.finditer(text):
            value = match.group(0)
            if kind == "dotted key" and NOT_KEYS.match(value):
                continue
            found.append((kind, value))
    tokens = set(re.findall(r"[\w.]+", text))
    found += [("client-file key", key) for key in sorted(client_keys) if key in tokens and "_" in key]
    return found


pytestmark = pytest.mark.skipif(shutil.which("hunspell") is None,
                                reason="hunspell is not installed (`make test` installs it)")

DEMO = {"fjordvik": "nb", "coastline": "en"}


def _client_names(client) -> set[str]:
    """The names a client file declares: the client, its peers, its keywords, public figures and own accounts."""
    names = {client.display_name, *client.keywords, *client.public_figures}
    names |= {account for accounts in client.own_accounts.values() for account in accounts}
    names |= {peer.name for peer in client.peers} | {word for peer in client.peers for word in peer.keywords}
    return {name for name in names if name}


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    from sermo_helpers.render import render_edition

    out = tmp_path_factory.mktemp("editions")
    return {slug: render_edition(load_client_config(slug), out_root=out).handout.read_text(encoding="utf-8")
            for slug in DEMO}


# --- the checks themselves can fail -------------------------------------------------------------------

def test_hunspell_knows_bokmal_and_flags_english():
    assert hunspell_unknown(["svartid", "kommunen", "tirsdag", "døgn"], ["nb_NO"]) == set()
    assert hunspell_unknown(["share", "voice", "svartid"], ["nb_NO"]) == {"share", "voice"}
    assert hunspell_unknown(["response", "organization"], ["en_US"]) == set()


def test_an_english_word_planted_in_a_bokmal_label_is_found(tmp_path, monkeypatch):
    from sermo_helpers import i18n, paths, present

    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    listen = templates / "labels" / "listen.yaml"
    listen.write_text(listen.read_text(encoding="utf-8").replace(
        'nb: "Andel av omtalen"', 'nb: "Andel av omtalen (share of voice)"'), encoding="utf-8")
    monkeypatch.setattr(paths, "templates_dir", lambda: templates)
    i18n._labels.cache_clear()
    try:
        planted = present.heading("listen.share_of_voice", "nb").markup
        text = read_handout(planted + '<table><tr><td class="quote">Kva gjer eigentleg vannverket?</td>'
                                      '<td class="name">Innbygger A838F8</td></tr></table>')
        assert misspelled(text, "nb") == {"own": {"share", "of", "voice"}, "quotes": set()}
    finally:
        monkeypatch.undo()
        i18n._labels.cache_clear()
    clean = read_handout(present.heading("listen.share_of_voice", "nb").markup)
    assert misspelled(clean, "nb") == {"own": set(), "quotes": set()}


def test_a_raw_code_in_a_bokmal_sentence_is_found():
    text = read_handout('<p>Beste innleggstype (facebook): video.</p>')
    assert misspelled(text, "nb")["own"] == {"facebook"}


def test_a_planted_config_key_path_or_frame_name_is_found():
    text = ("Dataene kan ikke vise dette (judgement.playful i klientfilen). Tersklene står i "
            "data/reference/scorecard.yaml; perioden er period_start til period_end i tabellen web_traffic.")
    found = machinery(text, client_keys={"period_start", "data_folder"})
    kinds = {kind for kind, _ in found}
    assert {"dotted key", "file path", "folder", "identifier", "client-file key"} <= kinds
    assert ("client-file key", "period_start") in found and ("identifier", "web_traffic") in found
    assert machinery("Se nrk.no, f.eks. kl. 20, og @dr_kvam på X.") == []


# --- the demo handouts ----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(DEMO))
def test_every_word_of_the_handout_is_spelled_in_its_language(handouts, slug):
    client = load_client_config(slug)
    text = read_handout(handouts[slug])
    assert len(text.own) > 200 and text.quotes and text.names
    assert misspelled(text, DEMO[slug], _client_names(client)) == {"own": set(), "quotes": set()}


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(DEMO))
def test_the_handout_shows_none_of_our_machinery(handouts, slug):
    client = load_client_config(slug)
    text = read_handout(handouts[slug])
    assert machinery(" \n".join(text.own + text.quotes), client_keys=set(client.to_parameters())) == []


@pytest.mark.slow
def test_the_data_basis_is_a_titled_section_in_the_readers_words(handouts):
    text = read_handout(handouts["fjordvik"]).own
    assert "Datagrunnlag" in text and "Omtaler og meldinger" in text and "Besøk på nettstedet" in text
    english = read_handout(handouts["coastline"]).own
    assert "Data basis" in english and "Mentions and messages" in english


# --- what the handout shows: nothing twice, every figure in numbers, the client by its own noun -------------

class _Figures(html.parser.HTMLParser):
    """The handout's figures (alternative text and image data) and section headings, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[str, str]] = []  # (alt, sha256 of the src)
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        import hashlib

        attrs = dict(attrs)
        if tag == "img" and "logo" not in (attrs.get("class") or "").split():
            self.images.append((attrs.get("alt") or "", hashlib.sha256((attrs.get("src") or "").encode()).hexdigest()))
        if tag in ("h1", "h2", "h3", "h4") and "sermo-section" in (attrs.get("class") or "").split():
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def figures_and_headings(markup: str) -> _Figures:
    reader = _Figures()
    reader.feed(markup)
    return reader


def repeated(values) -> list:
    from collections import Counter

    return sorted(value for value, count in Counter(values).items() if count > 1)


def test_the_content_checks_find_a_repeated_figure_and_a_figure_without_numbers():
    png = "data:image/png;base64,AAAA"
    markup = (f'<img class="logo" src="x.svg" alt="Sermo"><h2 class="sermo-section">Tone</h2>'
              f'<img src="{png}" alt="Andel av omtalen. Fjordvik kommune: 55 %."><h2 class="sermo-section">Tone</h2>'
              f'<img src="{png}" alt="Andel av omtalen. Fjordvik kommune: 55 %."><img src="data:b" alt="Økosystemet">')
    found = figures_and_headings(markup)
    assert repeated(found.headings) == ["Tone"]
    assert repeated(alt for alt, _ in found.images) == ["Andel av omtalen. Fjordvik kommune: 55 %."]
    assert len(repeated(digest for _, digest in found.images)) == 1
    assert [alt for alt, _ in found.images if not re.search(r"\d", alt)] == ["Økosystemet"]


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(DEMO))
def test_nothing_appears_twice_in_the_handout(handouts, slug):
    found = figures_and_headings(handouts[slug])
    assert len(found.images) >= 10 and len(found.headings) >= 20
    assert repeated(found.headings) == []
    assert repeated(alt for alt, _ in found.images) == []
    assert repeated(digest for _, digest in found.images) == []


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(DEMO))
def test_every_figure_states_what_it_shows_in_numbers(handouts, slug):
    found = figures_and_headings(handouts[slug])
    assert [alt for alt, _ in found.images if not re.search(r"\d", alt)] == []
    titles = {"fjordvik": ("Det digitale økosystemet.", "Samtalenettverket", "Engasjement sammenlignet med kanalens snitt"),
              "coastline": ("The digital ecosystem.", "The conversation network", "Engagement compared with")}[slug]
    for title in titles:  # the figures that were described by their titles only
        alt = next(alt for alt, _ in found.images if alt.startswith(title))
        assert len(re.findall(r"\d+", alt.removeprefix(title))) >= 3, alt


@pytest.mark.slow
def test_the_handout_calls_the_client_by_its_own_noun(handouts):
    """Fjordvik is a municipality ("kommunen", the default of its type); Coastline's client file says "the
    health trust". The generic "virksomheten" / "the organization" is never used for either."""
    fjordvik = " ".join(read_handout(handouts["fjordvik"]).own)
    assert re.search(r"\bav kommunens egne tekster\b", fjordvik)
    assert not re.search(r"\bvirksomheten?s?\b", fjordvik, re.IGNORECASE)
    coastline = " ".join(read_handout(handouts["coastline"]).own)
    assert "of the health trust's own texts" in coastline
    assert not re.search(r"\bthe organi[sz]ation\b", coastline, re.IGNORECASE)


def test_words_quoted_in_an_alternative_text_are_read_as_the_mentions_own():
    from sermo_helpers import present
    from sermo_helpers.plots.listen import plot_top_terms

    import pandas as pd

    terms = pd.DataFrame({"term": ["boil water", "kokevarsel", "tourist office"], "mentions": [25, 138, 22]})
    alt = present.figure(plot_top_terms(terms, title="listen.top_bigrams", language="nb")).alt
    assert alt == "Mest brukte uttrykk (to ord). «boil water»: 25; «kokevarsel»: 138; «tourist office»: 22."
    text = read_handout(f'<img src="x" alt="{alt}">')
    assert text.quotes == ["boil water", "kokevarsel", "tourist office"]
    assert misspelled(text, "nb") == {"own": set(), "quotes": set()}
    unquoted = read_handout('<img src="x" alt="Mest brukte uttrykk (to ord). tourist office: 22.">')
    assert misspelled(unquoted, "nb")["own"] == {"tourist", "office"}
