"""Demo clients: a deterministic generator of fictional but realistic data, with planted facts.

Two demo clients exist: ``fjordvik`` (Fjordvik kommune, a west-coast municipality of about 12 000
inhabitants, bokmål handout) and ``coastline`` (Coastline Health Trust, smaller, English handout).
:func:`generate_demo` builds their four canonical frames from a seeded ``numpy`` generator;
:func:`write_demo_data` writes them as byte-stable CSV files under ``data/clients/<slug>/``;
:func:`demo_truth` returns what each mention was meant to be (tone, language, role, episode), which
the canonical mentions deliberately do not carry. :data:`PLANTED` documents the facts planted in
the data, so the stages' tests can assert that each stage finds them.

Nothing here reads files or touches the network; importing the module has no side effects.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from . import paths
from .errors import ConfigError
from .files import atomic_write
from .schema import BOOL, DATE, DATETIME, FLOAT, SCHEMAS, FrameSchema

DEMO_SLUGS = ("fjordvik", "coastline")
FRAME_NAMES = ("channel_stats", "posts", "mentions", "web_traffic")
DEFAULT_SEEDS = {"fjordvik": 20260401, "coastline": 20260701}
_WORD = re.compile(r"[^\W_]+")
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "é": "e", "ü": "u"})
_SENTENCE_START_THING = re.compile(r"(^|[.!?:]\s+|☀️\s+)\{thing\}")
TRUTH_COLUMNS = ["mention_id", "subject", "kind", "role", "tone", "language", "topic", "is_episode"]

# ---------------------------------------------------------------------------------------------
# PLANTED: the facts deliberately built into the demo data. Other stages' tests assert these.
# Values are the *intended* ones; tests/test_demo.py checks that the generated data hold them
# (within the stated bands) using plain pandas.
# ---------------------------------------------------------------------------------------------
PLANTED: dict[str, dict] = {
    "fjordvik": {
        # Reporting period and time zone, identical to clients/fjordvik.yaml.
        "period": {"start": "2026-04-01", "end": "2026-09-30"},
        "timezone": "Europe/Oslo",
        # The client's own accounts per channel (author of own replies; account in posts/stats).
        "own_accounts": {"facebook": "fjordvikkommune", "instagram": "fjordvikkommune", "x": "FjordvikKommune",
                         "youtube": "fjordvikkommune", "linkedin": "fjordvik-kommune"},
        # The criticism episode: a boil-water notice (E. coli in the water supply). Local dates,
        # inclusive. Daily non-own mentions of the client are at least `min_daily_ratio` times the
        # median daily volume outside the episode on every episode day; at least
        # `negative_share_min` of the episode's extra mentions are meant negative; most episode
        # texts contain at least one of `topic_terms` (lower case, as they appear in the texts).
        "criticism_episode": {
            "start": "2026-06-08", "end": "2026-06-14",
            "topic_terms": ["kokevarsel", "kokevarselet", "drikkevann", "drikkevatn", "vannverket", "e. coli"],
            "min_daily_ratio": 5.0,
            "negative_share_min": 0.6,
            "languages": ["nb", "nn"],
        },
        # Influencers (author exactly as in mentions.author) and their roles. Each stands out by
        # reach or engagement and by replies (in_reply_to) to their messages.
        "influencers": {
            "Fjordvik Avis": "journalist",   # local newspaper, fjordvikavis.no
            "NRK Vestland": "journalist",    # public broadcaster, nrk.no, very large reach
            "@fjordlivblogg": "advocate",    # positive local blogger, fjordliv.blogg.no + instagram
            "@kystforskar": "expert",        # marine/water researcher on x, neutral and informative
            "@fjordvikungdom": "amplifier",  # mostly shares others' posts ("RT @…" / "Deler: …")
            "@vasskjelda": "critic",         # private person, many negative posts in the episode
        },
        # The private critic (not a public figure: pseudonymise in handouts).
        "critic": "@vasskjelda",
        # How an amplifier's shares are marked in mention texts.
        "share_markers": ["RT @", "Deler: "],
        # Outlets, expert and blogger named in clients/fjordvik.yaml public_figures.
        "public_figures": ["Fjordvik Avis", "NRK Vestland", "@kystforskar", "@fjordlivblogg"],
        # Staff codes answering on the client's accounts (mentions.responder), with intended shares
        # of own replies; AH does most.
        "responders": {"AH": 0.6, "BK": 0.28, "CL": 0.12},
        "main_responder": "AH",
        # Intended response behaviour on the client's own accounts. rate = share of inbound threads
        # (questions and complaints) with an own reply; median_minutes = median time from the
        # thread's first message to the first own reply, over answered threads, all threads
        # of the period included.
        "response": {
            "facebook": {"rate": 0.85, "median_minutes": 40, "mostly_business_hours": True},
            "x": {"rate": 0.60, "median_minutes": 600},
            "instagram": {"rate": 0.30, "median_minutes": 300},
            "overall_rate": 0.65,
            # Negative inbound during the criticism episode: answered rarely and slowly.
            "episode_negative": {"rate": 0.35, "median_minutes_above": 1440},
            # Share of inbound threads that start outside business hours (evenings, weekends).
            "outside_business_hours_share": 0.3,
        },
        # Content planted in posts: on facebook, video has the highest engagement rate by reach
        # ((reactions + comments + shares) / reach); posts published 19–21 local time (hours 19, 20
        # and 21) earn clearly more engagement per reach than morning posts (hours 6–11), ratio >= 1.4.
        "best_post_type": {"facebook": "video", "instagram": "reel"},
        "best_hours_local": [19, 20, 21],
        "morning_hours_local": [6, 7, 8, 9, 10, 11],
        "evening_to_morning_engagement_ratio_min": 1.4,
        # Share of voice among non-own mentions by subject (client vs peers).
        "share_of_voice": {"fjordvik": 0.55, "havnes": 0.25, "sjoberg": 0.20},
        # Written language of non-own mentions (truth in demo_truth; mentions.language is empty).
        "language_shares": {"nb": 0.70, "nn": 0.15, "en": 0.15},
        # Intended tone of the client's non-own mentions outside the episode.
        "tone_shares_baseline": {"positive": 0.32, "neutral": 0.48, "negative": 0.20},
        # Channel-mix imbalance for the Strategy stage: much effort where the Norwegian audience is
        # small (x), little where it is large (instagram, youtube). posts_per_week is the intended
        # publishing rate; reach per post is far lower on x than on instagram and youtube.
        "channel_mix": {
            "posts_per_week": {"facebook": 4.0, "instagram": 2.0, "x": 6.0, "youtube": 0.5, "linkedin": 1.0},
            "overinvested": ["x"],
            "underinvested": ["instagram", "youtube"],
        },
        # Followers at the end of the period, approximately (channel_stats metric followers).
        "followers_end": {"facebook": 6180, "instagram": 2150, "x": 1480, "linkedin": 935, "youtube": 300},
        # Web traffic: google/organic is the largest source; these rise in the episode week.
        "web_traffic": {"largest": ["google", "organic"],
                        "episode_up": [["facebook", "social"], ["nrk.no", "referral"],
                                       ["fjordvikavis.no", "referral"]]},
    },
    "coastline": {
        "period": {"start": "2026-07-01", "end": "2026-09-30"},
        "timezone": "Europe/Oslo",
        "own_accounts": {"facebook": "coastlinehealth", "x": "CoastlineHealth", "linkedin": "coastline-health-trust"},
        # A smaller episode: criticism of emergency-department waiting times after a newspaper story.
        "criticism_episode": {
            "start": "2026-08-17", "end": "2026-08-21",
            "topic_terms": ["waiting times", "emergency department", "ventetid", "akuttmottaket"],
            "min_daily_ratio": 3.0,
            "negative_share_min": 0.6,
            "languages": ["en", "nb"],
        },
        "influencers": {
            "Coastline Times": "journalist",  # regional paper, coastlinetimes.no
            "@nurse_ingrid": "advocate",      # positive nurse and blogger
            "@dr_kvam": "expert",             # health researcher
            "@waitwatch": "critic",           # private critic of waiting times
        },
        "critic": "@waitwatch",
        "share_markers": ["RT @"],
        "public_figures": ["Coastline Times", "@dr_kvam", "@nurse_ingrid"],
        "responders": {"MS": 0.7, "TO": 0.3},
        "main_responder": "MS",
        "response": {
            "facebook": {"rate": 0.8, "median_minutes": 120},
            "x": {"rate": 0.5, "median_minutes": 480},
            "overall_rate": 0.65,
            "episode_negative": {"rate": 0.35, "median_minutes_above": 1440},
            "outside_business_hours_share": 0.3,
        },
        "best_post_type": {"facebook": "video"},
        "best_hours_local": [19, 20, 21],
        "morning_hours_local": [6, 7, 8, 9, 10, 11],
        "evening_to_morning_engagement_ratio_min": 1.4,
        "share_of_voice": {"coastline": 0.6, "northbay": 0.4},
        "language_shares": {"en": 0.8, "nb": 0.2},
        "tone_shares_baseline": {"positive": 0.35, "neutral": 0.45, "negative": 0.20},
        "channel_mix": {
            "posts_per_week": {"facebook": 3.0, "x": 3.0, "linkedin": 2.0},
            "overinvested": ["x"],
            "underinvested": ["facebook"],
        },
        "followers_end": {"facebook": 3300, "x": 820, "linkedin": 1900},
        "web_traffic": {"largest": ["google", "organic"], "episode_up": [["coastlinetimes.no", "referral"]]},
    },
}

# ---------------------------------------------------------------------------------------------
# Client specifications: everything the generator varies between the two demos.
# ---------------------------------------------------------------------------------------------
_SPECS = {
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

_INFLUENCERS = {  # author: (role, subject-specific channel, domain, followers, posts/week, episode posts)
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

# ---------------------------------------------------------------------------------------------
# Text banks. Every template is filled from slot lists, so texts vary. {name} is the subject's
# name, {thing} a local matter, {place} a place, {event} an event.
# ---------------------------------------------------------------------------------------------
_NAMES = {
    "fjordvik": {"nb": ["Fjordvik kommune", "Fjordvik", "#fjordvik", "kommunen i Fjordvik", "Fjordvik"],
                 "nn": ["Fjordvik kommune", "Fjordvik", "kommunen vår i Fjordvik", "#fjordvik"],
                 "en": ["Fjordvik", "Fjordvik municipality", "#fjordvik", "the town of Fjordvik"]},
    "havnes": {"nb": ["Havnes kommune", "Havnes", "#havnes"], "nn": ["Havnes kommune", "Havnes"],
               "en": ["Havnes", "Havnes municipality"]},
    "sjoberg": {"nb": ["Sjøberg kommune", "Sjøberg", "#sjøberg"], "nn": ["Sjøberg kommune", "Sjøberg"],
                "en": ["Sjøberg", "Sjøberg municipality"]},
    "coastline": {"en": ["Coastline Health Trust", "Coastline Health", "#coastlinehealth", "Coastline hospital"],
                  "nb": ["Coastline helseforetak", "Coastline Health", "sykehuset i Coastline"]},
    "northbay": {"en": ["Northbay Hospital Trust", "Northbay Hospital", "#northbay"],
                 "nb": ["Northbay sykehus", "Northbay"]},
}
_PLACES = {
    "fjordvik": ["Strandgata", "Kaiveien", "Nordvågen", "Bergsletta", "sentrum", "Holmen", "Fjordvik kai",
                 "Lia", "Sandvika", "Storhaugen"],
    "havnes": ["Havnes sentrum", "Moloen", "Øvre Havnes", "Bryggekaia", "Nesvegen"],
    "sjoberg": ["Sjøberg torg", "Elvebakken", "Sjøberg stadion", "Kirkevegen", "Bakkane"],
    "coastline": {"en": ["the main hospital", "the Vik clinic", "the outpatient clinic", "the A&E", "the harbour clinic"],
                  "nb": ["hovedsykehuset", "Vik-klinikken", "poliklinikken", "akuttmottaket", "havneklinikken"]},
    "northbay": {"en": ["Northbay General", "the north wing", "the Bay clinic"],
                 "nb": ["Northbay sentralsykehus", "nordfløyen", "Bay-klinikken"]},
}
_THINGS = {
    "municipal": {
        "nb": ["veiarbeidet i {place}", "den nye gang- og sykkelveien til {place}", "biblioteket", "kulturhuset",
               "svømmehallen", "den nye barnehagen på {place}", "Bergsletta skole", "søppeltømmingen",
               "brøytingen i vinter", "bussrutene til {place}", "ferjesambandet", "reguleringsplanen for {place}",
               "kommunestyremøtet", "eiendomsskatten", "legevakten", "sommerjobbene for ungdom",
               "turstien langs fjorden", "parkeringen ved {place}", "badeplassen i {place}", "byggesaksbehandlingen",
               "hjemmetjenesten", "det nye helsehuset", "ungdomsklubben", "gatelysene i {place}"],
        "nn": ["vegarbeidet i {place}", "den nye gang- og sykkelvegen til {place}", "biblioteket", "kulturhuset",
               "symjehallen", "den nye barnehagen på {place}", "skulen på Bergsletta", "søppeltøminga",
               "bussrutene til {place}", "ferjesambandet", "reguleringsplanen for {place}", "kommunestyremøtet",
               "eigedomsskatten", "legevakta", "sommarjobbane for ungdom", "turstien langs fjorden",
               "parkeringa ved {place}", "badeplassen i {place}", "heimetenesta", "det nye helsehuset",
               "ungdomsklubben", "gatelysa i {place}"],
        "en": ["the road works in {place}", "the new cycle path to {place}", "the library", "the culture house",
               "the swimming pool", "the ferry connection", "the bus service to {place}", "the fjord hiking trail",
               "the guest harbour", "parking near {place}", "the beach at {place}", "the summer festival",
               "the tourist office", "the new health centre"],
    },
    "health": {
        "en": ["waiting times at {place}", "the emergency department", "the maternity ward", "parking at {place}",
               "the new MRI scanner", "the flu vaccination programme", "patient transport", "the online booking system",
               "the staff at {place}", "the children's ward", "the cancer clinic", "the hospital canteen"],
        "nb": ["ventetiden ved {place}", "akuttmottaket", "fødeavdelingen", "parkeringen ved {place}",
               "den nye MR-maskinen", "influensavaksineringen", "pasientreisene", "timebestillingen på nett",
               "de ansatte ved {place}", "barneavdelingen", "kreftpoliklinikken"],
    },
}
_TOPIC_OF_CLIENT = {"fjordvik": "municipal", "havnes": "municipal", "sjoberg": "municipal",
                    "coastline": "health", "northbay": "health"}

_GENERAL_HEALTH = {
    "en": {
        "positive": ["Fantastic care from the staff at {place} today. Thank you, {name}! 💙",
                     "Had my appointment at {name} today, quick and friendly. {thing} works really well now.",
                     "So grateful to {name} for {thing}.", "Shout-out to {name}: {thing} has improved a lot this year.",
                     "Smooth visit to {place} today. Well done, {name}.", "Kind and professional people at {name}. {thing} was a great help."],
        "neutral": ["Does anyone know how {thing} at {name} works now?", "{name} has published new information about {thing}.",
                    "Is {thing} at {name} open during the holidays?", "{name} is consulting patients on {thing}.",
                    "Anyone with experience of {thing} at {name}?", "Board meeting at {name} today: {thing} is on the agenda."],
        "negative": ["{thing} at {name} is a disgrace.", "Waited weeks for a reply from {name} about {thing}.",
                     "Why is {thing} at {name} still such a mess?", "Poor communication from {name} about {thing}.",
                     "Expected better from {name}. {thing} was chaotic today."],
    },
    "nb": {
        "positive": ["Fikk fantastisk hjelp av de ansatte ved {place} i dag. Takk, {name}!", "Stor takk til {name} for {thing}.",
                     "Rask og hyggelig behandling hos {name} i dag 👏", "Imponert over {thing} hos {name}."],
        "neutral": ["Noen som vet hvordan {thing} hos {name} fungerer nå?", "{name} har lagt ut ny informasjon om {thing}.",
                    "Er {thing} hos {name} åpen i ferien?", "Styremøte i {name} i dag, {thing} er på sakslisten."],
        "negative": ["{thing} hos {name} er helt uholdbar.", "Har ventet i ukevis på svar fra {name} om {thing}.",
                     "Dårlig informasjon fra {name} om {thing}.", "Hvorfor er {thing} hos {name} fortsatt så dårlig?"],
    },
}
_HEADLINES = {
    "municipal": {
        "nb": {"positive": ["Jubel i {name}: {thing} er klart", "{name} får pris for {thing}", "Nå åpner {thing} i {name}"],
               "neutral": ["{name} vil bruke millioner på {thing}", "Politikerne i {name} er uenige om {thing}",
                           "Dette betyr {thing} for deg som bor i {name}", "{name} utsetter behandlingen av {thing}"],
               "negative": ["Nå er {thing} i {name} forsinket igjen", "Innbyggerne i {name} reagerer på {thing}",
                            "Sprekk i budsjettet for {thing} i {name}", "Kritikk mot {name} etter rot med {thing}"]},
        "nn": {"positive": ["Jubel i {name}: {thing} er klart", "No opnar {thing} i {name}"],
               "neutral": ["{name} vil bruke millionar på {thing}", "Politikarane i {name} er usamde om {thing}"],
               "negative": ["No er {thing} i {name} forseinka att", "Innbyggjarane i {name} reagerer på {thing}",
                            "Kritikk mot {name} etter rot med {thing}"]},
    },
    "health": {
        "en": {"positive": ["{name} wins praise for {thing}", "Patients welcome {thing} at {name}"],
               "neutral": ["{name} plans changes to {thing}", "What the new plan for {thing} means at {name}"],
               "negative": ["New figures show problems with {thing} at {name}", "Patients react to {thing} at {name}"]},
        "nb": {"positive": ["Ros til {name} for {thing}"], "neutral": ["{name} vil endre {thing}"],
               "negative": ["Pasienter reagerer på {thing} hos {name}", "Nye tall viser problemer med {thing} hos {name}"]},
    },
}
_OUTLETS = {"fjordvikavis.no": "Fjordvik Avis", "nrk.no": "NRK Vestland", "bt.no": "Bergens Tidende", "vl.no": "Vårt Land",
            "coastlinetimes.no": "Coastline Times", "thelocal.no": "The Local Norway"}
_GENERAL_MUNICIPAL = {
    "nb": {
        "positive": [
            "Så fint at {name} endelig har fått på plass {thing}! 👏", "Stor takk til {name} for {thing}, det ble bra.",
            "Må bare si at {thing} i {name} er blitt kjempefint. Bra jobba!", "Herlig dag i {name} i dag ☀️ {thing} er et løft for hele bygda.",
            "Imponert over hvor raskt {name} ordnet {thing}. Sånn skal det gjøres.",
            "Godt nytt fra {name}: {thing} er klart. Gleder meg!", "Endelig! {thing} i {name} er ferdig 🙌",
            "Fikk god hjelp av {name} i dag med spørsmål om {thing}. Hyggelig og effektivt.",
            "Anbefaler alle å ta en tur innom {thing}. {name} har gjort en flott jobb.",
            "Det er mye å være stolt av i {name}. {thing} er bare ett eksempel.",
        ],
        "neutral": [
            "Noen som vet når {thing} i {name} åpner igjen?", "{name} har lagt ut nye opplysninger om {thing}.",
            "Leste at {name} skal behandle {thing} på neste møte.", "Hva skjer egentlig med {thing} i {name}?",
            "Info fra {name}: {thing} blir stengt på grunn av arbeid neste uke.",
            "{name} søker innspill om {thing}. Fristen er om to uker.", "Noen som har erfaring med {thing} i {name}?",
            "Saken om {thing} er oppe i kommunestyret i {name} torsdag.", "Ny informasjon om {thing} på nettsidene til {name}.",
            "Har {name} sagt noe om når {thing} blir ferdig?", "Interessant sak om {thing} i {name} i avisa i dag.",
        ],
        "negative": [
            "Skuffende at {name} fortsatt ikke har ordnet {thing}.", "{thing} i {name} er et skikkelig rot. Når skal noen ta ansvar?",
            "Tredje gang jeg ringer {name} om {thing} uten å få svar 😤", "Hvorfor prioriterer {name} alt annet enn {thing}?",
            "Dårlig informasjon fra {name} om {thing}. Ingen vet noe.", "{name} lovet at {thing} skulle være klart i vår. Det er det ikke.",
            "Lei av at {thing} i {name} aldri blir fulgt opp.", "Har klaget på {thing} til {name} i månedsvis. Ingenting skjer.",
            "Det er flaut hvordan {name} håndterer {thing}.",
        ],
    },
    "nn": {
        "positive": [
            "Så kjekt at {name} endeleg har fått på plass {thing}! 👏", "Eg må berre seie at {thing} har blitt veldig fint. Godt jobba, {name}!",
            "Stor takk til {name} for {thing}. Det vart bra til slutt.", "Fin dag i {name} i dag. {thing} er eit løft for heile bygda.",
            "Eg er stolt av kommunen vår. {thing} i {name} viser kva vi får til saman.",
            "Fekk god hjelp frå {name} i dag om {thing}. Takk!",
        ],
        "neutral": [
            "Er det nokon som veit kva som skjer med {thing} i {name}?", "Korleis går det eigentleg med {thing} i {name}?",
            "{name} har lagt ut nye opplysingar om {thing}.", "Eg les at {name} skal handsame {thing} på neste møte.",
            "Kven i {name} har ansvaret for {thing}?", "Veit nokon når {thing} i {name} opnar att?",
        ],
        "negative": [
            "Eg skjønar ikkje kvifor {name} ikkje har ordna {thing} enno.", "Kvifor får vi aldri svar frå {name} om {thing}?",
            "{thing} i {name} er eit rot. Kven tek ansvar?", "Eg har klaga på {thing} til {name} i fleire månader, men ingenting skjer.",
            "Kommunen vår lova at {thing} skulle vere klart i vår. Det er det ikkje.",
        ],
    },
    "en": {
        "positive": [
            "Lovely day in {name}! {thing} is such a gem ☀️", "Really impressed with {thing} in {name}. Well done!",
            "Visited {name} on our trip and loved {thing}. Highly recommend.", "Big thanks to {name} for {thing}, it makes a real difference.",
            "{name} keeps getting better. {thing} is a great addition.", "Great experience with {thing} in {name} today 👍",
        ],
        "neutral": [
            "Does anyone know when {thing} in {name} reopens?", "{name} has posted an update on {thing}.",
            "Heading to {name} next week. Any tips about {thing}?", "Reading about {thing} in {name}. Interesting plans.",
            "Is {thing} in {name} open on Sundays?", "{name} is asking for feedback on {thing}.",
        ],
        "negative": [
            "Disappointed with {thing} in {name}. Expected better.", "Why is {thing} in {name} still not fixed?",
            "Nobody at {name} seems to answer questions about {thing}.", "Poor information from {name} about {thing}.",
            "Third time this month that {thing} in {name} lets us down.",
        ],
    },
}

_GENERAL = {"municipal": _GENERAL_MUNICIPAL, "health": _GENERAL_HEALTH}

_EPISODE = {
    "fjordvik": {
        "nb": {
            "negative": [
                "Kokevarsel i Fjordvik igjen! Hvordan kan E. coli komme inn i vannverket uten at noen merker det?",
                "Dag {day} med kokevarsel i {place}. Vi har småbarn og er lei av å koke alt vannet. #fjordvik",
                "Hvorfor fikk vi ikke beskjed om kokevarselet før i går kveld? Fjordvik kommune har sovet i timen.",
                "Kokevarselet i Fjordvik viser at vannverket har vært forsømt i årevis.",
                "Fjordvik kommune må forklare seg om E. coli i drikkevannet. Dette er ikke greit.",
                "Barnehagen på {place} måtte stenge kjøkkenet på grunn av kokevarselet. Hvem tar regningen?",
                "Ingen SMS, ingen info på Facebook før lenge etterpå. Elendig varsling av kokevarsel fra Fjordvik kommune.",
                "Nå har vi kokt vann i {day} dager. Når er drikkevannet i Fjordvik trygt igjen?",
                "Kokevarsel i {place}, og kommunen svarer ikke på telefon. Typisk Fjordvik.",
                "Eldre naboer på {place} visste ikke om kokevarselet. Fjordvik kommune må varsle bedre!",
            ],
            "neutral": [
                "Kokevarsel for hele Fjordvik: kok vannet i minst ett minutt før du drikker det.",
                "Fjordvik kommune deler ut flaskevann ved {place} i dag på grunn av kokevarselet.",
                "Nye prøver fra vannverket i Fjordvik tas i dag. Svar ventes i morgen.",
                "Gjelder kokevarselet i Fjordvik også for {place}?", "Oppdatering om kokevarselet på nettsidene til Fjordvik kommune.",
            ],
            "positive": [
                "Takk til de ansatte ved vannverket i Fjordvik som jobber døgnet rundt nå.",
                "Bra at Fjordvik kommune delte ut vann ved {place} så raskt.",
            ],
        },
        "nn": {
            "negative": [
                "Kokevarsel att! Korleis kan E. coli kome inn i drikkevatnet i Fjordvik utan at nokon merkar det?",
                "Eg forstår ikkje kvifor kommunen vår ikkje varsla om kokevarselet før no. #fjordvik",
                "Dag {day} med kokevarsel på {place}. Kva gjer eigentleg vannverket i Fjordvik?",
                "Fjordvik kommune må svare på kvifor drikkevatnet ikkje er trygt. Dette er ikkje godt nok.",
                "Ingen har fortalt oss kor lenge kokevarselet i Fjordvik skal vare. Eg er lei.",
                "Skulen på {place} har ikkje reint vatn. Kommunen vår har svikta med kokevarselet.",
                "Korleis skal eldre på {place} få med seg kokevarselet når Fjordvik berre legg det ut på nett?",
            ],
            "neutral": [
                "Kokevarsel i Fjordvik: kok vatnet før du drikk det. Gjeld heile kommunen.",
                "Veit nokon om kokevarselet i Fjordvik gjeld for {place} òg?",
                "Nye prøver av drikkevatnet i Fjordvik vert tekne i dag.",
            ],
            "positive": ["Takk til folka på vannverket i Fjordvik som står på heile døgnet no."],
        },
        "en": {
            "negative": ["Boil-water notice in Fjordvik, E. coli in the water supply. Not great for our holiday.",
                         "Still a boil-water notice (kokevarsel) in Fjordvik. Poor information for visitors."],
            "neutral": ["Visiting Fjordvik? There is a boil-water notice (kokevarsel) this week, boil tap water first."],
            "positive": [],
        },
    },
    "coastline": {
        "en": {
            "negative": [
                "Seven hours in the emergency department at Coastline hospital last night. These waiting times are unacceptable.",
                "Coastline Health Trust needs to explain the waiting times in the emergency department. #coastlinehealth",
                "My father waited {day} hours on a trolley at Coastline. Something has to change with waiting times.",
                "The Coastline Times story on emergency department waiting times is shocking.",
            ],
            "neutral": ["Coastline Health Trust says it will publish emergency department waiting times weekly.",
                        "Debate tonight on waiting times in the Coastline emergency department."],
            "positive": ["The staff in the Coastline emergency department do their best despite the waiting times."],
        },
        "nb": {
            "negative": ["Ventetiden i akuttmottaket hos Coastline er helt uholdbar. Ventet i {day} timer.",
                         "Coastline helseforetak må ta ansvar for ventetiden i akuttmottaket."],
            "neutral": ["Coastline Health lover bedre ventetid i akuttmottaket fra høsten."],
            "positive": [],
        },
    },
}

_FIRST_NAMES = {
    "nb": ["Kari", "Ola", "Ingrid", "Lars", "Marit", "Anders", "Silje", "Jonas", "Hilde", "Espen", "Camilla", "Sindre",
           "Tone", "Martin", "Nina", "Eirik", "Linn", "Håkon", "Ragnhild", "Per", "Sofie", "Magnus", "Astrid", "Thomas",
           "Ida", "Øystein", "Mona", "Fredrik", "Åse", "Kristian"],
    "nn": ["Sigrid", "Olav", "Gunnhild", "Torbjørn", "Ragnar", "Solveig", "Eldbjørg", "Arnfinn", "Synnøve", "Halvard",
           "Guro", "Aslak", "Marta", "Eivind", "Ingebjørg"],
    "en": ["Emma", "James", "Sarah", "Tom", "Laura", "Mike", "Hannah", "Chris", "Rachel", "David", "Anna", "Ben",
           "Kate", "Peter", "Lucy"],
}
_LAST_NAMES = {
    "nb": ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen", "Dahl",
           "Lie", "Moen", "Strand", "Solberg", "Bakke", "Eide", "Vik"],
    "nn": ["Myklebust", "Nesheim", "Tveit", "Hjelle", "Sunde", "Grønvik", "Helle", "Brekke", "Aarskog", "Nygard"],
    "en": ["Smith", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Clarke", "Wright", "Green", "Hughes"],
}
_HANDLE_TAILS = ["", "_fjord", "_vest", "77", "85", "_no", "90", "_kyst", "x", "_h", "2", "_b"]

_FOLLOW_UPS = {"nb": ["Takk for svar!", "Tusen takk, da vet jeg det.", "Ok, takk for info.", "Supert, takk!"],
               "nn": ["Takk for svar!", "Takk, då veit eg det.", "Fint, takk skal de ha."],
               "en": ["Thanks for the quick answer!", "Great, thank you.", "OK, thanks."]}

_QUESTIONS = {
    "nb": {
        "neutral": ["Hei! Når blir {thing} ferdig?", "Hvem kan jeg kontakte om {thing}?",
                    "Hei, gjelder stengingen av {thing} også i helgen?", "Hvor finner jeg informasjon om {thing}?",
                    "Er det mulig å søke om {thing} fortsatt?", "Hei! Hvilke åpningstider har {thing} i sommer?",
                    "Kan dere si noe om fremdriften for {thing}?", "Hei, hvor sender jeg innspill til {thing}?"],
        "negative": ["Hvorfor svarer ingen på servicetorget om {thing}?", "Nå har jeg ventet tre uker på svar om {thing}. Hva skjer?",
                     "{thing} er stengt igjen uten varsel. Hvorfor ble vi ikke informert?",
                     "Det er farlig for barna ved {place} nå som {thing} ikke er ferdig. Når gjør dere noe?"],
        "positive": ["Så fint med {thing}! Blir det noe lignende neste år?"],
    },
    "nn": {
        "neutral": ["Hei! Når vert {thing} ferdig?", "Kven kan eg kontakte om {thing}?", "Kvar finn eg informasjon om {thing}?"],
        "negative": ["Kvifor svarer ingen på spørsmål om {thing}?", "Eg har venta lenge på svar om {thing}. Kva skjer?"],
        "positive": ["Kjekt med {thing}! Blir det noko liknande neste år?"],
    },
    "en": {
        "neutral": ["Hi! When will {thing} be finished?", "Who can I contact about {thing}?", "Is {thing} open this weekend?"],
        "negative": ["Why has nobody answered my question about {thing}?", "{thing} was closed without notice. Why?"],
        "positive": ["Great to see {thing}! Will there be more of this next year?"],
    },
}
_EPISODE_COMPLAINTS = {
    "fjordvik": {"nb": ["Hvorfor har vi ikke fått SMS om kokevarselet på {place}?", "Hvor lenge skal kokevarselet vare? Vi trenger svar nå!",
                        "Dere må informere bedre om drikkevannet. Ingen på {place} visste noe.",
                        "Når får vi rent vann fra vannverket igjen? Dette er uholdbart.",
                        "Hvem betaler for flaskevannet vi har måttet kjøpe under kokevarselet?"],
                 "nn": ["Kvifor har vi ikkje fått SMS om kokevarselet på {place}?", "Kor lenge skal kokevarselet vare? Vi treng svar no.",
                        "Når blir drikkevatnet trygt att? Dette er ikkje greitt."]},
    "coastline": {"en": ["Why are the waiting times in your emergency department so long?", "I waited six hours in A&E. Who is responsible?",
                         "When will you fix the waiting times at the emergency department?"],
                  "nb": ["Hvorfor er ventetiden i akuttmottaket så lang?"]},
}
_ANSWERS = {
    "nb": ["Hei, og takk for at du tar kontakt! Vi har sendt spørsmålet videre til {dept}, som tar kontakt med deg.",
           "Hei! Du finner oppdatert informasjon om dette på nettsidene våre. Ta gjerne kontakt med {dept} om du lurer på mer.",
           "Takk for spørsmålet! Arbeidet er planlagt ferdig i løpet av {month}.",
           "Hei, beklager at du ikke har fått svar. Vi har bedt {dept} om å ringe deg i morgen.",
           "Takk for innspillet! Vi tar det med oss videre til {dept}.",
           "Hei! Det stemmer. Vi legger ut mer informasjon så snart vi vet mer."],
    "en": ["Hi, thanks for getting in touch! We have passed your question on to {dept}, who will contact you.",
           "Hi! You will find updated information on our website. Please contact {dept} if you have further questions.",
           "Thank you for your feedback. We are sorry about your experience and have forwarded it to {dept}.",
           "Thanks for asking! The work is planned to be finished in {month}."],
}
_DEPTS = {"fjordvik": ["servicetorget", "teknisk drift", "oppvekstavdelingen", "kulturkontoret", "vann og avløp",
                       "byggesak", "helse og omsorg"],
          "coastline": ["patient services", "the emergency department", "our communications team", "the booking office"]}
_MONTHS = {"nb": ["juni", "juli", "august", "september", "oktober"], "en": ["August", "September", "October", "November"]}
_REPLIES_TO = {
    "critic": {"nb": ["Helt enig med deg, {author}. Dette er ikke godt nok.", "Takk for at du sier ifra, {author}!",
                      "{author} har rett. Kommunen må svare for dette.", "Jeg synes du er litt hard nå, {author}. De jobber jo med saken.",
                      "Deler! Alle må lese dette fra {author}."],
               "nn": ["Heilt einig med deg, {author}. Dette er ikkje godt nok.", "Takk for at du seier ifrå, {author}!"],
               "en": ["Agree with {author}, this is not acceptable.", "Thanks {author} for speaking up."]},
    "journalist": {"nb": ["Viktig sak, {author}. Takk for at dere følger opp.", "Godt at {author} skriver om dette.",
                          "Her mangler det noen fakta, {author}.", "Bra artikkel fra {author}!"],
                   "nn": ["Viktig sak, {author}. Takk for at de følgjer opp."],
                   "en": ["Good reporting by {author}.", "Important story, {author}."]},
    "expert": {"nb": ["Takk for forklaringen, {author}. Veldig nyttig.", "Godt å få en faglig vurdering fra {author}."],
               "nn": ["Takk for forklaringa, {author}. Veldig nyttig."],
               "en": ["Thanks for explaining, {author}.", "Very useful thread, {author}."]},
    "advocate": {"nb": ["Så fine bilder, {author}! 😍", "Elsker bloggen din, {author}.", "Takk for tipset, {author}!"],
                 "nn": ["Så fine bilete, {author}!"], "en": ["Beautiful photos, {author}!"]},
    "amplifier": {"nb": ["Takk for at du deler, {author}!"], "nn": ["Takk for at du deler, {author}!"],
                  "en": ["Thanks for sharing, {author}!"]},
}
_INFLUENCER_TEXTS = {
    "fjordvik": {
        "journalist": {"nb": ["{name} vil bruke millioner på {thing}. Les hele saken.", "Politikerne i {name} er uenige om {thing}.",
                              "Nå er {thing} i {name} forsinket igjen, viser dokumenter avisen har fått innsyn i.",
                              "Innbyggerne i {name} reagerer på {thing}.", "Dette betyr {thing} for deg som bor i {name}."],
                       "episode": ["Kokevarsel i Fjordvik: E. coli påvist i vannverket", "Kokevarselet i Fjordvik forlenges. Innbyggerne reagerer på varslingen.",
                                   "Dokumenter viser at Fjordvik kommune kjente til problemer ved vannverket", "Slik skal Fjordvik sikre drikkevannet etter kokevarselet",
                                   "Ordføreren i Fjordvik beklager varslingen av kokevarselet", "Kokevarselet i Fjordvik opphevet etter sju dager"]},
        "advocate": {"nb": ["Søndagstur i {name}: {thing} er et perfekt utgangspunkt ☀️", "Fem grunner til å elske {name} om sommeren",
                            "Nytt på bloggen: {thing} i {name}, med bilder!", "Hjemme er best. {name} i kveldssol 🧡"],
                     "episode": ["Kokevarsel i Fjordvik: slik koker du vann trygt og enkelt"]},
        "expert": {"nb": ["Kort tråd om vannkvalitet i små vannverk og hva E. coli-prøver faktisk betyr.",
                          "Målinger i fjorden ved {name} viser stabil temperatur. Fint for badesesongen.",
                          "Ny rapport om kystvann i Vestland. {name} kommer godt ut."],
                   "episode": ["E. coli i drikkevannet betyr fersk forurensning. Kokevarselet i Fjordvik er riktig tiltak.",
                               "Kokevarsel: det er nok å koke vannet i ett minutt. Vannverket i Fjordvik bør se på klorering.",
                               "Kvifor oppstår E. coli i vannverket etter kraftig regn? Ein tråd om drikkevatn."]},
        "critic": {"nb": ["{name} bruker penger på alt annet enn {thing}.", "Hvorfor svarer aldri {name} på spørsmål om {thing}?"],
                   "episode": ["Kommunen visste om E. coli i vannverket i flere dager før kokevarselet kom. Hvem tar ansvar?",
                               "Dag {day} med kokevarsel. Fortsatt ingen forklaring fra Fjordvik kommune.",
                               "Ingen SMS, ingen info. Fjordvik kommune har sviktet totalt med kokevarselet.",
                               "Fjordvik kommune har kuttet i vedlikehold av vannverket i årevis. Nå ser vi resultatet.",
                               "Kokevarselet rammer barnehager, eldre og syke. Ordføreren må gå av!",
                               "Eg krev svar: kvifor vart ikkje drikkevatnet testa oftare? #fjordvik",
                               "Kommunen sletter kritiske kommentarer om kokevarselet på Facebook. Skammelig."]},
    },
    "coastline": {
        "journalist": {"en": ["{name} plans new investments in {thing}.", "Patients react to changes in {thing} at {name}."],
                       "episode": ["Patients wait up to nine hours in the Coastline emergency department",
                                   "Coastline Health Trust promises action on emergency department waiting times"]},
        "advocate": {"en": ["Proud to work at {name}. {thing} is a team effort 💙", "A shout-out to my colleagues at {name}!"],
                     "episode": []},
        "expert": {"en": ["New figures on {thing} at {name}: a short thread.", "What {thing} at {name} tells us about rural health care."],
                   "episode": ["Long waiting times in the emergency department are a bed-capacity problem, not a staff problem."]},
        "critic": {"en": ["{name} keeps ignoring {thing}.", "Still no answer from {name} about {thing}."],
                   "episode": ["Day {day}: still no plan from Coastline Health Trust on emergency department waiting times.",
                               "Waiting times in the Coastline emergency department are dangerous. Who is accountable?",
                               "Coastline Health Trust is hiding its waiting times figures."]},
    },
}

_POST_TEXTS = {
    "fjordvik": {
        "general": ["Vi minner om kommunestyremøtet torsdag kl. 18 i rådhuset. Møtet strømmes på nettsidene våre.",
                    "Veiarbeid i {place} fra mandag. Regn med forsinkelser i ukene fremover.",
                    "Ledig stilling: vi søker {job}. Søknadsfrist om tre uker.",
                    "Åpent folkemøte om reguleringsplanen for {place} i kulturhuset. Velkommen!",
                    "Nå kan du søke om kulturmidler for neste år.", "Se bildene fra {event} i helgen!",
                    "Biblioteket har nye åpningstider fra neste uke.", "Husk at fristen for å søke barnehageplass nærmer seg.",
                    "Vi gratulerer {place} idrettslag med ny kunstgressbane! ⚽",
                    "Ny gang- og sykkelvei til {place} er åpnet. God tur!",
                    "Kulturkalenderen for {month} er klar. Her er noe av det som skjer.",
                    "Lurer du på noe om byggesak? Servicetorget har åpent kl. 08–15.30.",
                    "Bli med på dugnad i {place} lørdag. Kommunen stiller med sekker og hansker.",
                    "Ordføreren ønsker velkommen til {event}.", "Se video: slik jobber hjemmetjenesten i Fjordvik."],
        "17mai": ["Gratulerer med dagen! 🇳🇴 Se programmet for 17. mai i Fjordvik.", "Barnetoget går fra Bergsletta skole kl. 10.30 på 17. mai.",
                  "Takk for en fantastisk 17. mai i Fjordvik! Se bildene."],
        "summer": ["Skoleferie! Her er sommerens aktiviteter for barn og unge i Fjordvik.", "Badevannet i {place} er testet og har god kvalitet ☀️",
                   "Servicetorget har sommeråpent kl. 09–14 i juli.", "God sommer fra alle oss i Fjordvik kommune!",
                   "Sommerjobb for ungdom: takk til alle som har jobbet for kommunen i år."],
        "autumn": ["Velkommen tilbake til skolen! Husk refleks og ta hensyn i trafikken.", "Skolestart: nye bussruter fra mandag.",
                   "Høstens kulturprogram i kulturhuset er klart."],
        "episode": ["VIKTIG: Kokevarsel for hele Fjordvik. Kok vannet i minst ett minutt før du drikker det.",
                    "Oppdatering om kokevarselet: nye prøver av drikkevannet tas i dag. Vi deler ut vann ved {place}.",
                    "Spørsmål og svar om kokevarselet og E. coli i vannverket.",
                    "Kokevarselet gjelder fortsatt. Vi beklager ulempene og jobber døgnet rundt ved vannverket.",
                    "Kokevarselet er opphevet. Takk for tålmodigheten!"],
    },
    "coastline": {
        "general": ["We are hiring {job}. Apply by the end of the month.", "Visiting hours at {place} change from Monday.",
                    "Meet the team at {place}: a short film about a day in the ward.", "Free parking for blood donors at {place}.",
                    "Book your appointment online and skip the queue.", "Flu vaccination starts in October. Here is what you need to know.",
                    "Thank you to all our summer staff!", "New MRI scanner in operation at {place}."],
        "17mai": [], "summer": ["Summer opening hours for outpatient clinics."], "autumn": ["Autumn update from Coastline Health Trust."],
        "episode": ["Update on waiting times in the emergency department: what we are doing.",
                    "We are sorry for the long waiting times in the emergency department this week."],
    },
}
_JOBS = {"fjordvik": ["sykepleiere til hjemmetjenesten", "en ingeniør til vann og avløp", "lærere til Bergsletta skole",
                      "en kommunikasjonsrådgiver", "barnehagelærere"],
         "coastline": ["nurses", "a radiographer", "a communications adviser", "porters"]}
_EVENTS = {"fjordvik": ["Fjordvikdagene", "kaifestivalen", "sommerkonserten på Holmen", "bygdedagen i Nordvågen"],
           "coastline": ["the open day", "the staff awards"]}


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------
def generate_demo(slug: str, *, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """Generate the four canonical frames of a demo client.

    Parameters
    ----------
    slug : ``fjordvik`` or ``coastline``.
    seed : seed of the random generator; None uses the committed data's seed.

    Returns a dict ``{"channel_stats", "posts", "mentions", "web_traffic"}`` of frames validated
    against :mod:`sermo_helpers.schema`. Raises ConfigError for an unknown slug.
    """
    frames, _ = _generate_cached(slug, DEFAULT_SEEDS.get(slug) if seed is None else int(seed))
    return {name: frame.copy() for name, frame in frames.items()}


def demo_truth(slug: str, *, seed: int | None = None) -> pd.DataFrame:
    """What each demo mention was meant to be: one row per mention_id.

    Columns: mention_id, subject, kind (general, episode, influencer, reply, question, complaint,
    own_reply, follow_up), role (citizen, own, or the influencer role), tone (positive, neutral,
    negative; missing for own replies), language (nb, nn, en), topic, is_episode.
    Raises ConfigError for an unknown slug.
    """
    _, truth = _generate_cached(slug, DEFAULT_SEEDS.get(slug) if seed is None else int(seed))
    return truth.copy()


def write_demo_data(root: Path | None = None) -> list[Path]:
    """Write both demo clients' CSV files under ``<root>/data/clients/<slug>/``; return the paths.

    The bytes are identical on every run: fixed seeds, sorted rows, UTF-8, ``\\n`` line ends,
    whole numbers without decimals, ISO 8601 UTC times with ``+00:00``. Each file is written to a
    temporary file in the same folder and then moved into place.
    """
    base = Path(root) if root is not None else paths.project_root()
    written = []
    for slug in DEMO_SLUGS:
        folder = base / "data" / "clients" / slug
        folder.mkdir(parents=True, exist_ok=True)
        frames = generate_demo(slug)
        for name in FRAME_NAMES:
            path = folder / f"{name}.csv"
            atomic_write(path, frame_to_csv_text(frames[name], SCHEMAS[name]).encode("utf-8"))
            written.append(path)
    return written


def frame_to_csv_text(frame: pd.DataFrame, schema: FrameSchema) -> str:
    """The canonical CSV text of a validated frame: stable formatting, rows sorted by key."""
    order = list(schema.key)
    if "published_at" in frame.columns:
        order = ["published_at", *order]
    frame = frame.sort_values(order, kind="mergesort").reset_index(drop=True)
    out = {}
    for column in schema.columns:
        series = frame[column.name]
        if column.kind == FLOAT:
            out[column.name] = [_format_number(value) for value in series.tolist()]
        elif column.kind == DATETIME:
            out[column.name] = series.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00").fillna("").tolist()
        elif column.kind == DATE:
            out[column.name] = series.dt.strftime("%Y-%m-%d").fillna("").tolist()
        elif column.kind == BOOL:
            out[column.name] = ["true" if value else "false" for value in series.tolist()]
        else:
            out[column.name] = series.fillna("").tolist()
    return pd.DataFrame(out, dtype=object).to_csv(index=False, lineterminator="\n")


# ---------------------------------------------------------------------------------------------
# Internals
# ---------------------------------------------------------------------------------------------
def _format_number(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _check_slug(slug: str) -> dict:
    if slug not in _SPECS:
        raise ConfigError(f"Unknown demo client {slug!r}: expected one of {', '.join(DEMO_SLUGS)}.",
                          path=str(slug), problems=[f"unknown demo slug {slug!r}"])
    return _SPECS[slug]


class _Builder:
    """Holds the random generator and the client's calendar while one demo is generated."""

    def __init__(self, slug: str, seed: int):
        self.slug = slug
        self.spec = _check_slug(slug)
        self.rng = np.random.default_rng(seed)
        self.tz = ZoneInfo(PLANTED[slug]["timezone"])
        start, end = self.spec["start"], self.spec["end"]
        self.days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        self.episode = self.spec["episode"]
        self.used_ids: set[str] = set()
        self._cumulative: dict = {}
        self.mentions: list[dict] = []
        self.truth: list[dict] = []
        self.people = self._make_people()
        self._activity = {language: np.cumsum([p["activity"] for p in group]).tolist()
                          for language, group in self.people.items()}

    # -- small helpers -----------------------------------------------------------------------
    def below(self, n: int) -> int:
        """A whole number in 0..n-1 (cheaper than ``rng.integers`` for single draws)."""
        return min(int(self.rng.random() * n), n - 1)

    def pick(self, options):
        return options[self.below(len(options))]

    def choose(self, weights: dict):
        """A key of ``weights`` drawn with probability proportional to its value."""
        cache_key = tuple(weights.items())
        if cache_key not in self._cumulative:
            self._cumulative[cache_key] = (list(weights), np.cumsum([float(v) for v in weights.values()]).tolist())
        keys, cumulative = self._cumulative[cache_key]
        return keys[min(bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(keys) - 1)]

    def in_episode(self, day: dt.date) -> bool:
        return self.episode[0] <= day <= self.episode[1]

    def local(self, day: dt.date, hour: int, minute: int | None = None) -> dt.datetime:
        minute = self.below(60) if minute is None else minute
        second = self.below(60)
        return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=self.tz).astimezone(dt.timezone.utc)

    def citizen_time(self, day: dt.date) -> dt.datetime:
        weights = [0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 1.0, 2.2, 3.0, 3.0, 2.8, 2.8, 3.2, 3.0, 2.8, 3.0, 3.4, 3.2,
                   3.4, 4.0, 4.2, 3.8, 2.4, 1.0]
        hour = self.choose(dict(enumerate(weights)))
        return self.local(day, hour)

    def new_id(self, channel: str) -> str:
        while True:
            if channel == "x":
                candidate = str(int(self.rng.integers(1_780_000_000_000_000_000, 1_850_000_000_000_000_000)))
            elif channel == "facebook":
                candidate = f"{int(self.rng.integers(10**14, 10**15))}_{int(self.rng.integers(10**15, 10**16))}"
            elif channel == "instagram":
                candidate = str(int(self.rng.integers(17_800_000_000_000_000, 18_400_000_000_000_000)))
            elif channel == "linkedin":
                candidate = f"urn:li:activity:{int(self.rng.integers(7_300_000_000_000_000_000, 7_400_000_000_000_000_000))}"
            elif channel == "youtube":
                alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                candidate = "".join(alphabet[int(i)] for i in self.rng.integers(len(alphabet), size=11))
            else:
                candidate = f"{channel}-{int(self.rng.integers(10**9, 10**10))}"
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def fill(self, template: str, subject: str, language: str, **extra) -> str:
        topic = _TOPIC_OF_CLIENT[subject]
        things = _THINGS[topic].get(language) or _THINGS[topic]["en"]
        place = self.pick(_places(subject, language))
        thing = self.pick(things).format(place=place)
        names = _NAMES[subject].get(language) or _NAMES[subject]["en"]
        values = {"name": self.pick(names), "thing": thing, "Thing": thing[0].upper() + thing[1:], "place": place,
                  "day": int(self.rng.integers(2, 7)), **extra}
        text = _SENTENCE_START_THING.sub(r"\1{Thing}", template).format(**values)
        return text[0].upper() + text[1:]

    def _make_people(self) -> dict[str, list[dict]]:
        people = {}
        languages = sorted({lang for spec_lang in (self.spec["languages"], self.spec["episode_languages"])
                            for lang in spec_lang})
        for language in languages:
            group = []
            handles = set()
            for _ in range(260 if language == "nb" else 110):
                first, last = self.pick(_FIRST_NAMES[language]), self.pick(_LAST_NAMES[language])
                handle = f"@{first.lower()}{self.pick(['', '_', '.'])}{last.lower()[:int(self.rng.integers(1, len(last) + 1))]}" \
                         f"{self.pick(_HANDLE_TAILS)}"
                handle = handle.replace("å", "aa").replace("ø", "o").replace("æ", "ae").replace(".", "_")
                if handle in handles:
                    continue
                handles.add(handle)
                followers = float(min(25_000, round(np.exp(self.rng.normal(np.log(160), 1.1)))))
                group.append({"handle": handle, "name": f"{first} {last}", "followers": followers,
                              "activity": float(self.rng.pareto(1.6) + 0.2)})
            people[language] = group
        return people

    def person(self, language: str) -> dict:
        """A citizen writing in ``language``; a few very active people write much of the volume."""
        group, cumulative = self.people[language], self._activity[language]
        return group[min(bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1]), len(group) - 1)]

    def add_mention(self, *, published_at, channel, author, followers, text, subject, kind, role, tone, language,
                    topic, domain=None, in_reply_to=None, thread_id=None, is_own=False, responder=None,
                    reach=None, engagement=None, mention_id=None) -> str:
        mention_id = mention_id or self.new_id(channel)
        domain = domain or {"x": "x.com", "facebook": "facebook.com", "instagram": "instagram.com",
                            "linkedin": "linkedin.com", "youtube": "youtube.com"}.get(channel)
        if reach is None:
            reach = float(round(max(1.0, followers * self.rng.uniform(0.15, 0.9)))) if followers else np.nan
        if engagement is None:
            engagement = float(round(reach * self.rng.uniform(0.002, 0.03))) if reach == reach else np.nan
        self.mentions.append({
            "mention_id": mention_id, "published_at": published_at, "channel": channel, "source_domain": domain,
            "url": _url(channel, domain, author, mention_id, text), "author": author, "author_followers": followers,
            "text": text, "language": None, "reach": reach, "engagement": engagement, "in_reply_to": in_reply_to,
            "thread_id": thread_id, "is_own": is_own, "responder": responder, "subject": subject,
            "source_sentiment": None,
        })
        self.truth.append({"mention_id": mention_id, "subject": subject, "kind": kind, "role": role, "tone": tone,
                           "language": language, "topic": topic,
                           "is_episode": self.in_episode(published_at.astimezone(self.tz).date())})
        return mention_id

    def author_on(self, channel: str, person: dict) -> str:
        if channel == "facebook":
            return person["name"]
        if channel == "linkedin":
            return person["name"]
        if channel == "forum":
            return person["handle"].lstrip("@")
        return person["handle"]


