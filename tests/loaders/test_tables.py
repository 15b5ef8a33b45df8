import pytest

from sermo_helpers.errors import LoadError
from sermo_helpers.loaders.base import Source
from sermo_helpers.loaders.sniff import Head
from sermo_helpers.loaders.tables import check_header, column, read_text_table


def read(data: bytes, **options):
    source = Source("t.csv", data=data)
    return read_text_table(source, Head.from_bytes("t.csv", data), **options)


def test_every_cell_is_text_and_names_are_lower_case():
    frame = read(b"Tweet ID,Views\n00123,\"15,000\"\n,7\n")
    assert frame.columns.tolist() == ["tweet id", "views"]
    assert frame["tweet id"].tolist()[0] == "00123" and frame["views"].tolist() == ["15,000", "7"]
    assert column(frame, "missing", "views").tolist() == ["15,000", "7"]
    with pytest.raises(LoadError, match="required column missing"):
        column(frame, "publish time", required="t.csv")


def test_header_problems():
    with pytest.raises(LoadError) as caught:
        check_header(["Date", "date"], "t.csv")
    assert caught.value.column == "date"
    with pytest.raises(LoadError) as caught:
        read(b"a,b\n1,2\n3,4,5\n")
    assert caught.value.row == 2
