import hashlib
import hmac
import os
import re

import numpy as np
import pandas as pd
import pytest

from sermo_helpers.config import validate_client_config
from sermo_helpers.errors import AnalysisError
from sermo_helpers.privacy import is_public_name, pseudonym, pseudonym_code, pseudonymise


def code(name: str, slug: str = "testby") -> str:
    """The code computed here from its definition: HMAC-SHA-256 keyed with the installation's secret
    (the tests' one, from tests/conftest.py) of "<slug>\\x00<name lower-cased, without @, blanks collapsed>"."""
    secret = os.environ["SERMO_PSEUDONYM_SECRET"].encode()
    return hmac.new(secret, f"{slug}\x00{name}".encode(), hashlib.sha256).hexdigest()[:6].upper()


@pytest.fixture
def client(minimal_config):
    raw = {**minimal_config, "own_accounts": {"facebook": ["testbykommune"], "x": ["TestbyKommune"]},
           "peers": [{"slug": "naboby", "name": "Naboby kommune"}], "public_figures": ["Ordfører Olsen", "@kystforskar"]}
    return validate_client_config(raw, source="test")


@pytest.fixture
def other_client(minimal_config):
    return validate_client_config({**minimal_config, "slug": "annenby"}, source="test")


def test_codes_are_stable_keyed_by_client_and_ignore_case_and_at(client, other_client):
    # A pseudonym must stay the same in every edition of a client, and differ between clients.
    assert pseudonym_code("@vasskjelda", client) == code("vasskjelda")
    assert pseudonym_code("Vasskjelda", client) == code("vasskjelda")
    assert pseudonym_code(" @VASSKJELDA ", client) == code("vasskjelda")
    assert pseudonym_code("@vasskjelda", other_client) == code("vasskjelda", "annenby") != code("vasskjelda")
    assert pseudonym("Kari Nordmann", client) == f"Innbygger {code('kari nordmann')}"
    assert pseudonym("kari  nordmann", client, language="en") == f"Citizen {code('kari nordmann')}"


@pytest.mark.parametrize("name, public", [
    ("testbykommune", True), ("@TestbyKommune", True), ("Testby kommune", True),   # own accounts and name
    ("Ordfører Olsen", True), ("@KYSTFORSKAR", True),                              # public figures
    ("Naboby kommune", True), ("naboby", True),                                     # peers
    ("nrk.no", True), ("https://www.bt.no/x", True), ("NRK", True), ("Bergens Tidende", True),  # outlets
    ("@vasskjelda", False), ("Kari Nordmann", False), ("ola.nordmann", False),
    (None, True), ("", True),
])
def test_who_keeps_their_name(client, name, public):
    assert is_public_name(name, client) is public


def test_pseudonymise_replaces_private_persons_only(client):
    frame = pd.DataFrame({"author": pd.Series(["@vasskjelda", "NRK", None, "@vasskjelda", "Ordfører Olsen"],
                                              dtype="str"),
                          "reach": [1.0, 2.0, 3.0, 4.0, 5.0]})
    before = frame.copy()
    result = pseudonymise(frame, client)
    assert result["author"].tolist()[:2] == [f"Innbygger {code('vasskjelda')}", "NRK"]
    assert pd.isna(result.loc[2, "author"])
    assert result["author"].tolist()[3:] == [f"Innbygger {code('vasskjelda')}", "Ordfører Olsen"]
    assert result["author"].dtype == "str"
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_series_equal(result["reach"], frame["reach"])


def test_pseudonymise_several_columns_and_handles_in_text(client):
    frame = pd.DataFrame({"source": ["@vasskjelda"], "target": ["TestbyKommune"],
                          "text": ["Enig med @vasskjelda og @kystforskar, skriv til a@b.no"]})
    result = pseudonymise(frame, client, columns=("source", "target"), text_columns=("text",), language="en")
    assert result.loc[0, "source"] == f"Citizen {code('vasskjelda')}" and result.loc[0, "target"] == "TestbyKommune"
    assert result.loc[0, "text"] == f"Enig med Citizen {code('vasskjelda')} og @kystforskar, skriv til a@b.no"


def test_no_private_handle_survives(client):
    handles = [f"@person{i}" for i in range(300)]
    result = pseudonymise(pd.DataFrame({"author": handles}), client)
    assert not result["author"].str.contains("@person").any()
    assert result["author"].str.fullmatch(r"Innbygger [0-9A-F]{6}").all()
    assert result["author"].nunique() == 300