def _places(subject: str, language: str) -> list[str]:
    places = _PLACES[subject]
    if isinstance(places, dict):
        return places.get(language) or places["en"]
    return places


def _url(channel, domain, author, mention_id, text) -> str:
    handle = (author or "user").lstrip("@").replace(" ", ".").lower()
    tail = mention_id.split("-")[-1].split("_")[-1].split(":")[-1]
    slug = "-".join(_WORD.findall((text or "").lower())[:6]).translate(_ASCII) or "sak"
    if channel == "x":
        return f"https://x.com/{handle}/status/{mention_id}"
    if channel == "facebook":
        return f"https://www.facebook.com/{mention_id.replace('_', '/posts/')}"
    if channel == "instagram":
        return f"https://www.instagram.com/p/{tail}/"
    if channel == "linkedin":
        return f"https://www.linkedin.com/feed/update/{mention_id}/"
    if channel == "news":
        if domain == "nrk.no":
            return f"https://www.nrk.no/vestland/{slug}-1.{tail[:8]}"
        return f"https://www.{domain}/nyheter/{slug}/{tail}"
    if channel == "blog":
        return f"https://{domain}/{slug}-{tail[-5:]}.html"
    return f"https://{domain}/thread/{tail}"


@functools.lru_cache(maxsize=4)
def _generate_cached(slug: str, seed: int | None) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Generate once per (slug, seed); callers receive copies, so the cache is never mutated."""
    _check_slug(slug)
    builder = _Builder(slug, seed)
    posts = _make_posts(builder)
    channel_stats = _make_channel_stats(builder, posts)
    _make_general_mentions(builder)
    _make_influencer_mentions(builder, posts)
    _make_conversations(builder)
    _make_peer_mentions(builder)
    web_traffic = _make_web_traffic(builder)
    mentions = pd.DataFrame(builder.mentions)
    mentions["published_at"] = pd.to_datetime(mentions["published_at"], utc=True)
    truth = pd.DataFrame(builder.truth, columns=TRUTH_COLUMNS)
    frames = {
        "channel_stats": SCHEMAS["channel_stats"].validate(channel_stats),
        "posts": SCHEMAS["posts"].validate(posts),
        "mentions": SCHEMAS["mentions"].validate(mentions),
        "web_traffic": SCHEMAS["web_traffic"].validate(web_traffic),
    }
    keys = {"channel_stats": ["date", "channel", "account", "metric"], "posts": ["published_at", "channel", "post_id"],
            "mentions": ["published_at", "mention_id"], "web_traffic": ["date", "source", "medium"]}
    frames = {name: frame.sort_values(keys[name], kind="mergesort").reset_index(drop=True)
              for name, frame in frames.items()}
    truth = truth.set_index("mention_id").loc[frames["mentions"]["mention_id"]].reset_index()
    truth = truth.astype({"mention_id": "str", "subject": "str", "kind": "str", "role": "str", "tone": "str",
                          "language": "str", "topic": "str", "is_episode": "bool"})
    return frames, truth


def _topic_for_day(builder: _Builder, day: dt.date) -> str:
    if builder.in_episode(day):
        return "episode"
    if dt.date(2026, 5, 12) <= day <= dt.date(2026, 5, 18) and _POST_TEXTS[builder.slug]["17mai"]:
        return "17mai" if builder.rng.random() < 0.7 else "general"
    if dt.date(2026, 6, 18) <= day <= dt.date(2026, 8, 10):
        return "summer" if builder.rng.random() < 0.5 else "general"
    if dt.date(2026, 8, 11) <= day <= dt.date(2026, 8, 31):
        return "autumn" if builder.rng.random() < 0.4 else "general"
    return "general"


def _make_posts(builder: _Builder) -> pd.DataFrame:
    """The client's own posts with consistent metrics and the planted type and hour effects."""
    rng, spec = builder.rng, builder.spec
    rows = []
    texts = _POST_TEXTS[builder.slug]
    language = "nb" if builder.slug == "fjordvik" else "en"
    slot_hours = {"morning": [7, 8, 9, 10, 11], "midday": [12, 13, 14, 15], "evening": [19, 20, 21]}
    slot_weights = {"morning": 0.42, "midday": 0.33, "evening": 0.25}
    slot_boost = {"morning": 1.0, "midday": 1.12, "evening": 1.75}
    for channel, (account, per_week, types, median_reach, rate, followers, _gain, _base) in spec["channels"].items():
        for day in builder.days:
            weekday_factor = 1.2 if day.weekday() < 5 else 0.5
            expected = per_week / 7 * weekday_factor / (5 * 1.2 + 2 * 0.5) * 7
            episode = builder.in_episode(day)
            if episode and channel in ("facebook", "x", "instagram"):
                expected = {"facebook": 2.0, "x": 3.0, "instagram": 0.6}[channel]
            for _ in range(int(rng.poisson(expected))):
                topic = "episode" if episode else _topic_for_day(builder, day)
                slot = builder.choose(slot_weights)
                hour = builder.pick(slot_hours[slot])
                post_type = builder.choose(types)
                if episode and channel != "youtube":
                    post_type = builder.pick(["link", "status"]) if channel in ("facebook", "x") else "photo"
                template = builder.pick(texts[topic] or texts["general"])
                text = template.format(place=builder.pick(_places(builder.slug, language)), job=builder.pick(_JOBS[builder.slug]),
                                       event=builder.pick(_EVENTS[builder.slug]), month=builder.pick(_MONTHS[language]))
                if channel == "x" and len(text) > 200:
                    text = text[:197] + "…"
                reach = median_reach * np.exp(rng.normal(0, 0.35)) * (4.0 if episode else 1.0)
                reach = float(max(20, round(reach)))
                engagement_rate = rate * spec["type_boost"][post_type] * slot_boost[slot] * np.exp(rng.normal(0, 0.22))
                if episode:
                    engagement_rate *= 1.3
                engagement_rate = min(engagement_rate, 0.3)
                engagements = int(round(reach * engagement_rate))
                shares_of = [0.58, 0.3, 0.12] if episode else [0.74, 0.1, 0.16]
                reactions, comments, shares = (float(v) for v in rng.multinomial(engagements, shares_of))
                clicks = float(round(reach * (0.05 if post_type in ("link", "article") else 0.012) * np.exp(rng.normal(0, 0.2))))
                if channel == "instagram":
                    clicks = np.nan
                is_video = post_type in ("video", "reel")
                video_views = float(round(reach * rng.uniform(0.45, 0.8))) if is_video else np.nan
                saves = float(round(reach * rng.uniform(0.005, 0.02))) if channel == "instagram" else np.nan
                impressions = float(round(reach * rng.uniform(1.1, 1.7)))
                published = builder.local(day, hour)
                post_id = builder.new_id(channel)
                rows.append({"post_id": post_id, "channel": channel, "account": account, "published_at": published,
                             "text": text, "post_type": post_type, "permalink": _permalink(channel, account, post_id),
                             "reach": reach, "impressions": impressions, "reactions": reactions,
                             "comments": comments, "shares": shares, "clicks": clicks, "video_views": video_views,
                             "saves": saves})
    frame = pd.DataFrame(rows)
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    return frame


