"""The pipeline: model loading, warnings, language choice, HTML, determinism, version."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from extract import EXTRACTOR_VERSION, InputDoc
from extract.lexicon import LexiconError, available_languages, load_lexicon
from extract.version import extractor_version

REPO = Path(__file__).resolve().parents[2]


def test_spanish_model_loads_with_exactly_w095_silenced() -> None:
    """In a fresh process every warning is recorded: W095 must not appear, others still do."""
    script = """
import json, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    from extract.pipeline import load_pipeline
    nlp = load_pipeline("es")
    warnings.warn("[W999] another warning")
print(json.dumps({
    "pipes": nlp.pipe_names,
    "messages": [str(w.message)[:60] for w in caught],
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert not any("[W095]" in m for m in report["messages"])
    assert any("[W999]" in m for m in report["messages"])
    assert report["pipes"][-9:] == [
        "crosstally_numbers",
        "crosstally_dates",
        "crosstally_persons",
        "crosstally_counts",
        "crosstally_count_relations",
        "crosstally_count_sources",
        "crosstally_count_places",
        "crosstally_count_dates",
        "crosstally_arrests",
    ]


def test_each_model_is_loaded_once_per_process() -> None:
    from extract.pipeline import load_pipeline

    assert load_pipeline("en") is load_pipeline("en")


def test_language_is_identified_among_the_configured_ones(extractor) -> None:
    docs = [
        InputDoc(id="a", text="Police detained at least 40 protesters in the capital."),
        InputDoc(id="b", text="La policía detuvo al menos a 40 manifestantes en la capital."),
    ]
    assert [r.language for r in extractor.extract_many(docs)] == ["en", "es"]


def test_results_come_back_in_input_order_across_languages(extractor) -> None:
    docs = [
        InputDoc(id=str(i), text=text, lang=lang)
        for i, (text, lang) in enumerate(
            [("Uno.", "es"), ("One.", "en"), ("Dos.", "es"), ("Two.", "en")] * 3
        )
    ]
    assert [r.id for r in extractor.extract_many(docs)] == [d.id for d in docs]


def test_html_input_returns_its_main_text(extractor) -> None:
    html = (
        "<html><head><title>x</title></head><body><nav>Home | About</nav><article>"
        "<h1>Arrests in the capital</h1><p>Police detained at least 12 students yesterday, "
        "the rights group Libertas said.</p><p>Among them was the poet Ivan Dorogin.</p>"
        "</article><footer>Copyright</footer></body></html>"
    )
    result = extractor.extract(InputDoc(id="h", html=html, published=date(2024, 3, 2)))
    assert "Police detained" in result.text and "Copyright" not in result.text
    data = result.to_json()
    assert data["text"] == result.text
    (count,) = result.counts
    assert result.text[count.start : count.end] == count.quote
    assert [a.person for a in result.arrests] == ["Ivan Dorogin"]


def test_same_input_same_output(extractor) -> None:
    doc = InputDoc(
        id="d",
        text="At least 38 people were detained on Sunday, the Civic Monitor said. "
        "Among them was Olga Brandt, 34.",
        published=date(2024, 6, 12),
    )
    first = json.dumps(extractor.extract(doc).to_json(), sort_keys=True)
    from extract.pipeline import Extractor

    again = json.dumps(Extractor().extract(doc).to_json(), sort_keys=True)
    assert first == again == json.dumps(extractor.extract(doc).to_json(), sort_keys=True)


def test_version_names_the_code_and_the_lexicons(tmp_path, monkeypatch) -> None:
    assert re.fullmatch(r"crosstally-extract/\d+\.\d+\.\d+\+[0-9a-f]{8}", EXTRACTOR_VERSION)
    import extract.version as version

    for lang in available_languages():
        (tmp_path / f"{lang}.yaml").write_bytes((version.LANG_DIR / f"{lang}.yaml").read_bytes())
    monkeypatch.setattr(version, "LANG_DIR", tmp_path)
    assert extractor_version() == EXTRACTOR_VERSION
    with (tmp_path / "en.yaml").open("a") as handle:
        handle.write("# one more comment\n")
    assert extractor_version() != EXTRACTOR_VERSION


def test_language_files_share_one_schema() -> None:
    assert {"en", "es"} <= set(available_languages())
    for lang in available_languages():
        lexicon = load_lexicon(lang)
        assert lexicon.lang == lang and lexicon.model


def test_a_language_file_is_read_once_however_it_is_named() -> None:
    """Components name their file, the pipeline does not: one parse and one compiled
    Lexicon per file (each worker process reads it before its first document)."""
    from extract.lexicon import lexicon_path

    assert load_lexicon("es") is load_lexicon("es", None)
    assert load_lexicon("es") is load_lexicon("es", str(lexicon_path("es")))


def test_a_broken_language_file_is_a_clear_error(tmp_path) -> None:
    broken = tmp_path / "xx.yaml"
    broken.write_text("language: xx\nmodel: xx_model\n")
    with pytest.raises(LexiconError, match=r"xx\.yaml"):
        load_lexicon("xx", str(broken))
    unparsable = tmp_path / "xy.yaml"
    unparsable.write_text("language: xy\nmodel: [unclosed\n")
    with pytest.raises(LexiconError, match=r"xy\.yaml: not valid YAML"):
        load_lexicon("xy", str(unparsable))
    with pytest.raises(LexiconError, match="no lexicon"):
        load_lexicon("zz", str(tmp_path / "zz.yaml"))