def test_missing_column_is_named(client):
    with pytest.raises(AnalysisError, match="'actor'"):
        pseudonymise(pd.DataFrame({"author": ["x"]}), client, columns=("actor",))


def test_the_code_format(client):
    assert re.fullmatch(r"[0-9A-F]{6}", pseudonym_code("anyone", client))


def test_pseudonymising_twice_keeps_the_first_pseudonym():
    import pandas as pd

    from sermo_helpers.config import load_client_config
    from sermo_helpers.privacy import is_pseudonym, pseudonymise

    client = load_client_config("fjordvik")
    frame = pd.DataFrame({"author": ["@vasskjelda", "Fjordvik Avis", None]})
    once = pseudonymise(frame, client)
    twice = pseudonymise(once, client)
    assert twice["author"].tolist()[:2] == once["author"].tolist()[:2]
    assert is_pseudonym(once["author"][0]) and not is_pseudonym("@vasskjelda")
    assert is_pseudonym("Citizen 3F9A2C") and not is_pseudonym("Citizen 3F9A2")


# ---------------------------------------------------------------------------------------------
# Masking personal data in texts (issue 18, item 6)
# ---------------------------------------------------------------------------------------------
def national_id(birth: str, individual: str) -> str:
    """A fødselsnummer with its two check digits computed by the published mod-11 rule."""
    digits = [int(c) for c in birth + individual]
    first = 11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11
    first = 0 if first == 11 else first
    second = 11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits + [first])) % 11
    second = 0 if second == 11 else second
    assert first != 10 and second != 10, "choose another individual number"
    return birth + individual + str(first) + str(second)


VALID_ID = national_id("150765", "005")   # 15 July 1965
D_NUMBER = national_id("550190", "123")   # a D-number: day + 40


def test_national_id_check_digits():
    from sermo_helpers.privacy import is_national_id

    assert VALID_ID == "15076500565" and is_national_id(VALID_ID) and is_national_id(D_NUMBER)
    wrong = VALID_ID[:-1] + str((int(VALID_ID[-1]) + 1) % 10)
    assert not is_national_id(wrong)
    assert not is_national_id("32136500000")  # no such date


@pytest.mark.parametrize("text, expected", [
    ("Skriv til kari.nordmann@gmail.com i dag", "Skriv til [e-post] i dag"),
    ("Ring 91234567!", "Ring [telefon]!"),
    ("Ring 912 34 567 eller 22 33 44 55", "Ring [telefon] eller [telefon]"),
    ("Ring +47 912 34 567, +4791234567 eller 0047 4123 4567", "Ring [telefon], [telefon] eller [telefon]"),
    ("Tlf. 912-34-567.", "Tlf. [telefon]."),
    (f"Mitt fnr er {VALID_ID}", "Mitt fnr er [fødselsnummer]"),
    (f"fnr {VALID_ID[:6]} {VALID_ID[6:]} og D-nr {D_NUMBER}", "fnr [fødselsnummer] og D-nr [fødselsnummer]"),
    ("＠kari and ９１２３４５６７", "@kari and [telefon]"),  # NFKC first: full-width forms count
])
def test_personal_data_in_texts_is_masked(text, expected):
    from sermo_helpers.privacy import mask_personal_data

    assert mask_personal_data(text) == expected


@pytest.mark.parametrize("text", [
    "Møtet er 2026-04-01 kl. 12:00",        # dates and times
    "Budsjettet er 12 500 000 kroner",       # amounts grouped in thousands
    "Saksnummer 12345678 (starts with 1)",   # 8 digits starting with 1: not a Norwegian number
    "Ring 0123 4567 eller 1881",             # not eight digits starting 2-9
    "Kontonummer 1234.56.78903",             # not a phone grouping
    "IP 10.20.30.40 og versjon 2.3.4",
    "Tallet 15076500566 har feil kontrollsiffer",  # 11 digits with a wrong check digit
    "Ola sa: skriv @ meg",
])
def test_what_is_not_personal_data_stays(text):
    from sermo_helpers.privacy import mask_personal_data

    assert mask_personal_data(text) == text


def test_masks_are_in_the_clients_language():
    from sermo_helpers.privacy import mask_personal_data

    assert mask_personal_data(f"a@b.no 91234567 {VALID_ID}", language="en") == \
        "[e-mail] [phone] [national id number]"


