"""The malformed-input corpus: each case is a file in tests/data/malformed/ and the documented outcome.

Outcomes: ``LoadError``/``SchemaError`` (the message must contain every fragment and name the file),
``warning`` (the file loads, a documented repair is made, and a warning contains every fragment),
``kept`` (the file loads and the value is kept as it is; the fragment must appear in the text).
``build()`` writes the files and ``cases.yaml``; tests read ``cases.yaml``.
"""
from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent / "malformed"

MENTIONS_HEADER = "mention_id,published_at,channel,author,text\n"
STATS_HEADER = "date,channel,account,metric,value\n"
POSTS_HEADER = "post_id,channel,account,published_at,text,reach\n"
FB_HEADER = ('Post ID,Page ID,Page name,Title,Description,Publish time,Permalink,Post type,Date,Views,Reach,'
             '"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks\n')
YT_HEADER = "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions\n"
TWEET_HEADER = ("Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,"
                "replies,likes\n")
MW_HEADER = "Date,Headline,URL,Opening Text,Hit Sentence,Source,Influencer,Country,Language,Reach,Engagement,Sentiment\n"


def utf16(text: str) -> bytes:
    return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")


M1 = "m-1,2026-04-01T09:30:00+02:00,facebook,Kari,Hei Fjordvik\n"
M2 = "m-2,2026-04-02T10:00:00+02:00,x,Ola,Når åpner svømmehallen?\n"

