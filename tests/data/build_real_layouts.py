"""Build the fixtures in tests/data/real_layouts/: the export variants seen in genuine client files
(issue 13), written byte for byte as the platforms write them (encodings, BOMs, ``sep=`` lines,
quoting, CRLF line ends, description rows). Never generated from the demo data. Run once:
``.venv/bin/python tests/data/build_real_layouts.py``; the files are committed and this script
documents how they were made. The figures the tests expect are computed by hand in the tests.
"""
from __future__ import annotations

import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "real_layouts"
CRLF = "\r\n"


def utf8_bom(lines: list[str], end: str = CRLF) -> bytes:
    return ("\ufeff" + end.join(lines) + end).encode("utf-8")


def utf16_meta(lines: list[str]) -> bytes:
    """Meta Business Suite's daily files: UTF-16 LE with BOM, CRLF, a ``sep=,`` first line."""
    return "\ufeff".encode("utf-16-le") + (CRLF.join(lines) + CRLF).encode("utf-16-le")


# 1. Legacy "Facebook Insights Data Export (Post Level)": BOM, header quoted where a name has spaces,
# a description row under the header, no Paid column, two names repeated.
LEGACY_POST_HEADER = ('"Post ID",Permalink,"Post Message",Type,Countries,Languages,Posted,"Audience Targeting",'
                      '"Lifetime Post Total Reach","Lifetime Post organic reach","Lifetime Post Paid Reach",'
                      '"Lifetime Post Total Impressions","Lifetime Post Organic Impressions",'
                      '"Lifetime Post Paid Impressions","Lifetime Engaged Users","Lifetime Post Consumers",'
                      '"Lifetime Post Stories by action type - comment","Lifetime Post Stories by action type - like",'
                      '"Lifetime Post Stories by action type - share","Lifetime Organic watches at 95%",'
                      '"Lifetime Organic watches at 95%","Lifetime Organic Video Views","Lifetime Organic Video Views"')
LEGACY_POST_DESCRIPTION = (
    ',,,,,,,,"Lifetime: The total number of people your Page post was served to. (Unique Users)",'
    '"Lifetime: The number of people who saw your Page post in news feed or ticker, or on your Page\'s timeline. '
    '(Unique Users)","Lifetime: The number of people your advertised Page post was served to. (Unique Users)",'
    '"Lifetime: The number of impressions of your Page post. (Total Count)",'
    '"Lifetime: The number of impressions of your Page post in an Organic way. (Total Count)",'
    '"Lifetime: The number of impressions of your Page post in an Ad or Sponsored Story. (Total Count)",'
    '"Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)",'
    '"Lifetime: The number of people who clicked anywhere in your post. (Unique Users)",'
    '"Lifetime: The number of stories created about your Page post, by action type. (Total Count)",'
    '"Lifetime: The number of stories created about your Page post, by action type. (Total Count)",'
    '"Lifetime: The number of stories created about your Page post, by action type. (Total Count)",'
    '"Lifetime: Number of times your video was viewed to 95% of its length without any paid promotion. '
    '(Unique Users)","Lifetime: Number of times your video was viewed to 95% of its length without any paid '
    'promotion. (Total Count)","Lifetime: Number of times your video was viewed for more than 3 seconds without '
    'any paid promotion. (Unique Users)","Lifetime: Number of times your video was viewed for more than 3 '
    'seconds without any paid promotion. (Total Count)"')
LEGACY_POST_ROWS = [
    '123456789012345_1000000000000001,https://www.facebook.com/123456789012345/posts/1000000000000001,'
    '"Badeplassen på Nordstranda er åpen, velkommen!",Photo,,,06/15/2015 10:30:00 AM,,5000,4200,800,9000,7500,'
    '1500,620,410,12,230,18,,,,',
    '123456789012345_1000000000000002,https://www.facebook.com/123456789012345/videos/1000000000000002/,'
    '"Se filmen fra 17. mai",Video,,,05/17/2015 02:15:00 PM,,12000,12000,0,20000,20000,0,1500,900,40,700,55,'
    '310,290,4100,2900',
    '123456789012345_1000000000000003,https://www.facebook.com/123456789012345/posts/1000000000000003,'
    '"Les mer om ny skolestruktur: http://www.fjordvik.kommune.no/skole",Link,,,04/02/2015 08:00:00 AM,,2100,'
    '2100,,3000,3000,,150,90,5,60,4,,,,',
]

