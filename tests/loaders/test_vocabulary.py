"""The header vocabularies in data/reference/export_headers.csv: one test per interface language."""
import pytest

from sermo_helpers.loaders import load_file, vocabulary
from sermo_helpers.loaders.vocabulary import LANGUAGES, header_concept, spellings


def words(concept, language):
    return next(header for _, lang, header in spellings(concept) if lang == language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_post_export_in_each_interface_language(language, tmp_path, context):
    """A Facebook post export whose header is written in ``language`` is recognised and read."""
    header = [words(concept, language) for concept in ("post_id", "page_id", "page_name", "publish_time",
                                                       "description", "reach", "comments")]
    row = ["111_222", "111", "Fjordvik", "03/05/2025 09:30", "Hei", "1,204", "7"]
    path = tmp_path / "export.csv"
    quote = lambda cells: ",".join(f'"{cell}"' for cell in cells)  # noqa: E731
    path.write_bytes(("\ufeff" + quote(header) + "\n" + quote(row) + "\n").encode("utf-8"))
    loaded = load_file(path, context=context)
    posts = loaded.frames["posts"]
    assert loaded.format == "meta_facebook_posts"
    assert posts["reach"].tolist() == [1204.0] and posts["comments"].tolist() == [7.0]
    assert posts["published_at"].dt.tz_convert("Europe/Oslo").dt.strftime("%H:%M").tolist() == ["09:30"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_daily_file_in_each_interface_language(language, tmp_path, context):
    metric_line = f'"Instagram {words("reach", language)}"'
    lines = ["sep=,", metric_line, f'"{words("date", language)}","Primary"', '"2025-03-01T00:00:00","12"']
    path = tmp_path / "daily.csv"
    path.write_bytes("\ufeff".encode("utf-16-le") + ("\r\n".join(lines) + "\r\n").encode("utf-16-le"))
    stats = load_file(path, context=context).frames["channel_stats"]
    assert stats[["channel", "metric", "value"]].values.tolist() == [["instagram", "reach", 12.0]]


def test_every_language_names_every_concept():
    concepts = {concept for concept, _, _ in vocabulary._table()}
    for concept in concepts:
        assert {language for _, language, _ in spellings(concept)} == set(LANGUAGES), concept


def test_a_new_language_is_a_data_change(tmp_path, monkeypatch):
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    original = vocabulary.vocabulary_path().read_text(encoding="utf-8")
    (reference / "export_headers.csv").write_text(original + "post_id,en,Julkaisun tunnus\n", encoding="utf-8")
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    assert header_concept("Julkaisun tunnus") == "post_id"


def test_a_header_with_two_concepts_is_refused(tmp_path, monkeypatch):
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    (reference / "export_headers.csv").write_text("concept,language,header\nreach,en,Reach\nviews,en,reach\n",
                                                  encoding="utf-8")
    monkeypatch.setenv("SERMO_HOME", str(tmp_path))
    with pytest.raises(Exception) as caught:
        header_concept("Reach")
    assert "already the concept 'reach'" in str(caught.value)
