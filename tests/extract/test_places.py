"""Where a figure is counted: a city of the figure's country, a list of places, a body's name."""

from __future__ import annotations

from extract.result import InputDoc


def _by_value(extractor, text: str, lang: str = "en"):
    doc = InputDoc(id="t", text=text, lang=lang, published="2026-05-04")
    return {c.value: c for c in extractor.extract(doc).counts}


def test_any_sizeable_city_of_the_figure_s_country_is_its_region(extractor) -> None:
    counts = _by_value(
        extractor,
        "The Tbilisi Legal Aid Bureau (TLAB) documented 350 detentions across Georgia last "
        "week. Our office in Kutaisi recorded 27 detentions over the same week.",
    )
    assert counts[350].region is None and counts[350].place == "Georgia"
    assert counts[27].region == "Kutaisi"
    # "our office": the text's own voice, not a body called "Our office in Kutaisi"
    assert (counts[27].attributed_to or "").startswith("Tbilisi Legal Aid Bureau")


def test_a_city_of_another_country_is_no_region(extractor) -> None:
    home = _by_value(extractor, "In Georgia, police detained 31 people in Kutaisi.")
    abroad = _by_value(extractor, "In Georgia, police detained 31 people in Mosul.")
    assert home[31].place == abroad[31].place == "Georgia"
    assert home[31].region == "Kutaisi"
    assert abroad[31].region is None


def test_a_place_listed_with_others_is_no_one_region(extractor) -> None:
    en = _by_value(
        extractor,
        "During the rallies held in Tbilisi and other cities, a total of 229 persons were "
        "detained, the ministry said.",
    )
    assert en[229].place == "Georgia" and en[229].region is None
    es = _by_value(
        extractor,
        "Durante las marchas en Maracaibo y otras ciudades, 120 personas fueron detenidas.",
        "es",
    )
    assert es[120].place == "Venezuela" and es[120].region is None


def test_a_place_in_the_clause_before_a_contrast_is_not_the_figure_s(extractor) -> None:
    es = _by_value(
        extractor,
        "El centro contabilizó 347 detenciones en Venezuela, la mayoría en la avenida de la "
        "capital, mientras que el Ministerio del Interior informó de 229 detenidos.",
        "es",
    )
    assert es[229].region is None and es[229].place == "Venezuela"
    lines = _by_value(extractor, "Balance:\nDetentions in Zulia state: 734\nDetentions: 900")
    assert lines[734].region == "Zulia"  # a line's colon is no contrast


def test_a_city_of_the_country_that_accounts_for_a_figure_is_its_region(extractor) -> None:
    counts = _by_value(
        extractor,
        "The Front documented the arrest of at least 1,462 people in Egypt last week. Giza "
        "accounts for the largest number, with 301 arrests, followed by Cairo.",
    )
    assert counts[301].region == "Giza" and counts[1462].region is None


def test_a_nationwide_figure_is_the_country_s_whatever_region_came_before(extractor) -> None:
    es = _by_value(
        extractor,
        "Las protestas siguen en Perú. Un total de 38 personas fueron detenidas en la región "
        "Cusco durante las marchas, según la Red Andina, que a nivel nacional contabiliza 151 "
        "detenciones.",
        "es",
    )
    assert es[38].region == "Cusco"
    assert es[151].place == "Peru" and es[151].region is None
    en = _by_value(
        extractor,
        "Protests go on in Peru. In the Cusco region 38 people were detained this week, said "
        "the Andean Network, which counts 151 detentions nationwide.",
    )
    assert en[38].region == "Cusco"
    assert en[151].place == "Peru" and en[151].region is None


def test_a_person_the_model_takes_for_a_place_is_no_place() -> None:
    # the small English model labels some names GPE; a name the persons finder holds is a
    # person whatever the label, and a table line's name ("Kotor: 40") is a place
    from spacy.tokens import Span

    from extract.count_places import _named_place
    from extract.lexicon import load_lexicon
    from extract.pipeline import load_pipeline

    text = (
        "The Adriatic Detainee Project has recorded 212 detentions since 1 April.\n"
        "Kotor: 40\n"
        'Nobody was told anything," said the director, Vesna Stojanović.'
    )
    doc = load_pipeline("en")(text)
    name_at = text.index("Vesna")
    assert any(start == name_at for p in doc._.ct_persons for start, _ in p.mentions)
    name = doc.char_span(name_at, name_at + len("Vesna Stojanović"))
    kotor = doc.char_span(text.index("Kotor"), text.index("Kotor") + len("Kotor"))
    doc.ents = [Span(doc, kotor.start, kotor.end, "GPE"), Span(doc, name.start, name.end, "GPE")]
    assert _named_place(doc, load_lexicon("en")) == "Montenegro"


def test_a_city_of_one_country_places_a_text_that_names_no_country(extractor) -> None:
    # no country is named: a city the model tags, which only one country has, says which;
    # a sentence that opens on a city ("In X, where ..., 41 ...") is that city's figure
    en = _by_value(
        extractor,
        "The Sumadija Legal Collective said 212 people had been detained since March.\n\n"
        "In Kragujevac, where students blocked a bridge for two days, 41 people have been "
        "detained since March.",
    )
    assert en[212].place == "Serbia" and en[212].region is None
    assert en[41].place == "Serbia" and en[41].region == "Kragujevac"


def test_a_city_names_its_country_only_when_one_country_has_it() -> None:
    from extract.gazetteer import for_lexicon
    from extract.lexicon import load_lexicon

    table = for_lexicon(load_lexicon("en"))
    assert table.country_of_city("Niš").country == "Serbia"  # its own name, not an old one of Nice
    assert table.country_of_city("Kragujevac").country == "Serbia"
    assert table.country_of_city("Santiago") is None  # Chile, Spain, Cuba, ...


def test_a_figure_of_a_list_of_regions_is_theirs_together(extractor) -> None:
    # several regions joined by commas and a conjunction: the figure is theirs together, never
    # the nearest one's; with the country's own name among them, it is national
    es = _by_value(
        extractor,
        "La Red Hondureña recibió 1.512 denuncias de detenciones en Honduras. Los "
        "departamentos de Cortés, Atlántida y Yoro concentran 640 de esas denuncias.",
        "es",
    )
    assert es[640].region == "Cortés, Atlántida y Yoro"
    national = _by_value(
        extractor,
        "La policía de Panamá informó que en las provincias de Panamá, Colón y Chiriquí, se "
        "ha logrado la captura de 311 personas.",
        "es",
    )
    assert national[311].place == "Panama" and national[311].region is None