# The page-level export of the same era: Date, then lifetime and daily page metrics.
LEGACY_PAGE_HEADER = ('Date,"Lifetime Total Likes","Daily New Likes","Daily Unlikes","Daily Page Engaged Users",'
                      '"Daily Total Reach","Daily Organic Reach","Daily Total Impressions"')
LEGACY_PAGE_DESCRIPTION = (',"Lifetime: The total number of people who have liked your Page. (Unique Users)",'
                           '"Daily: The number of new people who have liked your Page. (Unique Users)",'
                           '"Daily: The number of Unlikes of your Page. (Unique Users)",'
                           '"Daily: The number of people who engaged with your Page. (Unique Users)",'
                           '"Daily: The number of people who had any content from your Page or about your Page '
                           'enter their screen. (Unique Users)","Daily: The number of people who visited your '
                           'Page, or saw your Page or one of its posts in news feed or ticker. (Unique Users)",'
                           '"Daily: The number of impressions seen of any content associated with your Page. '
                           '(Total Count)"')
LEGACY_PAGE_ROWS = ["2015-06-01,4210,12,3,88,1500,1320,4100",
                    "2015-06-02,4219,10,1,95,1720,1600,4630",
                    "2015-06-03,4219,2,2,40,900,880,2050"]

# 2. Meta Business Suite, Spanish interface: a daily file of an Instagram metric, and a post export.
META_DAILY_ES = ['sep=,', '"Alcance de Instagram"', '"Fecha","Primary"',
                 '"2025-03-01T00:00:00","1204"', '"2025-03-02T00:00:00","987"', '"2025-03-03T00:00:00","0"']
# ... and a Norwegian (bokmål) Facebook page daily file.
META_DAILY_NB = ['sep=,', '"Facebook-visninger"', '"Dato","Primary"',
                 '"2025-03-01T00:00:00","3310"', '"2025-03-02T00:00:00","2875"']
META_POSTS_ES = [
    'Identificador de la publicación,Identificador de la página,Nombre de la página,Título,Descripción,'
    'Duración (s),Hora de publicación,Tipo de pie de foto,Enlace permanente,Es una publicación compartida,'
    'Tipo de publicación,Idiomas,Etiquetas personalizadas,Comentario sobre los datos,Fecha,Visualizaciones,'
    'Alcance,"Reacciones, comentarios y veces que se compartió",Reacciones,Comentarios,Veces compartido,'
    'Clics totales,Clics en el enlace,Otros clics',
    '111222333444555_900000000000001,111222333444555,Ayuntamiento de Fjordvik,,"Abrimos la nueva playa, '
    '¡bienvenidos!",,03/05/2025 09:30,,https://www.facebook.com/111222333444555/posts/900000000000001,No,'
    'Fotos,,,,Total,"2,450","1,980",142,120,15,7,210,60,150',
    '111222333444555_900000000000002,111222333444555,Ayuntamiento de Fjordvik,Aviso,"Corte de agua el martes",'
    ',03/06/2025 18:05,,https://www.facebook.com/111222333444555/posts/900000000000002,No,Enlaces,,,,Total,'
    '812,640,35,20,12,3,88,80,8',
]

# 4. X tweet activity, 2015-era layout: "favorites" instead of "likes", no media columns.
X_2015 = [
    '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate",'
    '"retweets","replies","favorites","user profile clicks","url clicks","hashtag clicks","detail expands",'
    '"permalink clicks","embedded media clicks","app opens","app installs","follows","email tweet","dial phone"',
    '"612345678901234567","https://twitter.com/fjordvik/status/612345678901234567","Nytt badeanlegg åpner i '
    'dag!","2015-06-20 08:15 +0000","1520.0","61.0","0.040131578947368","4.0","2.0","11.0","5.0","20.0","0.0",'
    '"19.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0"',
    '"611111111111111111","https://twitter.com/fjordvik/status/611111111111111111","Stengt vei på '
    'Fjordvegen","2015-06-16 13:02 +0000","830.0","12.0","0.014457831325301","1.0","0.0","3.0","0.0","6.0",'
    '"0.0","2.0","0.0","0.0","0.0","0.0","0.0","0.0","0.0"',
]

