import pandas as pd

from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_meltwater_csv_and_utf16_tsv_agree(context):
    csv = load_file(FORMATS / "meltwater_mentions.csv", context=context).frames["mentions"]
    tsv = load_file(FORMATS / "meltwater_mentions_utf16.tsv", context=context).frames["mentions"]
    pd.testing.assert_frame_equal(csv, tsv)
    assert csv["mention_id"].tolist() == ["https://www.nrk.no/vestland/ny-badeplass-1.1234567", "1775000000000000001"]
    assert csv["channel"].tolist() == ["news", "x"]
    assert csv["source_domain"].tolist() == ["nrk.no", "twitter.com"]
    assert [str(t) for t in csv["published_at"]] == ["2026-04-01 06:15:00+00:00", "2026-04-02 19:40:00+00:00"]
    assert csv["language"].tolist() == ["nb", "nb"]
    assert csv["text"].tolist()[1] == "@fjordvikkommune når kommer brøytebilen??"
    assert csv["author_followers"].tolist()[1] == 5400.0
