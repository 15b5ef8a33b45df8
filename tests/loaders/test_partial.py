"""One bad file never hides the others: every file is reported; refused files stop a load unless
partial loads are allowed, and then the data basis names them."""
import pandas as pd
import pytest

from sermo_helpers import cli
from sermo_helpers.errors import LoadError
from sermo_helpers.loaders import left_out_files, load_client
from sermo_helpers.overview import summarise_data

from .conftest import FORMATS

GOOD = "mention_id,published_at,channel,author,text\nm-1,2026-04-02T09:00:00+02:00,x,Ola,Hei\n"
BROKEN = "mention_id,published_at,channel,author,text\nm-2,not a time,x,Kari,Hallo\n"


@pytest.fixture
def folder_client(make_client):
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (client.data_path / "broken.csv").write_text(BROKEN, encoding="utf-8")
    (client.data_path / "mystery.csv").write_text("ticket,opened,body,channel\n1,01.04.2026 10:00,Hei,web\n", encoding="utf-8")
    return client


def test_a_refused_file_stops_the_load_naming_it(folder_client):
    with pytest.raises(LoadError) as caught:
        load_client(folder_client, use_cache=False)
    message = str(caught.value)
    assert "1 of 3 files were refused" in message and "broken.csv" in message and "published_at" in message
    assert caught.value.path == "broken.csv" and caught.value.column == "published_at"


def test_partial_load_keeps_the_good_file_and_reports_every_file(folder_client):
    data = load_client(folder_client, use_cache=False, allow_partial=True)
    assert data.mentions["mention_id"].tolist() == ["m-1"]
    status = data.report.set_index("file")["status"].to_dict()
    assert status == {"good.csv": "loaded", "broken.csv": "refused", "mystery.csv": "unrecognised"}
    reason = data.report.set_index("file").loc["mystery.csv", "warnings"]
    assert "nearest known format canonical_mentions, which also needs 'mention_id', 'published_at'" in reason
    left = left_out_files(data)
    assert left["file"].tolist() == ["broken.csv", "mystery.csv"]
    summary = summarise_data(data)
    assert summary["frame"].tolist()[-2:] == ["broken.csv", "mystery.csv"]
    assert summary["left_out"].iloc[-2].startswith("refused: broken.csv, data row 1, column 'published_at'")


def test_ignore_files_leaves_a_file_out_on_purpose(folder_client):
    from dataclasses import replace
    client = replace(folder_client, ignore_files=("broken.csv", "myst*"))
    data = load_client(client, use_cache=False)
    assert data.mentions["mention_id"].tolist() == ["m-1"]
    assert left_out_files(data).values.tolist() == [["broken.csv", "ignored", "listed in ignore_files; not read"],
                                                    ["mystery.csv", "ignored", "listed in ignore_files; not read"]]


def test_check_reports_every_file_and_exits_non_zero(folder_client, capsys, monkeypatch):
    monkeypatch.setattr("sermo_helpers.config.load_client_config", lambda name: folder_client)
    assert cli.main(["check", "testkunde"]) == 1
    out, err = capsys.readouterr()
    assert "loaded       good.csv" in out and "refused      broken.csv" in out
    assert "unrecognised mystery.csv" in out
    assert "files:\n  - match: 'mystery.csv'\n    frame: mentions" in out  # a ready-to-edit proposal
    assert "mention_id: 'ticket'" in out and "published_at: 'opened'" in out and "text: 'body'" in out
    assert "1 files refused: broken.csv" in err


def test_check_exits_zero_when_nothing_is_refused(make_client, capsys, monkeypatch):
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr("sermo_helpers.config.load_client_config", lambda name: client)
    assert cli.main(["check", "testkunde"]) == 0
    assert "1 loaded" in capsys.readouterr().out


def test_columns_yaml_maps_an_unknown_export(make_client):
    client = make_client()
    (client.data_path / "crm.csv").write_text("Ticket;Opened;Who;Body;Score\nT-1;01.04.2026 10:00;Ola;Hei;1,5\n"
                                              "T-2;02.04.2026 11:30;Kari;Hallo;2\n", encoding="utf-8")
    (client.data_path / "columns.yaml").write_text(
        "files:\n  - match: 'crm*.csv'\n    frame: mentions\n    columns:\n      mention_id: Ticket\n"
        "      published_at: 2\n      author: Who\n      text: Body\n      channel: {value: web}\n"
        "      engagement: Score\n    date_format: '%d.%m.%Y %H:%M'\n    decimal_mark: ','\n    delimiter: ';'\n",
        encoding="utf-8")
    data = load_client(client, use_cache=False)
    mentions = data.mentions
    assert mentions["mention_id"].tolist() == ["T-1", "T-2"] and mentions["channel"].tolist() == ["web", "web"]
    assert mentions["engagement"].tolist() == [1.5, 2.0]
    assert mentions["published_at"].tolist() == [pd.Timestamp("2026-04-01 08:00", tz="UTC"),
                                                 pd.Timestamp("2026-04-02 09:30", tz="UTC")]
    assert data.report.set_index("file").loc["crm.csv", "format"] == "columns_yaml"


def test_invalid_columns_yaml_lists_every_problem(make_client):
    client = make_client()
    (client.data_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (client.data_path / "columns.yaml").write_text(
        "files:\n  - match: x.csv\n    frame: mentionz\n    colour: red\n    columns: {author: 3.5}\n"
        "  - match: y.csv\n    frame: posts\n    columns: {post_id: A, likes: B}\n    decimal_mark: ';'\n",
        encoding="utf-8")
    data = load_client(client, use_cache=False, allow_partial=True)
    reason = data.report.set_index("file").loc["columns.yaml", "warnings"]
    for problem in ("files[1]: unknown key 'colour'", "files[1].frame: expected one of", "files[1].columns.author",
                    "files[2].columns: 'likes' is not a column of posts", "required column 'published_at' of posts",
                    "files[2].decimal_mark"):
        assert problem in reason
    assert data.mentions["mention_id"].tolist() == ["m-1"]  # the good file still loads


def test_own_accounts_may_be_empty():
    from sermo_helpers.config import validate_client_config
    client = validate_client_config({"slug": "ku", "display_name": "K", "language": "nb", "period_start": "2026-04-01",
                                     "period_end": "2026-04-30", "data_folder": "data/clients/ku", "own_accounts": {},
                                     "keywords": ["k"]}, source="ku.yaml")
    assert client.own_accounts == {}


def test_missing_values_show_as_a_dash():
    from sermo_helpers import present
    frame = pd.DataFrame({"post_type": pd.Series(["video", pd.NA], dtype="str"), "reach": [float("nan"), 2.0]})
    html = present.table(frame, "en").markup
    assert "nan" not in html.lower().replace("nanosecond", "") and "&lt;NA&gt;" not in html and "–" in html


def test_the_handout_data_basis_names_left_out_files(folder_client, monkeypatch):
    from sermo_helpers.overview import show_data_basis
    data = load_client(folder_client, use_cache=False, allow_partial=True)
    complete = load_client(folder_client, use_cache=False, allow_partial=True)
    monkeypatch.delenv("SERMO_HOME")  # the project's labels
    markup = show_data_basis(data, language="nb").markup
    assert "Utelatt fil: broken.csv" in markup and "Utelatt fil: mystery.csv" in markup and "Hvorfor utelatt" in markup
    complete.report = complete.report[complete.report["status"] == "loaded"]
    assert "Utelatt" not in show_data_basis(complete, language="nb").markup  # nothing left out: no extra column