def protected_demo(client, texts, authors, channels=None):
    from sermo_helpers.loaders import ClientData
    from sermo_helpers.privacy import protect_personal_data
    from sermo_helpers.schema import CHANNEL_STATS, MENTIONS, POSTS, WEB_TRAFFIC

    count = len(texts)
    mentions = MENTIONS.validate(pd.DataFrame({
        "mention_id": [str(number) for number in range(count)],
        "published_at": [f"2026-04-{number % 28 + 1:02d}T10:00:00+00:00" for number in range(count)],
        "channel": channels or ["facebook"] * count, "author": authors, "text": texts,
        "reach": [10.0] * count}))
    posts = POSTS.validate(pd.DataFrame({"post_id": ["p1"], "channel": ["facebook"], "account": ["testbykommune"],
                                         "published_at": ["2026-04-02T10:00:00+00:00"],
                                         "text": ["Spørsmål? Send e-post til ola@gmail.com"]}))
    data = ClientData(channel_stats=CHANNEL_STATS.empty(), posts=posts, mentions=mentions,
                      web_traffic=WEB_TRAFFIC.empty(), report=None)
    return protect_personal_data(data, client)


def test_a_private_authors_full_name_is_masked_wherever_it_occurs_and_never_becomes_a_top_term(client):
    # "kari nordmann" became the top two-word phrase of a figure (item 6).
    from sermo_helpers.listen.terms import top_terms

    texts = ([f"Kari Nordmann har rett om vannet {n}" for n in range(6)]
             + ["Enig med kari  nordmann, ring henne på 912 34 567", "KARI NORDMANN skriver kari.n@online.no",
                f"fnr {VALID_ID} lagt ut av Kari-Nordmann", "Brunt vann igjen", "Brunt vann",
                "Hei fra Ola Hansen"])
    authors = ["Kari Nordmann"] + ["@vasskjelda"] * (len(texts) - 2) + ["Ordfører Olsen"]
    protected = protected_demo(client, texts, authors)
    kari = f"Innbygger {code('kari nordmann')}"
    mentions = protected.mentions
    assert mentions.loc[0, "author"] == kari and mentions.loc[0, "text"] == f"{kari} har rett om vannet 0"
    assert mentions.loc[6, "text"] == f"Enig med {kari}, ring henne på [telefon]"
    assert mentions.loc[7, "text"] == f"{kari} skriver [e-post]"
    assert mentions.loc[8, "text"] == f"fnr [fødselsnummer] lagt ut av {kari}"
    assert mentions.loc[11, "text"] == "Hei fra Ola Hansen"  # not an author in the data: not known, not caught
    assert protected.posts.loc[0, "text"] == "Spørsmål? Send e-post til [e-post]"
    joined = " ".join(mentions["text"]).lower()
    for secret in ("kari", "nordmann", "912 34 567", "online.no", VALID_ID):
        assert secret not in joined
    terms = top_terms(mentions, kind="bigram", top=5)["term"].tolist()
    words = top_terms(mentions, kind="word", top=20)["term"].tolist()
    assert terms[0] == "brunt vann" and "fnr lagt" not in terms  # no phrase spans a removed name or number
    assert not any("kari" in term or "innbygger" in term for term in terms)
    assert not {"kari", "nordmann", "innbygger", "telefon", "e-post", "fødselsnummer", "post"} & set(words)


# ---------------------------------------------------------------------------------------------
# Handles by each platform's rules, after NFKC (item 7)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("channel, text, expected", [
    ("youtube", "Hei @kari-nordmann!", "Hei Innbygger {kari-nordmann}!"),
    ("web", "Hei @kari-nordmann.", "Hei Innbygger {kari-nordmann}."),
    ("x", "Hei @kari-nordmann", "Hei Innbygger {kari}-nordmann"),              # X handles have no hyphen
    ("x", "Hei ＠olanordmann", "Hei Innbygger {olanordmann}"),                 # full-width @
    ("instagram", "spør@ola_b om det", "spør Innbygger {ola_b} om det"),       # @ joined to the word before
    ("instagram", "Takk @ola.nordmann.", "Takk Innbygger {ola.nordmann}."),   # no period at the end
    ("facebook", "Takk @ola.nordmann_x", "Takk Innbygger {ola.nordmann}_x"),  # no underscore on Facebook
    ("linkedin", "Takk @ola-nordmann", "Takk Innbygger {ola-nordmann}"),
    ("youtube", "Hei @Åse_Bø-Li", "Hei Innbygger {åse_bø-li}"),               # YouTube handles in any script
    ("x", "Hei @TestbyKommune og @kystforskar", "Hei @TestbyKommune og @kystforskar"),  # public: kept
    ("x", "Skriv til ola@firma.no", "Skriv til ola@firma.no"),                # an address, not a handle
])
def test_handles_follow_each_platforms_rules(client, channel, text, expected):
    frame = pd.DataFrame({"author": ["NRK"], "channel": [channel], "text": [text]})
    result = pseudonymise(frame, client, text_columns=("text",))
    wanted = re.sub(r"\{([^}]+)\}", lambda match: code(match.group(1)), expected)
    assert result.loc[0, "text"] == wanted