CASES = [
    # (file, content, outcome, fragments, what happens)
    ("empty.csv", b"", "LoadError", ["unknown layout", "empty file"], "nothing to read: error"),
    ("header_only_mentions.csv", MENTIONS_HEADER.encode(), "warning", ["no data rows"],
     "loads zero rows and says so"),
    ("latin1_mentions.csv", (MENTIONS_HEADER + "m-1,2026-04-01T09:30:00+02:00,facebook,Bjørn,Søppeltømming i "
                             "Ærøveien\n").encode("latin-1"), "warning", ["Windows-1252"],
     "read as Windows-1252, æøå kept"),
    ("utf16_without_bom.csv", (MENTIONS_HEADER + M1).encode("utf-16-le"), "warning", ["UTF-16"],
     "recognised as UTF-16 LE by its NUL bytes"),
    ("truncated_row.csv", (MENTIONS_HEADER + M1 + "m-3,2026-04-03T10:00:00+02:00\n").encode(), "SchemaError",
     ["'channel'", "a value in every row"], "the cut row has no channel: error naming the column"),
    ("unterminated_quote.csv", (MENTIONS_HEADER + M1 + 'm-3,2026-04-03T10:00:00+02:00,x,Ola,"Dette er en '
                                'tekst som ble kut').encode(), "LoadError", ["quoted cell", "end of file"],
     "the file ends inside a quoted cell: error"),
    ("extra_cells.csv", (MENTIONS_HEADER + M1 + "m-2,2026-04-02T10:00:00+02:00,x,Ola,Hei,ekstra\n").encode(),
     "LoadError", ["data row 2", "more cells"], "a row with more cells than the header: error naming the row"),
    ("missing_required_column.csv", ("mention_id,channel,author,text\nm-1,x,Ola,Hei\n").encode(),
     "SchemaError", ["'published_at'", "no such column"], "error naming the missing column"),
    ("duplicate_header.csv", ("mention_id,published_at,channel,text,text\n"
                              "m-1,2026-04-01T09:30:00+02:00,x,a,b\n").encode(), "LoadError",
     ["'text'", "2 times"], "a column named twice is ambiguous: error"),
    ("script_in_text.csv", (MENTIONS_HEADER + 'm-1,2026-04-01T09:30:00+02:00,x,Ola,"<script>alert(1)</script> '
                            'hei"\n').encode(), "kept", ["<script>alert(1)</script> hei"],
     "kept as text; the handout escapes it"),
    ("formula_injection.csv", (MENTIONS_HEADER + 'm-1,2026-04-01T09:30:00+02:00,x,Ola,"=HYPERLINK(""http://'
                               'evil.example"",""Klikk"")"\n' + M2).encode(), "warning", ["formula", "HYPERLINK"],
     "prefixed with ' so a spreadsheet shows it as text"),
    ("formula_in_author.csv", (MENTIONS_HEADER + "m-1,2026-04-01T09:30:00+02:00,x,@SUM(1+1),Hei\n").encode(),
     "warning", ["'author'", "formula"], "author handles are checked too"),
    ("future_dates.csv", (STATS_HEADER + "2026-04-01,facebook,Fjordvik,reach,10\n"
                          "2099-01-01,facebook,Fjordvik,reach,12\n").encode(), "warning", ["future"],
     "rows dated after tomorrow are dropped with a warning"),
    ("negative_counts.csv", (POSTS_HEADER + "p-1,facebook,Fjordvik,2026-04-01T09:30:00+02:00,Hei,-5\n").encode(),
     "SchemaError", ["'reach'", "zero or more"], "error naming the column"),
    ("mixed_time_zones.csv", (MENTIONS_HEADER + M1 + "m-2,2026-04-02 10:00,x,Ola,Hei\n").encode(), "warning",
     ["without a UTC offset", "Europe/Oslo"], "naive times read as client local time"),
    ("excel_mangled_ids.csv", (POSTS_HEADER + "5.70306E+17,x,Fjordvik,2026-04-01T09:30:00+02:00,Hei,5\n")
     .encode(), "LoadError", ["'post_id'", "scientific notation", "5.70306E+17"], "lost digits: error"),
    ("float_ids.csv", (MENTIONS_HEADER + "570306133677760513.0,2026-04-01T09:30:00+02:00,x,Ola,Hei\n").encode(),
     "warning", ["trailing '.0'"], "the .0 is removed"),
    ("unknown_layout.csv", b"foo,bar,baz\n1,2,3\n", "LoadError", ["unknown layout", "foo,bar,baz"],
     "error listing the known layouts"),
    ("binary_garbage.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "LoadError",
     ["unknown layout", "binary"], "error"),
    ("impossible_dates.csv", (STATS_HEADER + "32.13.2026,facebook,Fjordvik,reach,10\n").encode(), "LoadError",
     ["'date'", "32.13.2026"], "error naming column and value"),
    ("mixed_date_layouts.csv", (STATS_HEADER + "2026-04-01,facebook,Fjordvik,reach,10\n"
                                "02.04.2026,facebook,Fjordvik,reach,12\n").encode(), "warning",
     ["2 different layouts"], "each value read with the first layout that fits, with a warning"),
    ("ambiguous_day_month.csv", (STATS_HEADER + "04/30/2026,facebook,Fjordvik,reach,10\n"
                                 "30/04/2026,facebook,Fjordvik,reach,12\n").encode(), "LoadError",
     ["'date'", "ambiguous"], "day/month and month/day order mixed: error"),
    ("non_numeric_count.csv", (STATS_HEADER + "2026-04-01,facebook,Fjordvik,reach,mange\n").encode(),
     "LoadError", ["'value'", "mange"], "error naming column and value"),
    ("duplicate_rows.csv", (MENTIONS_HEADER + M1 + M1 + M2).encode(), "warning", ["repeat an earlier row"],
     "exact repeats removed"),
    ("conflicting_ids.csv", (MENTIONS_HEADER + M1 + "m-1,2026-04-01T09:30:00+02:00,facebook,Kari,Annen tekst\n")
     .encode(), "SchemaError", ["mention_id", "share a key"], "same id, different content: error"),
    ("missing_id.csv", (MENTIONS_HEADER + ",2026-04-01T09:30:00+02:00,x,Ola,Hei\n").encode(), "SchemaError",
     ["'mention_id'", "a value in every row"], "error"),
    ("dst_repeated_hour.csv", (MENTIONS_HEADER + "m-1,2026-10-25 02:30,x,Ola,Hei\n").encode(), "warning",
     ["occurs twice", "summer-time"], "first occurrence taken"),
    ("dst_missing_hour.csv", (MENTIONS_HEADER + "m-1,2026-03-29 02:30,x,Ola,Hei\n").encode(), "warning",
     ["missing spring hour"], "moved forward one hour"),
    ("invalid_language.csv", ("mention_id,published_at,channel,author,text,language\n"
                              "m-1,2026-04-01T09:30:00+02:00,x,Ola,Hei,svensk\n").encode(), "SchemaError",
     ["'language'", "svensk"], "error listing the allowed values"),
    ("invalid_flag.csv", ("mention_id,published_at,channel,author,text,is_own\n"
                          "m-1,2026-04-01T09:30:00+02:00,x,Ola,Hei,kanskje\n").encode(), "SchemaError",
     ["'is_own'", "true/false"], "error"),
    ("youtube_total_mismatch.csv", (YT_HEADER + "Total,,,,1000,10,1,100\nabc123DEF45,Video,\"Apr 7, 2026\","
                                    "0:03:12,900,9,1,90\n").encode(), "warning",
     ["Total row says", "difference +100"], "Total kept apart, difference reported"),
    ("youtube_bad_duration.csv", (YT_HEADER + "Total,,,,900,10,1,100\nabc123DEF45,Video,\"Apr 7, 2026\","
                                  "3 min,900,9,1,90\n").encode(), "LoadError", ["'duration'", "3 min", "H:MM:SS"],
     "error"),
    ("meta_missing_publish_time.csv", ('Post ID,Page ID,Page name,Description,Views\n'
                                       '1_2,1,Fjordvik,Hei,10\n').encode("utf-8-sig"), "LoadError",
     ["publish time", "required column"], "error naming the column"),
    ("meta_bad_publish_time.csv", (FB_HEADER + '1_2,1,Fjordvik,,Hei,sometime,,Photos,Lifetime,10,5,1,1,0,0,0\n')
     .encode("utf-8-sig"), "LoadError", ["'publish time'", "sometime"], "error"),
    ("ga4_only_comments.csv", b"# ----\n# Traffic acquisition\n# Start date: 20260401\n", "LoadError",
     ["unknown layout", "no data lines"], "error"),
    ("facebook_daily_bad_number.csv", utf16('sep=,\r\n"Reach"\r\n"Date","Primary"\r\n"2026-04-01T00:00:00","n.a."\r\n'),
     "LoadError", ["'primary'", "n.a."], "error"),
    ("x_mangled_ids.csv", (TWEET_HEADER + "1.22693E+18,https://twitter.com/fjordvik/status/1,Hei,"
                           "2020-02-10 18:00 +0000,10,1,0.1,0,0,1\n").encode(), "LoadError",
     ["'post_id'", "scientific notation"], "error"),
    ("meltwater_without_url.csv", (MW_HEADER + "01-Apr-2026 08:15AM,Tittel,,Tekst,,NRK,Ola,Norway,Norwegian,1,1,"
                                   "Neutral\n").encode(), "LoadError", ["'url'", "a URL in every row"], "error"),
    ("semicolon_bad_number.csv", ("date;channel;account;metric;value\n01.04.2026;facebook;Fjordvik;reach;1,2,3\n")
     .encode(), "LoadError", ["'value'", "1,2,3"], "error"),
]


def build() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for name, content, outcome, fragments, note in CASES:
        (HERE / name).write_bytes(content)
        manifest[name] = {"outcome": outcome, "fragments": fragments, "behaviour": note}
    (HERE / "cases.yaml").write_text(
        "# Generated by tests/data/malformed_cases.py: each malformed input and its documented outcome.\n"
        + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    build()
