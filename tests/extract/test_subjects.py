"""What a figure counts: the noun phrase plus the clause's event ("people detained")."""

from __future__ import annotations

import pytest

from tests.extract.conftest import counts_by_value


@pytest.mark.parametrize(
    ("lang", "text", "value", "words"),
    [
        ("en", "The centre lists 2,310 people as prisoners of conscience.", 2310, {"prisoners"}),
        ("en", "At least 58 people have been detained in the port city.", 58, {"detained"}),
        ("en", "In June, 46 political prisoners were freed.", 46, {"freed"}),
        ("en", "Of these, 301 are women and 77 are military officers.", 77, {"military"}),
        ("en", "At least 29 political prisoners suffer chronic illnesses.", 29, {"illnesses"}),
        ("en", "More than 80 contractors from nine countries were captured.", 80, {"contractors"}),
        ("es", "Al menos 26 personas fueron detenidas ayer en la plaza.", 26, {"detenidas"}),
        ("es", "De ellos, 410 son hombres y 33 son mujeres.", 33, {"mujeres"}),
        ("es", "Hoy, 18 presos mantienen un ayuno en protesta.", 18, {"ayuno"}),
        ("es", "Unas 55 son madres de bebés.", 55, {"madres"}),
    ],
)
def test_subject_words(run, lang: str, text: str, value: int, words: set[str]) -> None:
    subject = counts_by_value(run(text, lang))[value].subject
    assert words <= set(subject.replace("—", " ").split()), subject


def test_elliptical_figures_take_the_subject_of_the_list(run) -> None:
    text = (
        "The group documented 140 detentions in April: 70 took place in the capital, "
        "45 in the north and 25 in the south."
    )
    counts = counts_by_value(run(text))
    for value in (70, 45, 25):
        assert "detentions" in counts[value].subject


def test_one_claim_per_figure_with_every_mention_kept(run) -> None:
    text = (
        "The list now counts 2,310 political prisoners. Of the 2,310, 204 are women. "
        '"Each of these 2,310 names is a family waiting," she said.'
    )
    result = run(text)
    (claim,) = [c for c in result.counts if c.value == 2310]
    assert len(claim.spans) == 3
    assert result.text[claim.start : claim.end] == claim.quote


def test_prisoners_who_leave_prison_are_counted_unlike_people_who_go_out(run) -> None:
    # "salir" is what marchers do, unless they leave a prison: then it is a release
    released = run(
        "El Mecanismo confirmó que al menos 20 presos políticos salieron ayer de las cárceles.",
        "es",
    )
    assert [c.value for c in released.counts] == [20]
    marched = run("Unas 500 personas salieron ayer a las calles de la capital.", "es")
    assert marched.counts == ()


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "Officers picked up six senior managers of the broadcaster.", 6),
        ("en", "Three other members of the union had been picked up by police.", 3),
        ("es", "Los agentes se llevaron a 12 personas de la plaza.", 12),
    ],
)
def test_the_people_a_weak_arrest_verb_takes_are_counted(
    run, lang: str, text: str, value: int
) -> None:
    assert value in counts_by_value(run(text, lang))


def test_what_a_sentencing_verb_takes_is_a_penalty_not_people(run) -> None:
    text = "El cantante Tomás Ibarra, de 29 años, fue condenado el año pasado a 40 latigazos."
    assert 40 not in counts_by_value(run(text, "es"))