# 6. GA4: a comment block, then several tables separated by blank lines.
GA4_CHANNELS = [
    "# ----------------------------------------",
    "# Traffic acquisition: Session primary channel group (Default channel group)",
    "# Account: Fjordvik kommune",
    "# Property: fjordvik.kommune.no - GA4",
    "# ----------------------------------------",
    "# ",
    "# Start date: 20240401",
    "# End date: 20240403",
    "Session primary channel group (Default channel group),Date,Sessions,Engaged sessions,Engagement rate",
    "Organic Search,20240401,120,80,0.6666666666666666",
    "Direct,20240401,60,30,0.5",
    "Organic Search,20240402,140,95,0.6785714285714286",
    "Referral,20240402,12,6,0.5",
    "Organic Social,20240403,9,4,0.4444444444444444",
    "",
    "Session primary channel group (Default channel group),Sessions",
    "Organic Search,260",
    "Direct,60",
    "Referral,12",
    "Organic Social,9",
]
GA4_SNAPSHOT = [
    "# ----------------------------------------",
    "# Reports snapshot",
    "# Account: Fjordvik kommune",
    "# Property: fjordvik.kommune.no - GA4",
    "# ----------------------------------------",
    "# ",
    "# Start date: 20240401",
    "# End date: 20240402",
    "Nth day,Active users",
    "0000,310",
    "0001,295",
    "",
    "Session source / medium,Date + hour (YYYYMMDDHH),Sessions",
    "google / organic,2024040108,30",
    "google / organic,2024040109,25",
    "(direct) / (none),2024040108,11",
    "google / organic,2024040210,40",
    "",
    "Country,Active users",
    "Norway,580",
    "Sweden,12",
    "",
    "Page title and screen class,Views",
    "Fjordvik kommune - Forside,900",
    "",
    "Date,Event count",
    "20240401,5400",
    "20240402,5120",
]

# 7. YouTube Studio, Totals.csv re-saved by a spreadsheet with day-first dashes.
YOUTUBE_TOTALS_DMY = ["Date,Views", "11-06-2025,150", "12-06-2025,175", "13-06-2025,162", "14-06-2025,98"]

# 8. A customer-care CSV re-saved by pandas: an unnamed index column, ids written as floats, and a bare
# carriage return inside an unquoted text.
CUSTOMER_CARE_PANDAS = (
    ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
    "0,1.0,115712,True,Tue Oct 31 22:10:47 +0000 2017,@sprintcare hvorfor er nettet nede?,2.0,\n"
    "1,2.0,sprintcare,False,Tue Oct 31 22:14:00 +0000 2017,@115712 Vi ser på det nå ^AB,,1.0\n"
    "2,3.0,115713,True,Tue Oct 31 22:20:00 +0000 2017,@sprintcare takk\rfor svaret,,2.0\n"
    "3,4.0,115714,True,Tue Oct 31 23:00:00 +0000 2017,\"@sprintcare linje en\nlinje to\",,\n"
)


# 7. YouTube Studio advanced export by traffic source (LF line ends, no BOM, as the genuine files are).
YOUTUBE_SOURCE_TABLE = [
    "Traffic source,Views,Watch time (hours),Average view duration,Impressions,Impressions click-through rate (%)",
    "Total,1000,41.5,0:02:29,8000,6.1",
    "YouTube search,600,25.0,0:02:30,5000,7.2",
    "External,150,6.2,0:02:28,,",
    "Browse features,200,8.1,0:02:26,3000,4.5",
    "Direct or unknown,45,2.0,0:02:40,,",
]
YOUTUBE_SOURCE_CHART = [
    "Date,Traffic source,Views",
    "2025-03-01,YouTube search,310",
    "2025-03-02,YouTube search,290",
    "2025-03-01,External,70",
    "2025-03-02,External,80",
    "2025-03-01,Browse features,100",
    "2025-03-02,Browse features,100",
]