def test_a_known_author_is_found_in_any_handle_spelling_of_their_name(client):
    frame = pd.DataFrame({"author": ["Kari Nordmann", "NRK"], "channel": ["x", "x"],
                          "text": ["Hei", "Svar til @kari-nordmann og @Kari_Nordmann, kari.nordmann skrev"]})
    result = pseudonymise(frame, client, text_columns=("text",))
    kari = f"Innbygger {code('kari nordmann')}"
    assert result.loc[1, "text"] == f"Svar til {kari} og {kari}, {kari} skrev"


# ---------------------------------------------------------------------------------------------
# The secret that keys the pseudonyms (item 8)
# ---------------------------------------------------------------------------------------------
def test_codes_cannot_be_recomputed_from_the_public_slug(client):
    # The code used to be HMAC keyed with "sermo-pseudonym:<slug>": anyone could recompute it.
    old = hmac.new(b"sermo-pseudonym:testby", b"vasskjelda", hashlib.sha256).hexdigest()[:6].upper()
    assert pseudonym_code("@vasskjelda", client) != old
    assert pseudonym_code("@vasskjelda", client) == code("vasskjelda")


@pytest.fixture
def fresh_installation(tmp_path, monkeypatch):
    """No secret in the environment and an empty configuration folder, as on a fresh machine."""
    monkeypatch.delenv("SERMO_PSEUDONYM_SECRET", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "sermo" / "pseudonym-secret"


def test_a_fresh_installation_creates_its_secret_once_privately_outside_the_project(fresh_installation, client):
    from sermo_helpers import paths
    from sermo_helpers.privacy import pseudonym_secret, secret_path

    assert secret_path() == fresh_installation and not fresh_installation.exists()
    first = pseudonym_code("@vasskjelda", client)
    assert fresh_installation.stat().st_mode & 0o777 == 0o600
    assert re.fullmatch(r"[0-9a-f]{64}\n", fresh_installation.read_text())
    assert not fresh_installation.resolve().is_relative_to(paths.project_root().resolve())
    # the same code from the file, in this process and in another one
    assert pseudonym_code("@vasskjelda", client) == first
    assert pseudonym_secret() == fresh_installation.read_text().strip().encode()
    import subprocess
    import sys

    from_another_process = subprocess.run(
        [sys.executable, "-c", "from sermo_helpers.config import validate_client_config as v; "
         "from sermo_helpers.privacy import pseudonym_code as c; import sys; "
         f"print(c('@vasskjelda', v({dict(client.to_parameters())!r}, source='t')))"],
        capture_output=True, text=True, env=dict(os.environ), check=True).stdout.strip()
    assert from_another_process == first


@pytest.mark.slow
def test_processes_starting_together_on_a_fresh_installation_share_one_secret(fresh_installation, client):
    import subprocess
    import sys

    script = ("import time; from sermo_helpers.config import validate_client_config as v; "
              "from sermo_helpers.privacy import pseudonym_code as c; "
              f"client = v({dict(client.to_parameters())!r}, source='t'); "
              "time.sleep(max(0.0, float(__import__('sys').argv[1]) - time.time())); print(c('@vasskjelda', client))")
    import time

    start = time.time() + 10  # every process asks for the secret at the same moment, after its imports
    processes = [subprocess.Popen([sys.executable, "-c", script, str(start)], stdout=subprocess.PIPE, text=True,
                                  env=dict(os.environ)) for _ in range(6)]
    codes = {process.communicate(timeout=120)[0].strip() for process in processes}
    assert len(codes) == 1 and re.fullmatch(r"[0-9A-F]{6}", codes.pop())
    assert sorted(path.name for path in fresh_installation.parent.iterdir()) == ["pseudonym-secret"]


def test_the_environment_variable_wins_and_must_be_long_enough(fresh_installation, client, monkeypatch):
    from sermo_helpers.errors import ConfigError

    monkeypatch.setenv("SERMO_PSEUDONYM_SECRET", "a-batch-worker-secret-0123456789")
    keyed = hmac.new(b"a-batch-worker-secret-0123456789", b"testby\x00vasskjelda", hashlib.sha256)
    assert pseudonym_code("@vasskjelda", client) == keyed.hexdigest()[:6].upper()
    assert not fresh_installation.exists()
    monkeypatch.setenv("SERMO_PSEUDONYM_SECRET", "short")
    with pytest.raises(ConfigError, match="at least 16 characters"):
        pseudonym_code("@vasskjelda", client)


def test_a_secret_that_cannot_be_created_is_a_clear_error(fresh_installation, client, monkeypatch, tmp_path):
    from sermo_helpers.errors import ConfigError

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked / "config"))  # no folder can be made inside a file
    with pytest.raises(ConfigError, match="Cannot create the pseudonym secret at .*set \\$SERMO_PSEUDONYM_SECRET"):
        pseudonym_code("@vasskjelda", client)


