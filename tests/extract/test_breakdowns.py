"""part_of: a breakdown points to the total it is part of."""

from __future__ import annotations

import pytest


def test_of_them_and_including(run) -> None:
    text = (
        "The Civic Monitor has verified 830 arrests in 14 provinces, including 52 minors. "
        "Of those detained, 700 are men and 130 are women."
    )
    result = run(text)
    index = {c.value: i for i, c in enumerate(result.counts)}
    for value in (52, 700, 130):
        assert result.counts[index[value]].part_of == index[830]
    assert result.counts[index[830]].part_of is None


def test_a_named_total(run) -> None:
    text = (
        "La lista incluye 2.290 presos políticos. En mayo eran 2.300. "
        "De los 2.290, 151 son mujeres."
    )
    result = run(text, "es")
    index = {c.value: i for i, c in enumerate(result.counts)}
    assert result.counts[index[151]].part_of == index[2290]
    assert result.counts[index[2300]].part_of is None  # an earlier total is its own claim


def test_coordinated_breakdowns_keep_their_own_words(run) -> None:
    """ "159 son militares y 146 son civiles": what 159 are is not what 146 are; a subject
    of "civiles militares" made the reconciler file 146 under a civilians+military slice."""
    text = (
        "La cifra de presos políticos en Venezuela se ubica en 305. "
        "De ellos, 159 son militares y 146 son civiles."
    )
    subjects = {c.value: c.subject or "" for c in run(text, "es").counts}
    assert "civiles" in subjects[146] and "militares" not in subjects[146]
    assert "militares" in subjects[159] and "civiles" not in subjects[159]


def test_a_sibling_does_not_take_the_words_of_the_figure_before_it(run) -> None:
    """ "27 son mujeres y 274 son hombres": 274 are men, not "hombres mujeres" (a men+women
    slice); the part still says whom it counts ("Of those detained")."""
    es = run("Hay 305 presos políticos. 27 son mujeres y 274 son hombres.", "es")
    subjects = {c.value: (c.subject or "").split() for c in es.counts}
    assert "hombres" in subjects[274] and "mujeres" not in subjects[274]
    text = "The monitor counted 830 arrests. Of those detained, 700 are men and 130 are women."
    subjects = {c.value: (c.subject or "").split() for c in run(text).counts}
    assert "women" in subjects[130] and "men" not in subjects[130]
    assert {"arrests", "detained"} & set(subjects[130])


def test_figures_named_by_their_nouns_break_down_the_total_they_add_up_to(run) -> None:
    text = (
        "Al menos 58 adolescentes continúan presos, según el comité. Tienen de 14 a 17 años; "
        "son 46 varones y 12 muchachas."
    )
    result = run(text, "es")
    index = {c.value: i for i, c in enumerate(result.counts)}
    assert result.counts[index[46]].part_of == index[58]
    assert result.counts[index[12]].part_of == index[58]
    near = run(
        "Police held 75 people after the march. On Sunday 40 journalists and 30 lawyers were "
        "detained in the capital."
    )
    # 40 + 30 is near 75 but not 75: two counts of the sentence, not a breakdown of it
    assert all(c.part_of is None for c in near.counts)


def test_a_table_s_first_line_is_the_total_its_next_lines_add_up_to(run) -> None:
    text = (
        "Monthly list\nCut-off date: 31 August 2025\n\nPolitical prisoners recognised: 79\n"
        "Men: 66\nWomen: 14\nImprisoned before 2018: 9\nAged over 60: 18\n"
    )
    result = run(text)
    index = {c.value: i for i, c in enumerate(result.counts)}
    for value in (66, 14, 9, 18):
        assert result.counts[index[value]].part_of == index[79]


def test_a_partitive_opening_with_no_total_in_the_text_makes_a_subset(run) -> None:
    text = (
        "Between 10 and 20 October, a total of 1,902 suspects were taken into custody.\n\n"
        "Of the suspects taken into custody between 10 and 14 October, 342 were remanded."
    )
    result = run(text)
    (remanded,) = [c for c in result.counts if c.value == 342]
    assert remanded.relation == "subset" and remanded.part_of is None