def _permalink(channel: str, account: str, post_id: str) -> str:
    if channel == "facebook":
        return f"https://www.facebook.com/{account}/posts/{post_id.split('_')[1]}"
    if channel == "x":
        return f"https://x.com/{account}/status/{post_id}"
    if channel == "instagram":
        return f"https://www.instagram.com/p/{post_id[-11:]}/"
    if channel == "youtube":
        return f"https://www.youtube.com/watch?v={post_id}"
    return f"https://www.linkedin.com/feed/update/{post_id}/"


def _make_channel_stats(builder: _Builder, posts: pd.DataFrame) -> pd.DataFrame:
    """Daily account statistics: slowly growing followers, weekday rhythm, episode peak on facebook."""
    rng, spec = builder.rng, builder.spec
    local_day = posts["published_at"].dt.tz_convert(builder.tz).dt.date
    post_reach = posts.assign(day=local_day).groupby(["channel", "day"])["reach"].sum()
    rows = []
    for channel, (account, _per_week, _types, _median, rate, followers, gain, base_reach) in spec["channels"].items():
        count = float(followers)
        for day in builder.days:
            episode = builder.in_episode(day)
            daily_gain = rng.poisson(gain * (12 if episode and channel == "facebook" else 1))
            daily_loss = rng.poisson(0.12 if channel != "x" else 0.14)
            count = max(0.0, count + daily_gain - daily_loss)
            weekday = 1.0 if day.weekday() < 5 else 0.62
            summer = 0.85 if day.month == 7 else 1.0
            organic = base_reach * weekday * summer * np.exp(rng.normal(0, 0.15))
            if episode and channel == "facebook":
                organic *= 3.5
            from_posts = 0.7 * float(post_reach.get((channel, day), 0.0))
            reach = float(round(organic + from_posts))
            impressions = float(round(reach * rng.uniform(1.35, 1.8)))
            engagements = float(round(reach * rate * np.exp(rng.normal(0, 0.2))))
            metrics = {"followers": count, "reach": reach, "impressions": impressions, "engagements": engagements}
            if channel == "youtube":
                views = float(round((35 + from_posts * 0.5) * weekday * np.exp(rng.normal(0, 0.25))))
                metrics["video_views"] = views
                metrics["watch_time_minutes"] = float(round(views * rng.uniform(1.8, 3.2)))
            for metric, value in metrics.items():
                rows.append({"date": pd.Timestamp(day), "channel": channel, "account": account, "metric": metric,
                             "value": value})
    return pd.DataFrame(rows)