def test_a_secret_file_others_can_read_is_refused(fresh_installation, client):
    from sermo_helpers.errors import ConfigError

    pseudonym_code("@vasskjelda", client)
    fresh_installation.chmod(0o644)
    from sermo_helpers import privacy

    privacy._SECRETS.clear()
    with pytest.raises(ConfigError, match="can be read by other users.*chmod 600"):
        pseudonym_code("@vasskjelda", client)


def test_a_worker_without_the_secret_gets_a_clear_error_and_never_makes_its_own(fresh_installation, tmp_path):
    from sermo_helpers import batch
    from sermo_helpers.errors import ConfigError
    from sermo_helpers.privacy import require_secret

    with pytest.raises(ConfigError, match="No pseudonym secret on .*set \\$SERMO_PSEUDONYM_SECRET"):
        require_secret("0123456789ab")
    assert not fresh_installation.exists()
    record = batch.render_one(str(tmp_path / "nobody.yaml"), str(tmp_path / "out"), secret_fingerprint="0123456789ab")
    assert record["status"] == "failed" and record["error"]["type"] == "ConfigError"
    assert "No pseudonym secret" in record["error"]["message"]


def test_a_worker_with_another_secret_is_refused(monkeypatch):
    from sermo_helpers.errors import ConfigError
    from sermo_helpers.privacy import require_secret, secret_fingerprint

    mine = secret_fingerprint()
    require_secret(mine)  # the same secret: fine
    monkeypatch.setenv("SERMO_PSEUDONYM_SECRET", "another-secret-entirely-0123456789")
    with pytest.raises(ConfigError, match=f"is not the one the render was started with \\({mine}\\)"):
        require_secret(mine)


