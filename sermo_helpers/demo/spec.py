"""What the generator varies in numbers between the two demo clients: calendar, channels, rates."""
from __future__ import annotations

import datetime as dt

DEMO_SLUGS = ("fjordvik", "coastline")

# ---------------------------------------------------------------------------------------------
# Client specifications: everything the generator varies between the two demos.
# ---------------------------------------------------------------------------------------------
SPECS = {
    "fjordvik": {
        "start": dt.date(2026, 4, 1), "end": dt.date(2026, 9, 30),
        "episode": (dt.date(2026, 6, 8), dt.date(2026, 6, 14)),
        "episode_extra": [40, 72, 66, 52, 44, 40, 38],
        # channel: (account, posts/week, {post_type: weight}, median reach/post, engagement rate,
        #            start followers, daily follower gain, baseline daily account reach)
        "channels": {
            "facebook": ("fjordvikkommune", 4.0, {"photo": 0.38, "video": 0.17, "link": 0.3, "status": 0.15},
                         1900, 0.040, 5780, 1.7, 900),
            "instagram": ("fjordvikkommune", 2.0, {"photo": 0.6, "reel": 0.4}, 1350, 0.070, 1840, 1.6, 420),
            "x": ("FjordvikKommune", 6.0, {"status": 0.55, "link": 0.35, "photo": 0.1}, 210, 0.011, 1485, 0.15, 140),
            "youtube": ("fjordvikkommune", 0.5, {"video": 1.0}, 520, 0.045, 282, 0.36, 60),
            "linkedin": ("fjordvik-kommune", 1.0, {"article": 0.3, "link": 0.4, "photo": 0.3}, 640, 0.030, 866, 0.45, 80),
        },
        "type_boost": {"video": 1.9, "reel": 1.45, "photo": 1.2, "status": 1.0, "article": 1.0, "link": 0.7},
        "subjects": {"fjordvik": 0.55, "havnes": 0.25, "sjoberg": 0.20},
        "base_daily_mentions": 5.6,
        "languages": {"nb": 0.67, "nn": 0.13, "en": 0.20},
        "episode_languages": {"nb": 0.62, "nn": 0.33, "en": 0.05},
        "tones": {"fjordvik": (0.32, 0.48, 0.20), "havnes": (0.38, 0.45, 0.17), "sjoberg": (0.30, 0.50, 0.20)},
        "mention_channels": {"x": 0.28, "facebook": 0.27, "instagram": 0.12, "news": 0.15, "blog": 0.04, "forum": 0.14},
        "news_domains": {"nb": {"fjordvikavis.no": 0.5, "nrk.no": 0.2, "bt.no": 0.2, "vl.no": 0.1},
                         "nn": {"nrk.no": 0.5, "fjordvikavis.no": 0.3, "bt.no": 0.1, "vl.no": 0.1}},
        "blog_domains": {"fjordliv.blogg.no": 0.5, "kystmamma.blogg.no": 0.25, "turivest.blogg.no": 0.25},
        "forum_domains": {"forum.foreldrepraten.no": 0.5, "kystforum.no": 0.3, "diskusjon.no": 0.2},
        "conversation_channels": {"facebook": 130, "x": 85, "instagram": 60},
        "episode_complaints": {"facebook": 24, "x": 14},
        "response": {  # channel: (rate, in-hours median minutes, sigma)
            "facebook": (0.95, 26, 0.6), "x": (0.64, 450, 0.7), "instagram": (0.30, 260, 0.8)},
        "episode_response": (0.35, 2400, 0.4),
        "responders": {"AH": 0.6, "BK": 0.28, "CL": 0.12},
        "web": {  # (source, medium): (weekday sessions, weekend factor, episode factor)
            ("google", "organic"): (820, 0.55, 1.6), ("bing", "organic"): (42, 0.6, 1.3),
            ("(direct)", "(none)"): (330, 0.6, 1.4), ("facebook", "social"): (70, 0.8, 5.0),
            ("nrk.no", "referral"): (4, 0.8, 18.0), ("fjordvikavis.no", "referral"): (22, 0.7, 4.5),
            ("instagram", "social"): (18, 1.0, 1.5), ("t.co", "referral"): (3, 0.8, 2.0),
        },
    },
    "coastline": {
        "start": dt.date(2026, 7, 1), "end": dt.date(2026, 9, 30),
        "episode": (dt.date(2026, 8, 17), dt.date(2026, 8, 21)),
        "episode_extra": [8, 14, 11, 8, 7],
        "channels": {
            "facebook": ("coastlinehealth", 3.0, {"photo": 0.45, "video": 0.2, "link": 0.35}, 1100, 0.035, 3150, 1.6, 500),
            "x": ("CoastlineHealth", 3.0, {"status": 0.5, "link": 0.5}, 160, 0.010, 812, 0.1, 60),
            "linkedin": ("coastline-health-trust", 2.0, {"article": 0.5, "photo": 0.5}, 700, 0.030, 1790, 1.2, 110),
        },
        "type_boost": {"video": 1.9, "photo": 1.2, "status": 1.0, "article": 1.0, "link": 0.7},
        "subjects": {"coastline": 0.6, "northbay": 0.4},
        "base_daily_mentions": 1.2,
        "languages": {"en": 0.8, "nb": 0.2},
        "episode_languages": {"en": 0.6, "nb": 0.4},
        "tones": {"coastline": (0.35, 0.45, 0.20), "northbay": (0.33, 0.47, 0.20)},
        "mention_channels": {"x": 0.35, "facebook": 0.3, "linkedin": 0.1, "news": 0.2, "forum": 0.05},
        "news_domains": {"en": {"coastlinetimes.no": 0.75, "thelocal.no": 0.25}, "nb": {"nrk.no": 1.0}},
        "blog_domains": {"nurseingrid.blogg.no": 1.0},
        "forum_domains": {"forum.helsepraten.no": 1.0},
        "conversation_channels": {"facebook": 24, "x": 14},
        "episode_complaints": {"facebook": 6, "x": 4},
        "response": {"facebook": (0.9, 50, 0.7), "x": (0.6, 420, 0.7)},
        "episode_response": (0.35, 2400, 0.4),
        "responders": {"MS": 0.7, "TO": 0.3},
        "web": {
            ("google", "organic"): (640, 0.6, 1.3), ("bing", "organic"): (30, 0.6, 1.2),
            ("(direct)", "(none)"): (260, 0.7, 1.2), ("facebook", "social"): (35, 0.8, 2.0),
            ("coastlinetimes.no", "referral"): (6, 0.8, 8.0),
        },
    },
}

INFLUENCERS = {  # author: (role, subject-specific channel, domain, followers, posts/week, episode posts)
    "fjordvik": {
        "Fjordvik Avis": ("journalist", "news", "fjordvikavis.no", 8600, 2.0, 7),
        "NRK Vestland": ("journalist", "news", "nrk.no", 118000, 0.25, 4),
        "@fjordlivblogg": ("advocate", "blog", "fjordliv.blogg.no", 4300, 1.2, 1),
        "@kystforskar": ("expert", "x", "x.com", 3200, 0.5, 5),
        "@fjordvikungdom": ("amplifier", "instagram", "instagram.com", 2700, 2.5, 3),
        "@vasskjelda": ("critic", "x", "x.com", 940, 0.5, 26),
    },
    "coastline": {
        "Coastline Times": ("journalist", "news", "coastlinetimes.no", 6400, 1.0, 4),
        "@nurse_ingrid": ("advocate", "x", "x.com", 2100, 0.8, 0),
        "@dr_kvam": ("expert", "x", "x.com", 2600, 0.4, 2),
        "@waitwatch": ("critic", "x", "x.com", 610, 0.3, 9),
    },
}