def _general_mention(builder: _Builder, *, day, subject, tone_weights, languages, episode: bool, kind: str) -> str:
    """One mention by a citizen or an outlet, with text in the drawn language and tone."""
    rng = builder.rng
    language = builder.choose(languages)
    channel = builder.choose(builder.spec["mention_channels"])
    while channel == "news" and language not in builder.spec["news_domains"]:
        channel = builder.choose(builder.spec["mention_channels"])
    tone = builder.choose(tone_weights)
    family = _TOPIC_OF_CLIENT[subject]
    if episode:
        bank = _EPISODE[builder.slug][language]
        if not bank[tone]:
            tone = "negative"
        template, topic = builder.pick(bank[tone]), "episode"
    elif channel == "news":
        template, topic = builder.pick(_HEADLINES[family][language][tone]), family
    else:
        template, topic = builder.pick(_GENERAL[family][language][tone]), family
    text = builder.fill(template, subject, language)
    domain, followers, reach, engagement = None, np.nan, None, None
    if channel == "news":
        domain = builder.choose(builder.spec["news_domains"][language])
        author = _OUTLETS.get(domain, domain)
        reach = float(round(np.exp(rng.normal(np.log(2500), 0.6))))
        engagement = float(round(reach * rng.uniform(0.002, 0.01)))
    else:
        if channel == "blog":
            domain = builder.choose(builder.spec["blog_domains"])
        elif channel == "forum":
            domain = builder.choose(builder.spec["forum_domains"])
        person = builder.person(language)
        author = builder.author_on(channel, person)
        if channel in ("forum", "blog"):
            reach = float(round(np.exp(rng.normal(np.log(300), 0.7))))
            engagement = float(rng.poisson(3))
        else:
            followers = person["followers"]
        if episode and tone == "negative":
            base = followers if followers == followers else 300.0
            reach = float(round(base * rng.uniform(0.5, 2.5)))
            engagement = float(round(reach * rng.uniform(0.01, 0.06)))
    when = builder.citizen_time(day)
    return builder.add_mention(published_at=when, channel=channel, author=author, followers=followers, text=text,
                               subject=subject, kind=kind, role="citizen", tone=tone, language=language, topic=topic,
                               domain=domain, reach=reach, engagement=engagement)