# ---------------------------------------------------------------------------------------------
# End to end: nothing personal reaches the handout or the executed notebooks
# ---------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_personal_data_in_mentions_never_reaches_the_handout_or_the_notebooks(tmp_path, demo_copy):
    from sermo_helpers import batch

    path, data = demo_copy("privby")
    mentions = pd.read_csv(data / "mentions.csv", dtype=str, keep_default_na=False)
    rows = mentions[(mentions["subject"] == "privby") & (mentions["is_own"] == "false")].iloc[[0] * 4].copy()
    rows["mention_id"] = [f"priv-{n}" for n in range(4)]
    rows["author"] = ["Kari Nordmann", "@vasskjelda", "@vasskjelda", "@vasskjelda"]
    rows["text"] = ["Elendig kokevarsel, skriv til kari.nordmann@gmail.com eller ring +47 912 34 567",
                    f"Skandale! Kari Nordmann har fnr {VALID_ID} og tlf 22 33 44 55",
                    "Kari Nordmann og ＠olanordmann klager på vannet, elendig", "spør@ola_b om kokevarsel, elendig"]
    rows["published_at"] = [f"2026-06-10T0{n}:00:00+00:00" for n in range(4)]
    rows["reach"], rows["engagement"] = "900000", "50000"
    rows["in_reply_to"], rows["thread_id"] = "", ""
    pd.concat([mentions, rows]).to_csv(data / "mentions.csv", index=False)
    from sermo_helpers.labels import save_sentiment_labels

    exports = {path.relative_to(data): path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file()}
    labels = tmp_path / "out" / "privby" / "work" / "labels" / "sentiment_labels.csv"
    save_sentiment_labels(pd.DataFrame({"mention_id": ["priv-0"], "text": ["t"], "label": ["negative"]}), labels)
    saved = labels.read_bytes()
    manifest = batch.render_clients([str(path)], out_root=tmp_path / "out", progress=False, workers=1)
    assert manifest["clients"][0]["status"] == "ok", manifest["clients"][0]["error"]
    assert labels.read_bytes() == saved  # the strategist's labels survive a render of the edition
    # the client's export folder is byte-identical after a labelling session and a render (raw exports are immutable)
    assert {path.relative_to(data): path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file()} == exports
    outputs = [tmp_path / "out" / "privby" / "handout.html", *(tmp_path / "out" / "privby" / "notebooks").glob("*.ipynb")]
    assert len(outputs) == 5
    handout = outputs[0].read_text(encoding="utf-8")
    assert "[e-post]" in handout or "[telefon]" in handout or "[fødselsnummer]" in handout  # the rows are shown
    for output in outputs:
        text = output.read_text(encoding="utf-8").lower()
        for secret in ("kari.nordmann@gmail.com", "912 34 567", VALID_ID, "22 33 44 55", "kari nordmann",
                       "olanordmann", "ola_b"):
            assert secret not in text, f"{secret!r} in {output.name}"


@pytest.mark.slow
def test_a_dask_worker_without_the_secret_fails_its_edition_with_a_clear_message(tmp_path, demo_copy):
    from distributed import LocalCluster

    from sermo_helpers import batch

    path, _ = demo_copy("daskpriv")
    worker_environment = {"SERMO_PSEUDONYM_SECRET": "", "XDG_CONFIG_HOME": str(tmp_path / "worker-config")}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      env=worker_environment) as cluster:
        manifest = batch.render_clients([str(path)], out_root=tmp_path / "out", scheduler=cluster.scheduler_address,
                                        progress=False)
    record = manifest["clients"][0]
    assert record["status"] == "failed" and record["error"]["type"] == "ConfigError"
    assert record["error"]["message"].startswith("No pseudonym secret on ")
    assert "set $SERMO_PSEUDONYM_SECRET" in record["error"]["message"]
    assert not (tmp_path / "worker-config").exists()  # the worker made no secret of its own
    assert not (tmp_path / "out" / "daskpriv" / "handout.html").exists()


# ---------------------------------------------------------------------------------------------
# The pre-filtered rewrite (issue 19): only texts the pre-filter lets through are read in Python;
# every output equals the exact rewrite's
# ---------------------------------------------------------------------------------------------
EDGE_AUTHORS = ["Kristoffer Nordmann", "Kari Nordmann", "Åse Ødegård", "ida_jensen10150", "ola.nordmann", "@per_hansen", "Sindre Berg",
                "Ørjan Æsøy", "Lars Haugen", "@vasskjelda", "NRK", "Ordfører Olsen"]