def test_a_list_of_places_in_running_text_breaks_down_the_total_before_it(run) -> None:
    text = (
        "Fueron aprehendidas 58 personas a nivel nacional. El desglose por departamento de las "
        "58 aprehensiones es el siguiente: Guatemala, 29; Quetzaltenango, 14; Sololá, 9; "
        "Totonicapán, 5; resto del país, 3."
    )
    result = run(text, "es")
    index = {c.value: i for i, c in enumerate(result.counts)}
    for value in (29, 14, 9, 5, 3):
        assert result.counts[index[value]].part_of == index[58]
    assert result.counts[index[14]].region == "Quetzaltenango"
    # a person's age after a name is still no count
    ages = run("Detuvieron a Rosa Vidal, 63, y a Luis Mora, 41; ambos siguen presos.", "es")
    assert not {63, 41} & {c.value for c in ages.counts}


def test_places_listed_with_their_figures_after_a_total(run) -> None:
    """ "Zulia (20); Carabobo, con 12": each item counts, in its place, what the figure
    before the list counts, and is a part of it, whether or not the places add up."""
    text = (
        "La ONG Justicia Ya contabilizó 90 adolescentes detenidos tras las protestas. Por "
        "estados, encabeza Zulia (20); después vienen Carabobo, con 12; Mérida, con 9, y "
        "Sucre, con 3."
    )
    result = run(text, "es")
    index = {c.value: i for i, c in enumerate(result.counts)}
    regions = {20: "Zulia", 12: "Carabobo", 9: "Mérida", 3: "Sucre"}
    for value, region in regions.items():
        count = result.counts[index[value]]
        assert count.part_of == index[90] and count.region == region
        assert "detenidos" in count.subject and "Zulia" not in count.subject.replace(region, "")


def test_cities_following_the_first_place_break_down_the_national_figure(run) -> None:
    """ "followed by Kazan, with more than 150": the list breaks down the national figure,
    not the leading city's; its qualifier stays the item's own."""
    text = (
        "Police detained more than 1,200 people across Russia on Sunday, the monitoring group "
        "Civic Net said. Yekaterinburg accounted for the most, with more than 700 detentions, "
        "followed by Kazan, with more than 150, and Samara, with 70."
    )
    result = run(text)
    index = {c.value: i for i, c in enumerate(result.counts)}
    kazan, samara = result.counts[index[150]], result.counts[index[70]]
    assert (kazan.region, kazan.qualifier, kazan.part_of) == ("Kazan", "more_than", index[1200])
    assert (samara.region, samara.qualifier, samara.part_of) == ("Samara", "exact", index[1200])
    # a bracketed age after a name is no place item
    age = run("El activista Carlos Miranda (45) fue detenido el lunes en Caracas.", "es")
    assert 45 not in {c.value for c in age.counts}


def test_a_table_under_a_title_line_reads_its_own_lines_only(run) -> None:
    # a title, a blank line, a table, a blank line, a sentence of its own: the title heads
    # the table and dates it; a month on one line ("Added in May") dates no other line; the
    # sentence under the table is no line of it, and "Total" is a label, not a source
    text = (
        "Political detainees in Ostland: update (cut-off date: 31 May 2026)\n\n"
        "Total recognised: 88\nMen: 73\nWomen: 15\nAdded to the list in May: 11\n\n"
        "Arbitrary arrests recorded between 1 January and 31 May 2026: 29, of which 13 people "
        "remain in custody."
    )
    result = run(text, published="2026-06-09")
    index = {c.value: i for i, c in enumerate(result.counts)}
    total = result.counts[index[88]]
    assert total.as_of == "2026-05-31"
    assert total.attributed_to != "Total"
    assert total.table and total.table.startswith("Political detainees in Ostland")
    for value in (73, 15):
        assert result.counts[index[value]].part_of == index[88]
    arrests = result.counts[index[29]]
    assert arrests.part_of is None and arrests.relation is None
    assert result.counts[index[13]].part_of == index[29]


def test_every_line_of_a_table_counts_even_when_its_first_says_nothing_of_what(run) -> None:
    # the first line names only a prison or a city; the lines after it say what the table
    # counts, or list places too; lines with equal figures are two figures, and a long label
    # with an age limit in it is still one line's label
    prisons = run(
        "The Tarn Institute has documented 612 political prisoners.\n\n"
        "Central Prison: 503\nNorth Detention Centre: 79\nWomen's Detention Centre: 30\n"
    )
    assert {c.value for c in prisons.counts} == {612, 503, 79, 30}
    cities = run(
        "Police detained 403 people.\n\nMoscow: 187\nSt Petersburg: 96\nOther cities: 89\n"
    )
    assert {c.value for c in cities.counts} == {403, 187, 96, 89}
    equal = run(
        "Hengaw recorded 20 arrests in April.\n\nBy province\n- Ilam: 3\n- Kermanshah: 17\n\n"
        "Women and minors\n- Teenagers younger than 16, detained in Urmia and Piranshahr: 3\n"
        "- Women, detained in Piranshahr and Sanandaj: 3\n"
    )
    assert sorted(c.value for c in equal.counts) == [3, 3, 3, 17, 20]