def _make_general_mentions(builder: _Builder) -> None:
    """Citizens' and outlets' mentions of the client, and the episode's surge."""
    rng, spec = builder.rng, builder.spec
    client = builder.slug
    positive, neutral, negative = spec["tones"][client]
    tones = {"positive": positive, "neutral": neutral, "negative": negative}
    episode_tones = {"positive": 0.04, "neutral": 0.2, "negative": 0.76}
    for day in builder.days:
        weekday = 1.15 if day.weekday() < 5 else 0.65
        count = int(rng.poisson(spec["base_daily_mentions"] * weekday))
        for _ in range(count):
            _general_mention(builder, day=day, subject=client, tone_weights=tones, languages=spec["languages"],
                             episode=False, kind="general")
        if builder.in_episode(day):
            extra = spec["episode_extra"][(day - builder.episode[0]).days]
            for _ in range(extra):
                _general_mention(builder, day=day, subject=client, tone_weights=episode_tones,
                                 languages=spec["episode_languages"], episode=True, kind="episode")


def _make_influencer_mentions(builder: _Builder, posts: pd.DataFrame) -> None:
    """The planted influencers' messages, and citizens' replies to them."""
    rng = builder.rng
    slug = builder.slug
    own_x = PLANTED[slug]["own_accounts"]["x"]
    own_texts = posts.loc[posts["channel"].isin(["x", "instagram", "facebook"]), ["published_at", "text"]]
    for author, (role, channel, domain, followers, per_week, episode_posts) in _INFLUENCERS[slug].items():
        language = "nb" if slug == "fjordvik" else "en"
        schedule = []
        for day in builder.days[:-1]:  # replies to the last day's posts would fall outside the period
            if builder.in_episode(day):
                continue
            for _ in range(int(rng.poisson(per_week / 7))):
                schedule.append((day, False))
        episode_days = [builder.episode[0] + dt.timedelta(days=int(d)) for d in
                        rng.integers(0, (builder.episode[1] - builder.episode[0]).days + 1, size=episode_posts)]
        schedule += [(day, True) for day in sorted(episode_days)]
        for day, episode in schedule:
            when = builder.citizen_time(day)
            this_channel, this_domain = channel, domain
            if role == "amplifier":
                earlier = own_texts[own_texts["published_at"] <= pd.Timestamp(when)]
                if len(earlier) and rng.random() < 0.8:
                    shared = earlier.iloc[-1 - int(rng.integers(min(5, len(earlier))))]["text"]
                    text = f"RT @{own_x}: {shared}" if rng.random() < 0.5 else f"Deler: {shared}"
                else:
                    text = builder.fill(builder.pick(_GENERAL[_TOPIC_OF_CLIENT[slug]][language]["positive"]), slug, language)
                tone, topic = ("neutral" if episode else "positive"), ("episode" if episode else "share")
            else:
                bank = _INFLUENCER_TEXTS[slug][role]
                templates = bank["episode"] if episode and bank["episode"] else bank[language]
                text = builder.fill(builder.pick(templates), slug, language)
                tone = {"journalist": "neutral", "advocate": "positive", "expert": "neutral", "critic": "negative"}[role]
                if role == "journalist" and episode:
                    tone = "negative" if rng.random() < 0.5 else "neutral"
                topic = "episode" if episode else _TOPIC_OF_CLIENT[slug]
                if role == "critic" and rng.random() < 0.35:
                    this_channel, this_domain = "facebook", "facebook.com"
                if role == "advocate" and slug == "fjordvik" and rng.random() < 0.4:
                    this_channel, this_domain = "instagram", "instagram.com"
            if role == "journalist":
                reach = float(round(followers * rng.uniform(0.3, 0.8) * (2.5 if episode else 1.0)))
                engagement = float(round(reach * rng.uniform(0.004, 0.012)))
            elif role == "critic" and episode:
                reach = float(round(followers * rng.uniform(4.0, 14.0)))
                engagement = float(round(reach * rng.uniform(0.04, 0.09)))
            elif role == "amplifier":
                reach = float(round(followers * rng.uniform(0.2, 0.5)))
                engagement = float(round(reach * rng.uniform(0.005, 0.015)))
            else:
                reach = float(round(followers * rng.uniform(0.5, 1.2)))
                engagement = float(round(reach * rng.uniform(0.03, 0.07)))
            root = builder.add_mention(published_at=when, channel=this_channel, author=author,
                                       followers=float(followers), text=text, subject=slug, kind="influencer",
                                       role=role, tone=tone, language=_written_standard(text, language),
                                       topic=topic, domain=this_domain, reach=reach, engagement=engagement)
            replies = {"critic": 4.5 if episode else 1.0, "journalist": 2.2, "expert": 1.6, "advocate": 1.0,
                       "amplifier": 0.3}[role]
            for _ in range(int(rng.poisson(replies))):
                reply_language = builder.choose({"nb": 0.78, "nn": 0.17, "en": 0.05} if slug == "fjordvik"
                                                else {"en": 0.85, "nb": 0.15})
                bank = _REPLIES_TO[role]
                template = builder.pick(bank.get(reply_language) or bank["en"])
                reply_text = template.format(author=author if author.startswith("@") else author)
                person = builder.person(reply_language)
                reply_channel = this_channel if this_channel not in ("news", "blog") else "facebook"
                reply_when = when + dt.timedelta(minutes=float(rng.exponential(150)) + 2)
                reply_tone = "negative" if role == "critic" and "hard" not in reply_text else (
                    "positive" if role in ("advocate", "amplifier", "expert") else "neutral")
                builder.add_mention(published_at=reply_when, channel=reply_channel,
                                    author=builder.author_on(reply_channel, person), followers=person["followers"],
                                    text=reply_text, subject=slug, kind="reply", role="citizen", tone=reply_tone,
                                    language=reply_language, topic=topic, in_reply_to=root, thread_id=root)


