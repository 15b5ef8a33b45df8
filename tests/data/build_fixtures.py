"""Build the loader fixtures in tests/data/formats/ (one per layout) with the exact headers and
quirks of the real exports. Run once: ``.venv/bin/python tests/data/build_fixtures.py``; the files
are committed, this script documents how they were made.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = HERE / "formats"

FACEBOOK_POSTS = (
    '\ufeffPost ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,'
    'Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,'
    'Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks,Link clicks,Other clicks,'
    'Matched audience targeting consumption (Photo click),Negative feedback from users: Hide all\n'
    '123456789012345_987654321098765,123456789012345,Fjordvik kommune,,"Nå åpner vi den nye badeplassen på '
    'Nordstranda! Velkommen, alle sammen.",,09/27/2026 18:30,,https://www.facebook.com/123456789012345/posts/'
    '987654321098765,No,No,Photos,,,,,Lifetime,"15,000","9,812",412,380,21,11,"1,204",310,894,0,3\n'
    '123456789012345_987654321098766,123456789012345,Fjordvik kommune,Varsel,"Vannet blir stengt i '
    'Storgata tirsdag.",,04/01/2026 07:05,,https://www.facebook.com/123456789012345/posts/987654321098766,'
    'No,No,Links,,,,,Lifetime,812,640,35,20,12,3,88,80,8,0,0\n'
    '123456789012345_987654321098767,123456789012345,Fjordvik kommune,,,45,10/25/2026 02:30,,'
    'https://www.facebook.com/reel/987654321098767,No,No,Reels,,,,,Lifetime,"2,100","1,950",60,50,6,4,,,,,\n'
)

INSTAGRAM_POSTS = (
    '\ufeffPost ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,'
    'Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
    '17901234567890123,17841400000000000,fjordvikkommune,Fjordvik kommune,"Sommer i Fjordvik ☀️ #fjordvik",,'
    '06/21/2026 12:00,https://www.instagram.com/p/C1abcDEF/,IG image,,Lifetime,"15,000","12,345",1200,45,7,'
    '33,120\n'
    '17901234567890124,17841400000000000,fjordvikkommune,Fjordvik kommune,"Reel fra 17. mai",27,'
    '05/17/2026 09:15,https://www.instagram.com/reel/C2abcDEF/,IG reel,,Lifetime,"48,210","30,100",2500,310,'
    '22,95,410\n'
)


def facebook_daily(metric: str, rows: list[tuple[str, str]]) -> bytes:
    lines = ['sep=,', f'"{metric}"', '"Date","Primary"'] + [f'"{d}","{v}"' for d, v in rows]
    return "\ufeff".encode("utf-16-le") + "\r\n".join(lines).encode("utf-16-le") + "\r\n".encode("utf-16-le")


YOUTUBE_TABLE_EN = (
    'Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,'
    'Impressions click-through rate (%)\n'
    'Total,,,,1530,61.2,14,21000,4.1\n'
    'dQw4w9WgXcQ,Slik søker du barnehageplass,"Apr 7, 2026",0:03:12,900,40.1,9,12000,4.6\n'
    'a1B2c3D4e5F,Kommunestyret 23. april,"Apr 23, 2026",1:42:05,600,20.5,5,8000,3.9\n'
)
YOUTUBE_CHART_EN = (
    'Date,Content,Video title,Video publish time,Duration,Views\n'
    '2026-04-07,dQw4w9WgXcQ,Slik søker du barnehageplass,"Apr 7, 2026",0:03:12,300\n'
    '2026-04-08,dQw4w9WgXcQ,Slik søker du barnehageplass,"Apr 7, 2026",0:03:12,600\n'
)
YOUTUBE_TOTALS_EN = 'Date,Views\n2026-04-07,300\n2026-04-08,640\n2026-04-23,590\n'
YOUTUBE_TABLE_NB = (
    'Innhold,Videotittel,Publiseringstidspunkt for video,Varighet,Visninger,Visningstid (timer),Abonnenter,'
    'Visninger av miniatyrbilder,Klikkfrekvens for visninger av miniatyrbilder (%)\n'
    'Totalt,,,,1200,50,10,15000,4\n'
    'dQw4w9WgXcQ,Slik søker du barnehageplass,7. apr. 2026,0:03:12,700,30,6,9000,4.2\n'
    'a1B2c3D4e5F,Kommunestyret 23. april,23. apr. 2026,1:42:05,500,20,4,6000,3.8\n'
)

TWEET_ACTIVITY = (
    'Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,replies,likes,'
    'user profile clicks,url clicks,hashtag clicks,detail expands,permalink clicks,app opens,app installs,'
    'follows,email tweet,dial phone,media views,media engagements\n'
    '1226928461543653377,https://twitter.com/fjordvikkommune/status/1226928461543653377,"Brøytebilene er ute. '
    'Kjør forsiktig!",2020-02-10 18:00 +0000,4521.0,130.0,0.028754700287547,12.0,5.0,48.0,10.0,20.0,0.0,35.0,'
    '0.0,0,0,0,0,0,0,0\n'
    '1227000000000000001,https://twitter.com/fjordvikkommune/status/1227000000000000001,"Nytt fra '
    'kommunestyret: https://t.co/abc",2020-02-11 07:30 +0000,2010.0,44.0,0.021890547263681,3.0,1.0,15.0,2.0,'
    '23.0,0.0,0.0,0.0,0,0,0,0,0,120,5\n'
)

GA4 = (
    '# ----------------------------------------\n'
    '# Traffic acquisition: Session source / medium\n'
    '# Account: Fjordvik kommune\n'
    '# Property: fjordvik.kommune.no - GA4\n'
    '# ----------------------------------------\n'
    '#\n'
    '# Start date: 20260401\n'
    '# End date: 20260402\n'
    'Session source / medium,Date,Sessions,Engaged sessions,Engagement rate,Average engagement time per '
    'session,Events per session,Event count,Key events,Total revenue\n'
    'google / organic,20260401,1520,1100,0.7236842105,48.2,6.1,9272,0,0\n'
    '(direct) / (none),20260401,830,500,0.6024096386,40.0,5.2,4316,0,0\n'
    'facebook.com / referral,20260402,212,150,0.7075471698,35.5,4.9,1039,0,0\n'
    'google / organic,20260402,1610,1180,0.7329192547,47.0,6.0,9660,0,0\n'
    '\n'
    '# ----------------------------------------\n'
    '# Grand total\n'
    ',,4172,2930,0.70,45.0,5.8,24287,0,0\n'
)

MELTWATER = (
    'Date,Headline,URL,Opening Text,Hit Sentence,Source,Influencer,Country,Subregion,Language,Reach,'
    'Desktop Reach,Mobile Reach,Twitter Social Echo,Facebook Social Echo,Reddit Social Echo,'
    'National Viewership,Engagement,AVE,Sentiment,Key Phrases,Input Name,Keywords,Twitter Authority,'
    'Tweet Id,Twitter Id,Twitter Client,Twitter Screen Name,User Profile Url,Twitter Bio,Twitter Followers,'
    'Twitter Following,Alternate Date Format,Time,State,City,Document Tags\n'
    '01-Apr-2026 08:15AM,Ny badeplass i Fjordvik,https://www.nrk.no/vestland/ny-badeplass-1.1234567,'
    '"Fjordvik kommune åpner badeplass på Nordstranda.",,NRK,Ola Nordmann,Norway,,Norwegian,1200000,'
    '800000,400000,0,0,0,0,35,1500,Positive,badeplass,Fjordvik,fjordvik,,,,,,,,,,"Apr 1, 2026",08:15 AM,,,\n'
    '02-Apr-2026 09:40PM,,https://twitter.com/kari_n/status/1775000000000000001,,'
    '"@fjordvikkommune når kommer brøytebilen??",Twitter,kari_n,Norway,,Norwegian,5400,,,,,,,12,,Negative,'
    'brøyting,Fjordvik,fjordvik,3,1775000000000000001,99887766,Twitter for iPhone,kari_n,'
    'https://twitter.com/kari_n,,5400,310,"Apr 2, 2026",09:40 PM,,,\n'
)

GENERIC_MENTIONS = (
    'mention_id;published_at;channel;source_domain;url;author;author_followers;text;language;reach;'
    'engagement;subject\n'
    'm-001;01.04.2026 09:30;facebook;facebook.com;https://facebook.com/p/1;Kari Nordmann;1.234;'
    'Hvorfor er biblioteket stengt på lørdager?;nb;2.500,5;12;fjordvik\n'
    'm-002;02.04.2026 14:05;news;ba.no;https://www.ba.no/a/2;Bergensavisen;;'
    'Fjordvik kommune får ny ordfører;nb;150 000;3;fjordvik\n'
    'm-003;3. april 2026 kl. 10:00;x;x.com;https://x.com/a/status/3;@havnesfan;88;'
    'Havnes gjør dette bedre enn Fjordvik;nb;88;0;havnes\n'
)

CANONICAL_STATS = (
    'date,channel,account,metric,value\n'
    '2026-04-01,facebook,Fjordvik kommune,followers,10250\n'
    '2026-04-01,facebook,Fjordvik kommune,reach,3400\n'
    '2026-04-02,facebook,Fjordvik kommune,followers,10262\n'
)
CANONICAL_POSTS = (
    'post_id,channel,account,published_at,text,post_type,reach,impressions,reactions,comments,shares\n'
    '570306133677760513,x,fjordvikkommune,2026-04-01T09:30:00+02:00,Velkommen til ny nettside,status,,1500,'
    '12,3,1\n'
    '570306133677760514,x,fjordvikkommune,2026-04-02T10:00:00+02:00,Veiarbeid i Storgata,status,,900,4,0,2\n'
)
CANONICAL_WEB = (
    'date,source,medium,sessions\n2026-04-01,google,organic,1520\n2026-04-01,(direct),(none),830\n'
)


def linkedin_content() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    metrics = book.active
    metrics.title = "Metrics"
    metrics.append(["Aggregated engagement metrics for your posts. Learn more"])
    metrics.append(["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
                    "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
                    "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
                    "Comments (sponsored)", "Comments (total)", "Reposts (organic)", "Reposts (sponsored)",
                    "Reposts (total)", "Engagement rate (organic)", "Engagement rate (sponsored)",
                    "Engagement rate (total)"])
    metrics.append(["04/01/2026", 820, 0, 820, 610, 31, 0, 31, 22, 0, 22, 3, 0, 3, 2, 0, 2, 0.07, 0, 0.07])
    metrics.append(["04/02/2026", 1010, 0, 1010, 700, 40, 0, 40, 30, 0, 30, 5, 0, 5, 1, 0, 1, 0.075, 0, 0.075])
    posts = book.create_sheet("All posts")
    posts.append(["Post performance for the selected period"])
    posts.append(["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
                  "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views",
                  "Offsite Views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
                  "Follows", "Engagement rate", "Content Type"])
    posts.append(["Vi søker ny kommunalsjef for helse og omsorg",
                  "https://www.linkedin.com/feed/update/urn:li:activity:7180000000000000001", "Organic", "",
                  "Kari Nordmann", "04/02/2026", "", "", "All followers", 1800, "", "", 95, 0.053, 40, 6, 4,
                  2, 0.08, "Text"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def linkedin_followers_visitors() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    followers = book.active
    followers.title = "New followers"
    followers.append(["Date", "Sponsored followers", "Organic followers", "Auto-invited followers",
                      "Total followers"])
    followers.append(["04/01/2026", 0, 7, 0, 7])
    followers.append(["04/02/2026", 1, 4, 0, 5])
    location = book.create_sheet("Location")
    location.append(["Location", "Total followers"])
    location.append(["Oslo, Norway", 310])
    visitors = book.create_sheet("Visitor metrics")
    visitors.append(["Date", "Overview page views (desktop)", "Overview page views (mobile)",
                     "Overview page views (total)", "Overview unique visitors (desktop)",
                     "Overview unique visitors (mobile)", "Overview unique visitors (total)",
                     "Total page views (desktop)", "Total page views (mobile)", "Total page views (total)",
                     "Total unique visitors (desktop)", "Total unique visitors (mobile)",
                     "Total unique visitors (total)"])
    visitors.append(["04/01/2026", 10, 12, 22, 8, 9, 17, 30, 25, 55, 12, 14, 26])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def youtube_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Table data.csv", YOUTUBE_TABLE_EN)
        archive.writestr("Chart data.csv", YOUTUBE_CHART_EN)
        archive.writestr("Totals.csv", YOUTUBE_TOTALS_EN)
    return buffer.getvalue()


def build() -> None:
    FORMATS.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "meta_facebook_posts.csv": FACEBOOK_POSTS.encode("utf-8"),
        "meta_instagram_posts.csv": INSTAGRAM_POSTS.encode("utf-8"),
        "meta_facebook_page_daily.csv": facebook_daily("Views", [("2026-04-01T00:00:00", "1520"),
                                                                 ("2026-04-02T00:00:00", "1710"),
                                                                 ("2026-04-03T00:00:00", "0")]),
        "youtube_table_data.csv": YOUTUBE_TABLE_EN.encode("utf-8"),
        "youtube_table_data_nb.csv": YOUTUBE_TABLE_NB.encode("utf-8"),
        "youtube_totals.csv": YOUTUBE_TOTALS_EN.encode("utf-8"),
        "youtube_chart_data.csv": YOUTUBE_CHART_EN.encode("utf-8"),
        "youtube_studio_export.zip": youtube_zip(),
        "x_tweet_activity.csv": TWEET_ACTIVITY.encode("utf-8"),
        "linkedin_page_analytics.xlsx": linkedin_content(),
        "linkedin_followers_visitors.xlsx": linkedin_followers_visitors(),
        "ga4_traffic.csv": GA4.encode("utf-8"),
        "meltwater_mentions.csv": MELTWATER.encode("utf-8"),
        "meltwater_mentions_utf16.tsv": "\ufeff".encode("utf-16-le")
        + MELTWATER.replace(",", "\t").encode("utf-16-le"),
        "generic_mentions_cp1252.csv": GENERIC_MENTIONS.encode("cp1252"),
        "canonical_channel_stats.csv": CANONICAL_STATS.encode("utf-8"),
        "canonical_posts.csv": CANONICAL_POSTS.encode("utf-8"),
        "canonical_web_traffic.csv": CANONICAL_WEB.encode("utf-8"),
    }
    for name, data in files.items():
        (FORMATS / name).write_bytes(data)


if __name__ == "__main__":
    build()
    import malformed_cases  # noqa: E402  (same folder)
    malformed_cases.build()