EDGE_TEXTS = [
    "Kari Nordmann har rett", "KARI NORDMANN har rett", "kari.nordmann skrev", "Kari-Nordmann", "Kari_Nordmann!",
    "Kari\u00a0Nordmann", "Kari\u2009Nordmann", "Kari\u3000Nordmann", "Kari  \n Nordmann", "Kari Nordmanns bil",
    "åse ødegård sa", "ÅSE ØDEGÅRD sa", "Åse Ødegårds innlegg", "xÅse Ødegård", "æÅse Ødegård", "Åse Ødegårdæ",
    "(Åse Ødegård)", "«Ørjan Æsøy»", "ørjan æsøy.", "Ørjan.Æsøy", "Ørjan_Æsøy", "Ørjan   Æsøy", "☀️ Ørjan Æsøy!",
    "\u0130da_jensen10150 hei", "\u0131da_jensen10150", "\u017findre berg", "\u212aari Nordmann",
    "Ｋａｒｉ Ｎｏｒｄｍａｎｎ", "ﬁne Kari Nordmann", "Ka\u030ari Nordmann", "Kåri Nordmann",
    "ring 912 34 567", "+47 91234567", "tlf 22 33 44 55", "1234 5678", "1234-5678 og 12345678", "år 2026, sak 123",
    "id 01017012345", "id 010170 12346", "Tlf: ９１２３４５６７", "١٢٣٤٥٦٧٨", "e-post kari@example.no", "kari@firma",
    "spør@ola_b", "@per_hansen takk", "@Per_Hansen!", "＠per_hansen", "@vasskjelda og @kystforskar", "@ola.nordmann.",
    "ola.nordmann.", "ola.nordmann.x", "Innbygger 3F9A2C har rett", "", "   ", "😀 Kari Nordmann 👍", "Lars Haugen\x1cx",
    "\x85Lars Haugen", "Lars\tHaugen", "Sindre Berg-Olsen", "Sindre Bergen", "NRK melder", "Ordfører Olsen svarer",
    "e-post Lars Haugen", "ingen navn her, bare tekst om vegen", "No names here: the road is closed.",
    # safe characters NFKC changes on their own (the pre-filter reads such texts in full)
    "½ time med Kari Nordmann", "Lars Haugen…", "nr\u00aa 2", "Kari\u00a0Nordmann sa", "‼ @per_hansen",
    "🄁 kari", "〈Lars Haugen〉", "vent\u2024\u2024", "ringte 912\u00a034\u00a0567",
    # the name filter reads a name's first characters only: texts that begin like a name
    "Kristoffer Nordby sa", "Kari Nordmannsen er ikkje Kari Nordmann", "ida_jensen10151",
]


def _edge_frame() -> pd.DataFrame:
    texts = EDGE_TEXTS + [None]
    channels = ["x", "instagram", "facebook", "linkedin", "youtube", "forum", None]
    return pd.DataFrame({"author": pd.Series([EDGE_AUTHORS[i % len(EDGE_AUTHORS)] for i in range(len(texts))],
                                             dtype="str"),
                         "channel": pd.Series([channels[i % len(channels)] for i in range(len(texts))], dtype="str"),
                         "text": pd.Series(texts, dtype="str")})


def _protected_both_ways(frame, client, monkeypatch, *, mask=True):
    """The frame protected with the pre-filter and with every text read in full (the exact path)."""
    import functools

    from sermo_helpers import privacy

    masking = functools.partial(privacy.mask_personal_data, language=client.language) if mask else None
    plan = privacy._plan_protection(frame["text"], privacy._maskable_names(
        set(frame["author"].dropna()), privacy._client_names(client) | privacy._rule_names()), mask=masking)
    assert plan is not None and 0 < plan[0].sum() < len(frame)  # the filter was used and left texts out
    fast = pseudonymise(frame, client, columns=("author",), text_columns=("text",), mask=masking)
    with monkeypatch.context() as patch:
        patch.setattr(privacy, "_plan_protection", lambda *args, **kwargs: None)
        exact = pseudonymise(frame, client, columns=("author",), text_columns=("text",), mask=masking)
    pd.testing.assert_frame_equal(fast, exact, check_exact=True)
    return fast, plan


@pytest.mark.parametrize("mask", [True, False])
def test_prefiltered_protection_equals_the_exact_one_on_edge_cases(client, monkeypatch, mask):
    frame = _edge_frame()
    fast, (read, numbers, named) = _protected_both_ways(frame, client, monkeypatch, mask=mask)
    texts = dict(zip(frame["text"].fillna("<NA>"), read))
    assert not texts["ingen navn her, bare tekst om vegen"] and not texts["år 2026, sak 123"]
    for text in ["\u0130da_jensen10150 hei", "\u017findre berg", "Kari\u2009Nordmann", "Ka\u030ari Nordmann",
                 "ÅSE ØDEGÅRD sa", "spør@ola_b", "Kari_Nordmann!"]:
        assert texts[text], text  # unsafe, not in NFKC form, or holding a name or an "@"
    kari = f"Innbygger {code('kari nordmann')}"
    assert fast["text"].tolist()[:4] == [f"{kari} har rett", f"{kari} har rett", f"{kari} skrev", kari]
    assert fast["text"].isna().tolist() == frame["text"].isna().tolist()