def test_dot_leaders_separate_a_table_s_labels_from_its_figures(run) -> None:
    result = run(
        "Las fuerzas de seguridad han aprehendido a 318 personas, según el siguiente detalle:"
        "\n\nProvincia Norte ........ 141\nDistrito Capital ........ 96\nProvincia Sur .... 64\n"
        "Total ........................ 318\n",
        "es",
    )
    index = {c.value: i for i, c in enumerate(result.counts)}
    assert set(index) == {318, 141, 96, 64}
    for value in (141, 96, 64):
        assert result.counts[index[value]].part_of == index[318]


def test_places_listed_bare_with_their_figures_break_down_the_total(run) -> None:
    # "Lahore 611, Rawalpindi 498 and Multan 274": a place and its figure with nothing between
    result = run(
        "Police arrested 1,383 people in the province. The district-wise breakdown of the "
        "arrests is: Lahore 611, Rawalpindi 498 and Multan 274."
    )
    index = {c.value: i for i, c in enumerate(result.counts)}
    assert set(index) == {1383, 611, 498, 274}
    for value, region in ((611, "Lahore"), (498, "Rawalpindi"), (274, "Multan")):
        assert result.counts[index[value]].part_of == index[1383]
        assert result.counts[index[value]].region == region


def test_a_list_after_a_colon_counts_what_its_introduction_says(run) -> None:
    # the list's own words say it counts detentions: its items break down the detentions,
    # not the figure of another table line just before it
    result = run(
        "Personas detenidas desde el 3 de marzo: 214\nManifestantes heridos: 96\n\n"
        "Departamentos con más detenciones: Cauca 71, Nariño 44.\n",
        "es",
    )
    index = {c.value: i for i, c in enumerate(result.counts)}
    for value in (71, 44):
        item = result.counts[index[value]]
        assert item.part_of == index[214] and "detenciones" in item.subject
        assert item.table == "Departamentos con más detenciones"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "es",
            "En mayo el observatorio documentó 27 detenciones arbitrarias en Zulia. Entre las "
            "personas detenidas figuran 11 trabajadores petroleros y varios dirigentes vecinales.",
        ),
        (
            "en",
            "The observatory documented 27 arbitrary arrests in May. Among those detained were "
            "11 oil workers and several community leaders.",
        ),
    ],
)
def test_among_the_detainees_are_some_of_them(run, lang, text) -> None:
    # a sentence that opens "among the detainees are" counts some of the detainees told before
    by_value = {c.value: c for c in run(text, lang).counts}
    assert (by_value[11].relation, by_value[11].part_of) == ("subset", 0)


def test_a_list_of_places_belongs_to_the_total_it_adds_up_to(run) -> None:
    # the list's places with the place figure opening its sentence add up to 1.247 exactly;
    # 354, the last figure before the list, is another part of that total
    text = (
        "La Policía informa que del 5 al 19 de marzo capturó a 1.247 personas. De las personas "
        "capturadas, 893 fueron aprehendidas en flagrancia y 354 por órdenes de captura. Por "
        "departamento, Guatemala registra 812 capturas, Escuintla 318 e Izabal 117."
    )
    counts = run(text, "es", published="2026-03-20").counts
    by_value = {c.value: c for c in counts}
    total = next(i for i, c in enumerate(counts) if c.value == 1247)
    assert by_value[318].part_of == total and by_value[117].part_of == total


def test_two_equal_figures_of_other_things_in_one_list_are_two_claims(run) -> None:
    # "Dos obispos, 13 sacerdotes y dos seminaristas": not one figure said twice
    text = "Dos obispos, 13 sacerdotes y dos seminaristas permanecen encarcelados en el país."
    assert sorted(c.value for c in run(text, "es").counts) == [2, 2, 13]
    repeat = "Police detained two journalists on Monday. The two journalists were freed."
    assert [c.value for c in run(repeat).counts] == [2]


def test_another_figure_of_the_same_value_is_a_figure_of_its_own(run) -> None:
    # "otras 13 salieron": thirteen more people, not the 13 just told; its verb says what
    text = (
        "En el mes se sumaron a la lista 13 personas, dos de ellas menores de edad, y otras 13 "
        "salieron de prisión."
    )
    thirteens = [c for c in run(text, "es").counts if c.value == 13]
    assert len(thirteens) == 2 and "salieron" in thirteens[1].subject
