"""Qualifiers: exact, more_than, at_least, about, up_to, less_than, in both languages."""

from __future__ import annotations

import pytest

from tests.extract.conftest import counts_by_value


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Guards detained 73 miners at the gate, the union said.", 73, "exact"),
        ("Soldiers rounded up more than 640 villagers in the valley.", 640, "more_than"),
        ("Over 85 nurses were arrested after the strike.", 85, "more_than"),
        ("At least 31 farmers were jailed in the province.", 31, "at_least"),
        ("About 65 students were detained near the campus.", 65, "about"),
        ("Nearly 520 demonstrators were held overnight.", 520, "about"),
        ("An estimated 4,400 people have been imprisoned since the coup.", 4400, "about"),
        ("Up to 95 of the detainees had no access to a doctor.", 95, "up_to"),
        ("The governor said no more than 70 looters remain in custody.", 70, "up_to"),
        ("Fewer than eight prisoners of conscience were freed in June.", 8, "less_than"),
        ("Some three dozen cousins of the exiled singer were detained.", 36, "about"),
    ],
)
def test_english(run, text: str, value: int, qualifier: str) -> None:
    assert counts_by_value(run(text))[value].qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("El sindicato contabilizó 57 arrestos de mineros.", 57, "exact"),
        ("Más de 3.100 campesinos han sido encarcelados.", 3100, "more_than"),
        ("En enero la cifra superaba los 2.700 presos.", 2700, "more_than"),
        ("Al menos 44 estudiantes siguen desaparecidos.", 44, "at_least"),
        ("Unos 75 docentes fueron detenidos en la plaza.", 75, "about"),
        ("Cerca de 130 enfermeras han sido arrestadas desde marzo.", 130, "about"),
        ("Casi 12.500 personas han sido detenidas en el país.", 12500, "about"),
        ("Hasta 420 menores estuvieron bajo arresto.", 420, "up_to"),
        ("El gobernador dijo que menos de 35 personas siguen presas.", 35, "less_than"),
        ("Una veintena de presos políticos sufre enfermedades graves.", 20, "about"),
    ],
)
def test_spanish(run, text: str, value: int, qualifier: str) -> None:
    assert counts_by_value(run(text, "es"))[value].qualifier == qualifier


def test_a_range_gives_a_lower_and_an_upper_bound(run) -> None:
    counts = counts_by_value(run("Between 150 and 250 people were detained during the march."))
    assert (counts[150].qualifier, counts[250].qualifier) == ("at_least", "up_to")
    assert "people" in counts[150].subject


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        # "about" completing a verb of speaking or asking is a preposition
        ("The union complained about 14 arrests at the port.", 14, "exact"),
        ("Lawyers wrote to the prosecutor about 27 detainees held without charge.", 27, "exact"),
        # ... unless its figure is a subject: then it rounds
        ("The mayor told reporters about 60 people were detained overnight.", 60, "about"),
        ("Troops detained about 120 villagers.", 120, "about"),
    ],
)
def test_about_as_a_preposition(run, text: str, value: int, qualifier: str) -> None:
    assert counts_by_value(run(text))[value].qualifier == qualifier