_NYNORSK_MARKERS = re.compile(r"\b(eg|kvifor|ikkje|vart|ein|kva|korleis|drikkevatn)\b", re.IGNORECASE)


def _written_standard(text: str, default: str) -> str:
    """nn for the few nynorsk influencer templates, else ``default`` (the generator knows its own texts)."""
    return "nn" if default == "nb" and _NYNORSK_MARKERS.search(text) else default


def _business_open(local: dt.datetime) -> bool:
    return local.weekday() < 5 and dt.time(8, 0) <= local.time() < dt.time(15, 30)


def _next_opening(local: dt.datetime) -> dt.datetime:
    candidate = local
    if candidate.weekday() < 5 and candidate.time() < dt.time(8, 0):
        return candidate.replace(hour=8, minute=0, second=0)
    candidate = (candidate + dt.timedelta(days=1)).replace(hour=8, minute=0, second=0)
    while candidate.weekday() >= 5:
        candidate += dt.timedelta(days=1)
    return candidate


def _answered_flags(builder: _Builder, count: int, rate: float) -> list[bool]:
    flags = np.zeros(count, dtype=bool)
    flags[: int(round(rate * count))] = True
    return [bool(flag) for flag in builder.rng.permutation(flags)]


def _make_conversations(builder: _Builder) -> None:
    """Questions and complaints to the client's accounts, and the client's own replies."""
    rng, spec, slug = builder.rng, builder.spec, builder.slug
    own = PLANTED[slug]["own_accounts"]
    languages = {"nb": 0.86, "nn": 0.09, "en": 0.05} if slug == "fjordvik" else {"en": 0.8, "nb": 0.2}
    days = [d for d in builder.days[:-5] if not builder.in_episode(d)]  # replies stay inside the period
    plan = []
    for channel, count in spec["conversation_channels"].items():
        for _ in range(count):
            plan.append((channel, builder.pick(days), False))
    episode_days = [d for d in builder.days if builder.in_episode(d)]
    for channel, count in spec["episode_complaints"].items():
        for _ in range(count):
            plan.append((channel, builder.pick(episode_days), True))
    answered_plan = {}  # exactly round(rate * n) answered threads per channel, in random order
    for channel, count in spec["conversation_channels"].items():
        answered_plan[(channel, False)] = _answered_flags(builder, count, spec["response"][channel][0])
    for channel, count in spec["episode_complaints"].items():
        answered_plan[(channel, True)] = _answered_flags(builder, count, spec["episode_response"][0])
    for channel, day, episode in plan:
        language = builder.choose(languages)
        if episode:
            bank = _EPISODE_COMPLAINTS[slug]
            language = language if language in bank else next(iter(bank))
            text, tone, kind = builder.fill(builder.pick(bank[language]), slug, language), "negative", "complaint"
        else:
            tone = builder.choose({"neutral": 0.68, "negative": 0.26, "positive": 0.06})
            text, kind = builder.fill(builder.pick(_QUESTIONS[language][tone]), slug, language), "question"
        if rng.random() < 0.3:  # evenings and weekends
            if rng.random() < 0.5:
                day = day + dt.timedelta(days=(5 - day.weekday()) % 7)  # move to the next Saturday
                asked = builder.local(day, int(rng.integers(9, 22)))
            else:
                asked = builder.local(day, int(rng.choice([16, 17, 18, 19, 20, 21, 22])))
        else:
            weekday_day = day - dt.timedelta(days=max(0, day.weekday() - 4))
            asked = builder.local(weekday_day, int(rng.integers(8, 15)))
        person = builder.person(language if language in builder.people else "nb")
        root = builder.add_mention(published_at=asked, channel=channel, author=builder.author_on(channel, person),
                                   followers=person["followers"], text=text, subject=slug, kind=kind, role="citizen",
                                   tone=tone, language=language, topic="episode" if episode else "service",
                                   thread_id=None)
        builder.mentions[-1]["thread_id"] = root
        rate, median, sigma = spec["episode_response"] if episode else spec["response"][channel]
        if not answered_plan[(channel, episode)].pop():
            continue
        delay = float(np.exp(rng.normal(np.log(median), sigma)))
        local_asked = asked.astimezone(builder.tz)
        if channel == "facebook" and not episode and not _business_open(local_asked):
            if rng.random() < 0.12:  # someone on call answers in the evening
                answered_local = local_asked + dt.timedelta(minutes=delay)
            else:
                answered_local = _next_opening(local_asked) + dt.timedelta(minutes=float(np.exp(rng.normal(np.log(45), 0.5))))
        else:
            answered_local = local_asked + dt.timedelta(minutes=delay)
            if answered_local.hour < 7:
                answered_local = answered_local.replace(hour=8) + dt.timedelta(minutes=float(rng.integers(0, 90)))
        answered = answered_local.astimezone(dt.timezone.utc)
        reply_language = "en" if language == "en" else ("nb" if slug == "fjordvik" else "en")
        responder = builder.choose(spec["responders"])
        answer = builder.pick(_ANSWERS[reply_language]).format(dept=builder.pick(_DEPTS[slug]),
                                                               month=builder.pick(_MONTHS[reply_language]))
        answer = f"{answer} Hilsen {responder}" if reply_language == "nb" else f"{answer} ^{responder}"
        own_reply = builder.add_mention(published_at=answered, channel=channel, author=own[channel], followers=np.nan,
                                        text=answer, subject=slug, kind="own_reply", role="own", tone=None,
                                        language=reply_language, topic="service", in_reply_to=root, thread_id=root,
                                        is_own=True, responder=responder, reach=np.nan, engagement=float(rng.poisson(1)))
        if rng.random() < 0.25:
            thanks = builder.pick(_FOLLOW_UPS[language])
            builder.add_mention(published_at=answered + dt.timedelta(minutes=float(rng.exponential(90)) + 1),
                                channel=channel, author=builder.author_on(channel, person),
                                followers=person["followers"], text=thanks, subject=slug, kind="follow_up",
                                role="citizen", tone="positive", language=language, topic="service",
                                in_reply_to=own_reply, thread_id=root)