def test_prefiltered_protection_equals_the_exact_one_on_the_demo_clients(monkeypatch):
    from sermo_helpers.config import load_client_config
    from sermo_helpers.loaders import load_client

    for slug in ("fjordvik", "coastline"):
        client = load_client_config(slug)
        mentions = load_client(client, use_cache=False).mentions
        fast, _ = _protected_both_ways(mentions, client, monkeypatch)
        assert (fast["text"] != mentions["text"]).sum() > 10  # names, handles and numbers were replaced


def test_prefiltered_protection_equals_the_exact_one_on_generated_texts(monkeypatch):
    import importlib.util
    from pathlib import Path

    from sermo_helpers.config import load_client_config

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("scale_benchmark", root / "benchmarks" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    generated = scale.generate_mentions(20_000)
    frame = pd.DataFrame({column: generated[column].replace("", None).astype("str")
                          for column in ("author", "channel", "text")})
    _protected_both_ways(frame, load_client_config("fjordvik"), monkeypatch)


def test_masking_with_the_email_precheck_equals_the_full_expressions():
    import unicodedata

    from sermo_helpers import privacy

    def reference(text):  # mask_personal_data without the pre-checks: every expression on every text
        if not isinstance(text, str) or not text:
            return text
        text = unicodedata.normalize("NFKC", text)
        text = privacy.EMAIL_PATTERN.sub("[e-post]", text)
        text = privacy.NATIONAL_ID_PATTERN.sub(lambda match: "[fødselsnummer]" if privacy.is_national_id(
            match.group(1) + match.group(2)) else match.group(0), text)
        return privacy.PHONE_PATTERN.sub("[telefon]", text)

    extra = ["a.b@c.d.no x@y.com @z.no", "kari@example.no.", "@a.bc", "x@a-.no", "x@a.b-c.no", "skriv til k@e.no",
             f"fnr {national_id('010170', '123')}", None]
    for text in EDGE_TEXTS + extra:
        assert privacy.mask_personal_data(text) == reference(text), text
    assert privacy.mask_personal_data("skriv til k@e.no") == "skriv til [e-post]"


def test_rewriting_only_some_texts_needs_an_arrow_column():
    from sermo_helpers.privacy import rewrite_texts

    texts = pd.Series(["a", "b", None], dtype="str")
    result = rewrite_texts(texts, str.upper, only=np.array([True, False, False]))
    assert result.tolist()[:2] == ["A", "b"] and pd.isna(result[2]) and result.dtype == texts.dtype
    with pytest.raises(AnalysisError, match="only"):
        rewrite_texts(pd.Series(["a"], dtype=object), str.upper, only=np.array([True]))


def test_the_nfkc_filter_finds_exactly_the_safe_texts_normalisation_changes():
    """A text of the pre-filter's safe characters is in NFKC form exactly when it holds none of the
    characters NFKC changes on their own: no safe character has a combining class or is the second
    character of a canonical composition (so none combines with its neighbour)."""
    import sys
    import unicodedata

    import pyarrow as pa

    from sermo_helpers import privacy
    from sermo_helpers.text import prefilter

    safe = prefilter.safe_characters()
    assert not [character for character in safe if unicodedata.combining(character)]
    seconds = set()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert seconds and not seconds.intersection(safe)
    texts = pa.chunked_array([pa.array([f"a{character}b" for character in safe])])
    flagged = prefilter.matches_any(texts, [privacy._nfkc_changes()])
    expected = [not unicodedata.is_normalized("NFKC", f"a{character}b") for character in safe]
    assert flagged.tolist() == expected and 100 < sum(expected) < 300


def test_handle_patterns_find_what_the_look_behind_first_form_finds():
    """``@(?<!@@)`` (a literal first, fast to search) is ``(?<!@)@``: an "@" not after another "@"."""
    import re

    from sermo_helpers import privacy

    texts = EDGE_TEXTS + ["@@ola", "a@@b_c @x", "@", "@@", "x@y@z", "@a.b-c_d.", "ﾠ@ola", "@ola@kari", "e@@@f g@h"]
    for channel in [None, *privacy.HANDLE_RULES]:
        fast = privacy.handle_pattern(channel)
        characters, last = privacy.HANDLE_RULES.get(channel or "", privacy.WIDEST_HANDLE)
        plain = re.compile(f"(?<!@)@({characters}*{last})")
        for text in texts:
            assert [(found.span(), found.group(1)) for found in fast.finditer(text)] == \
                [(found.span(), found.group(1)) for found in plain.finditer(text)], (channel, text)
