from sermo_helpers.loaders import load_file

from .conftest import FORMATS


def test_ga4_with_comment_lines_and_grand_total(context):
    traffic = load_file(FORMATS / "ga4_traffic.csv", context=context).frames["web_traffic"]
    assert traffic[["source", "medium"]].values.tolist() == [["google", "organic"], ["(direct)", "(none)"],
                                                             ["facebook.com", "referral"], ["google", "organic"]]
    assert traffic["sessions"].sum() == 4172.0
    assert [str(d.date()) for d in traffic["date"].unique()] == ["2026-04-01", "2026-04-02"]