def _make_peer_mentions(builder: _Builder) -> None:
    """Peers' mentions, sized so the client's share of voice is the planted one."""
    rng, spec, slug = builder.rng, builder.spec, builder.slug
    client_count = sum(1 for row in builder.truth if row["subject"] == slug and row["role"] != "own")
    shares = spec["subjects"]
    weights = np.array([1.15 if d.weekday() < 5 else 0.65 for d in builder.days])
    for peer, share in shares.items():
        if peer == slug:
            continue
        total = int(round(client_count * share / shares[slug]))
        per_day = rng.multinomial(total, weights / weights.sum())
        positive, neutral, negative = spec["tones"][peer]
        tones = {"positive": positive, "neutral": neutral, "negative": negative}
        for day, count in zip(builder.days, per_day):
            for _ in range(int(count)):
                _general_mention(builder, day=day, subject=peer, tone_weights=tones, languages=spec["languages"],
                                 episode=False, kind="general")


def _make_web_traffic(builder: _Builder) -> pd.DataFrame:
    rng = builder.rng
    rows = []
    for day in builder.days:
        for (source, medium), (weekday_sessions, weekend_factor, episode_factor) in builder.spec["web"].items():
            level = weekday_sessions * (1.0 if day.weekday() < 5 else weekend_factor)
            level *= 0.78 if day.month == 7 else 1.0
            if builder.in_episode(day):
                level *= episode_factor
            sessions = float(rng.poisson(max(level * np.exp(rng.normal(0, 0.08)), 0.1)))
            rows.append({"date": pd.Timestamp(day), "source": source, "medium": medium, "sessions": sessions})
    return pd.DataFrame(rows)
