"""Numbers that are not counts of people: the guide's "never annotated" list."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("lang", "text", "not_counted"),
    [
        ("en", "Since 2017 the group has tracked abuses in 2019 and 2023.", {2017, 2019, 2023}),
        ("en", "The 2021 report and a 2019 list named 340 detainees.", {2021, 2019}),
        ("en", "On 22 April police detained the singer.", {22}),
        ("en", "Rosa Vidal, 63, was held with a 16-year-old apprentice.", {63, 16}),
        ("en", "Women aged 20 to 45 must register.", {20, 45}),
        ("en", "He got 9 years in prison after being held for six days.", {9, 6}),
        ("en", "They were jailed for between two and 30 days.", {30}),
        ("en", "She paid a fine of 2,300 lari, roughly $850.", {2300, 850}),
        ("en", "The ruling party took 61% of the seats.", {61}),
        ("en", "He was charged under Article 212 of the Penal Code.", {212}),
        ("en", "Case No. 4821 was opened the next morning.", {4821}),
        ("en", "Call our hotline +44 20 7946 0000 before 19:30.", {44, 20, 7946, 19}),
        ("en", "Write to us or call 7-700-200-35-18.", {700, 200, 35}),
        ("en", "Police raided four police stations in 27 towns.", {4, 27}),
        ("en", "The full 48-page report lists 600 attacks on mosques.", {48, 600}),
        ("en", "About 12 men in balaclavas arrived at 4 a.m.", {12, 4}),
        ("en", "More than 3,000 volunteer doctors help detainees.", {3000}),
        ("en", "Some 400 people attended a prayer for the prisoners.", {400}),
        ("en", "The jail has a capacity for 25,000 inmates.", {25000}),
        ("en", "The region has 900 prisoners per 100,000 residents.", {900, 100000}),
        ("en", "The figure is nearly five times higher than in March.", {5}),
        ("en", "Her three sons have not visited since.", {3}),
        ("es", "Fue detenida el 8 de mayo de 2022.", {8, 2022}),
        ("es", "La joven, de 23 años, fue condenada a 12 años de prisión.", {23, 12}),
        ("es", "El arresto duró menos de 48 horas.", {48}),
        ("es", "Pagó una multa de 4.500 pesos.", {4500}),
        ("es", "Menos de 70 personas asistieron a la misa.", {70}),
        ("es", "Unas 60 madres de presos se reunieron frente al penal.", {60}),
        ("es", "Unos ocho hombres armados entraron a la vivienda.", {8}),
        ("es", "El artículo 31 de la Ley 2030 prevé penas de hasta 10 años.", {31, 2030, 10}),
        ("es", "Llame al 0212-555-12-34 de 9:00 a 17:00.", {212, 555, 12, 34, 9, 17}),
        ("es", "El video tuvo más de tres millones de visitas.", {3000000}),
        ("es", "El Congreso prorrogó la ley en 12 ocasiones con 71 votos.", {12, 71}),
        ("es", "Sus tres nietos viven en el extranjero.", {3}),
        ("es", "Los tres siguen sin abogado.", {3}),
        ("en", "1/ A thread on tonight's arrests. 2/ More to follow.", {1, 2}),
        ("en", "(3) The Ministry keeps no list.\n(4) Arrests follow the law.", {3, 4}),
        (
            "es",
            "Unas 300 personas siguen detenidas. De ellas, 74 son mujeres. La más joven tenía "
            "15 años al ser arrestada y la de más edad, 90.",
            {15, 90},
        ),
    ],
)
def test_not_counts(run, lang: str, text: str, not_counted: set[int]) -> None:
    values = {c.value for c in run(text, lang).counts}
    assert not values & not_counted, [c for c in run(text, lang).counts if c.value in not_counted]


def test_vague_amounts_are_not_numbers(run) -> None:
    text = "Dozens of reporters and hundreds of marchers were detained on Friday."
    assert run(text).counts == ()
    assert run("Decenas de maestros y miles de vecinos fueron detenidos.", "es").counts == ()


def test_counts_next_to_distractors_survive(run) -> None:
    text = "Since 2018, at least 233 people were convicted under Article 104, the group said."
    assert [c.value for c in run(text).counts] == [233]


def test_people_arrested_for_taking_part_are_counted_unlike_those_taking_part(run) -> None:
    counted = {
        c.value for c in run("Police arrested 874 persons for participating in riots.").counts
    }
    assert counted == {874}
    marched = {c.value for c in run("About 500 people participated in the march.").counts}
    assert 500 not in marched


@pytest.mark.parametrize(
    ("lang", "text", "counted", "ages"),
    [
        ("en", "Police held 14 teenagers younger than 16.", {14}, {16}),
        ("es", "Hay 12 detenidos menores de 18 y 5 detenidos mayores de 60.", {12, 5}, {18, 60}),
    ],
)
def test_an_age_limit_is_no_count(run, lang, text, counted, ages) -> None:
    values = {c.value for c in run(text, lang).counts}
    assert counted <= values and not values & ages


@pytest.mark.parametrize(
    ("lang", "text", "counted", "distractors"),
    [
        (
            # an hour in words, a ranking, an article number whose noun is left out
            "es",
            "Rita Gómez fue arrestada el domingo alrededor de las once. La revista la incluyó "
            "entre las 100 mujeres más influyentes. Su defensa invocó el artículo 44 y el 236 "
            "del código. Detuvieron a otras 12 personas más en Soyapango.",
            {12},
            {11, 100, 236},
        ),
        (
            "en",
            "She was among the 100 most influential women of the year. Police arrested 12 more "
            "people.",
            {12},
            {100},
        ),
    ],
)
def test_an_hour_a_ranking_and_a_label_are_no_counts(run, lang, text, counted, distractors) -> None:
    values = {c.value for c in run(text, lang).counts}
    assert counted <= values and not values & distractors