def linkedin_creator() -> bytes:
    """LinkedIn creator analytics: five sheets, two side-by-side tables in TOP POSTS (as the genuine file)."""
    from openpyxl import Workbook

    book = Workbook()
    discovery = book.active
    discovery.title = "DISCOVERY"
    discovery.append(["Overall Performance", "3/1/2025 - 3/3/2025"])
    discovery.append(["Impressions", 530])
    discovery.append(["Unique views", 300])
    engagement = book.create_sheet("ENGAGEMENT")
    engagement.append(["Date", "Impressions", "Engagements"])
    for row in (["3/2/2025", 200, 9], ["3/1/2025", 100, 4], ["3/3/2025", 230, 12]):
        engagement.append(row)
    top = book.create_sheet("TOP POSTS")
    top.append(["Maximum of 50 posts available to include in this list"])
    top.append([])
    top.append(["Post URL", "Post publish date", "Engagements", None, "Post URL", "Post publish date", "Impressions"])
    first = "https://www.linkedin.com/feed/update/urn:li:activity:7301000000000000001"
    second = "https://www.linkedin.com/feed/update/urn:li:activity:7301000000000000002"
    top.append([first, "3/1/2025", 14, None, second, "3/2/2025", 260])
    top.append([second, "3/2/2025", 9, None, first, "3/1/2025", 180])
    followers = book.create_sheet("FOLLOWERS")
    followers.append(["Total followers on 3/3/2025:", 512])
    followers.append([])
    followers.append(["Date", "New followers"])
    for row in (["3/1/2025", 3], ["3/2/2025", 0], ["3/3/2025", 5]):
        followers.append(row)
    demographics = book.create_sheet("DEMOGRAPHICS")
    demographics.append(["Top Demographics", "Value", "Percentage"])
    demographics.append(["Locations", "Bergen, Vestland", 0.31])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def linkedin_boosted() -> bytes:
    """LinkedIn page content export of a page that boosts posts: Organic, Sponsored and Total rows."""
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
    metrics.append(["03/03/2025", 900, 2500, 3400, 640, 30, 45, 75, 20, 9, 29, 4, 1, 5, 2, 0, 2, 0.06, 0.02, 0.03])
    posts = book.create_sheet("All posts")
    posts.append(["Post performance for the selected period"])
    posts.append(["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
                  "Campaign start date", "Campaign end date", "Audience", "Impressions", "Views",
                  "Offsite Views", "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
                  "Follows", "Engagement rate", "Content Type"])
    link = "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001"
    posts.append(["Vi søker sykepleiere", link, "Organic", "", "Kari Nordmann", "03/03/2025", "", "",
                  "All followers", 900, "", "", 30, 0.033, 20, 4, 2, 0, 0.062, ""])
    posts.append(["Vi søker sykepleiere", link, "Sponsored", "Rekruttering mars", "Kari Nordmann", "03/03/2025",
                  "03/03/2025", "03/10/2025", "Helse, Vestland", 1500, "", "", 25, 0.017, 5, 1, 0, 3, 0.02, ""])
    posts.append(["Vi søker sykepleiere", link, "Sponsored", "Rekruttering mars 2", "Kari Nordmann",
                  "03/03/2025", "03/04/2025", "03/10/2025", "Helse, Rogaland", 1000, "", "", 20, 0.02, 4, 0, 0,
                  1, 0.024, ""])
    posts.append(["Vi søker sykepleiere", link, "Total", "", "Kari Nordmann", "03/03/2025", "", "", "",
                  3400, "", "", 75, 0.022, 29, 5, 2, 4, 0.033, ""])
    posts.append(["Nytt fra kommunestyret",
                  "https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000002", "Organic", "",
                  "Ola Nordmann", "03/05/2025", "", "", "All followers", 410, "", "", 12, 0.029, 9, 1, 0, 0,
                  0.054, "Article"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "legacy_insights_post_level.csv": utf8_bom([LEGACY_POST_HEADER, LEGACY_POST_DESCRIPTION, *LEGACY_POST_ROWS]),
        "legacy_insights_page_level.csv": utf8_bom([LEGACY_PAGE_HEADER, LEGACY_PAGE_DESCRIPTION, *LEGACY_PAGE_ROWS]),
        "meta_daily_instagram_es.csv": utf16_meta(META_DAILY_ES),
        "meta_daily_facebook_nb.csv": utf16_meta(META_DAILY_NB),
        "meta_posts_es.csv": utf8_bom(META_POSTS_ES, end="\n"),
        "x_tweet_activity_2015.csv": ("\n".join(X_2015) + "\n").encode("utf-8"),
        "linkedin_content_boosted.xlsx": linkedin_boosted(),
        "ga4_channel_groups.csv": ("\n".join(GA4_CHANNELS) + "\n").encode("utf-8"),
        "ga4_reports_snapshot.csv": ("\n".join(GA4_SNAPSHOT) + "\n").encode("utf-8"),
        "youtube_totals_day_first.csv": ("\n".join(YOUTUBE_TOTALS_DMY) + "\n").encode("utf-8"),
        "customer_care_resaved.csv": CUSTOMER_CARE_PANDAS.encode("utf-8"),
        "youtube_traffic_source_table.csv": ("\n".join(YOUTUBE_SOURCE_TABLE) + "\n").encode("utf-8"),
        "youtube_traffic_source_chart.csv": ("\n".join(YOUTUBE_SOURCE_CHART) + "\n").encode("utf-8"),
        "linkedin_creator.xlsx": linkedin_creator(),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    build()
