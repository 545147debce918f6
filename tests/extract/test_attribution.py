"""Who states a figure: according to / según, speech and reporting verbs, quotes, pronouns,
an organisation's own voice, and sources carried over from the previous sentence."""

from __future__ import annotations

import pytest

from tests.extract.conftest import counts_by_value


@pytest.mark.parametrize(
    ("lang", "text", "value", "source"),
    [
        (
            "en",
            "At least 19 people were detained, according to Freedom Watchers.",
            19,
            "Freedom Watchers",
        ),
        (
            "en",
            "The Libertas Monitoring Group said 230 people remain in detention.",
            230,
            "Libertas Monitoring Group",
        ),
        (
            "en",
            "Police detained 45 students on Monday, the Student Defence Union said.",
            45,
            "Student Defence Union",
        ),
        (
            "en",
            '"We have counted 91 arrests this week," said Marta Kowalska.',
            91,
            "Marta Kowalska",
        ),
        (
            "en",
            "Elena Duarte of the Civic Rights Centre said 17 activists were jailed.",
            17,
            "Elena Duarte",
        ),
        (
            "es",
            "Según el Observatorio de Libertades, 412 personas siguen detenidas.",
            412,
            "Observatorio de Libertades",
        ),
        (
            "es",
            "El Comité de Familiares registró 96 detenciones en mayo.",
            96,
            "Comité de Familiares",
        ),
        (
            "es",
            '"Tenemos 54 presos políticos", denunció la abogada Lucía Ferreira.',
            54,
            "Lucía Ferreira",
        ),
        ("es", "La Fiscalía informó que 57 personas fueron imputadas.", 57, "Fiscalía"),
    ],
)
def test_stated_sources(run, lang: str, text: str, value: int, source: str) -> None:
    assert source in (counts_by_value(run(text, lang))[value].attributed_to or "")


def test_pronouns_and_anaphors_resolve(run) -> None:
    text = (
        "The Libertas Monitoring Group published its monthly report on Tuesday. "
        "The group said 310 people were detained in March. "
        "Tomas Varga, a lawyer with the group, said 25 of them were women. "
        '"Another 40 were released on bail," he said.'
    )
    counts = counts_by_value(run(text))
    assert "Libertas Monitoring Group" in counts[310].attributed_to
    assert counts[25].attributed_to == "Tomas Varga"
    assert counts[40].attributed_to == "Tomas Varga"


def test_own_voice_is_the_organisation(run) -> None:
    text = (
        "Centro Libertad | Monthly report | May 2024\n\n"
        "Our lawyers documented 73 arbitrary detentions in May. "
        "We also recorded 12 cases of enforced disappearance."
    )
    counts = counts_by_value(run(text))
    assert counts[73].attributed_to == counts[12].attributed_to == "Centro Libertad"


def test_family_members_are_not_sources_of_figures(run) -> None:
    text = (
        "La Red de Defensores atendió a unas 600 personas que, según sus esposas, "
        "fueron arrestadas sin una orden."
    )
    assert "Red de Defensores" in counts_by_value(run(text, "es"))[600].attributed_to


def test_a_sentence_without_a_source_inherits_the_previous_one(run) -> None:
    text = (
        "The Libertas Monitoring Group said 310 people were detained in March. "
        "In April, 205 more people were detained."
    )
    assert "Libertas" in counts_by_value(run(text))[205].attributed_to


def test_a_possessor_is_not_the_speaker(run) -> None:
    text = "Wekesa's party said in a statement that two members had died in custody."
    count = counts_by_value(run(text))[2]
    assert count.attributed_to == "Wekesa's party"


def test_a_state_body_is_never_the_voice_of_the_text(run) -> None:
    text = (
        "Al menos 14 manifestantes fueron arrestados por la Seguridad del Estado, según "
        "reportes recibidos por nuestro equipo."
    )
    assert counts_by_value(run(text, "es"))[14].attributed_to is None


def test_a_document_of_an_organisation_is_theirs(run) -> None:
    text = "According to Libertas's records, only 40 of them were political prisoners."
    assert counts_by_value(run(text))[40].attributed_to == "Libertas"


def test_a_rejected_claim_is_the_claimants(run) -> None:
    """The figure of "X's assertion that ..." is X's, and the rejecter's own figure after
    ", saying" is the rejecter's, wherever the parse hung the participle."""
    text = (
        "The Vestland justice ministry on Monday rejected the Harbour Legal Aid Society's "
        "assertion that 480 political prisoners are held, saying the number of inmates "
        "in those cases was 212."
    )
    found = counts_by_value(run(text))
    assert found[480].attributed_to == "Harbour Legal Aid Society"
    assert "justice ministry" in found[212].attributed_to


def test_a_party_alleging_a_figure_states_it(run) -> None:
    text = (
        "The cabinet dismissed the reports published by a Geneva-based monitor alleging "
        "that 73 reporters are held. There are no reporters in prison. "
        "As of 1 May, 18 people were in custody for the riots."
    )
    found = counts_by_value(run(text))
    assert "monitor" in found[73].attributed_to
    # the alleger speaks only in its own clause: the next figure is not carried over to it
    assert "monitor" not in (found[18].attributed_to or "")


def test_the_owner_of_an_allegation_in_spanish(run) -> None:
    text = (
        "El Gobierno rechazó la afirmación de la Liga Cívica de Ostland de que 260 "
        "opositores siguen presos, y dijo que solo hay 35 reclusos."
    )
    found = counts_by_value(run(text, "es"))
    assert found[260].attributed_to == "Liga Cívica de Ostland"
    assert found[35].attributed_to == "Gobierno"


def test_a_count_of_unnamed_confirmers_is_no_source(run) -> None:
    # "verified by three sources" says how a figure was checked, not who states it
    text = (
        "The Lowland Prisoners Network said it had recorded 90 arrests in March. "
        "Another 30 arrests were confirmed by three independent sources."
    )
    found = counts_by_value(run(text))
    assert found[30].attributed_to == "Lowland Prisoners Network"


@pytest.mark.parametrize(
    ("text", "lang", "value", "body"),
    [
        # a body spoken to is not the voice of the text
        (
            "Madam Speaker, I wish to inform this House that 52 persons remain in custody. "
            "I assure this House that all of them have seen a lawyer.",
            "en",
            52,
            "House",
        ),
        (
            "«Hemos capturado a 640 pandilleros», declaró el ministro, que pidió al Senado "
            "ampliar el régimen de excepción.",
            "es",
            640,
            "Senado",
        ),
        # nor a body named as the seat of someone a heading mentions
        (
            "Answer by the Minister to a question from a Regional Assembly deputy:\n\n"
            "As of 3 May, 77 persons had been arrested under the ordinance.",
            "en",
            77,
            "Regional Assembly",
        ),
        # nor a capitalised first word of a heading
        (
            "(Unofficial translation from French)\n\nThe number of persons held in the "
            "cases concerned is 48.",
            "en",
            48,
            "Unofficial",
        ),
    ],
)
def test_a_body_spoken_to_or_of_is_not_the_source(run, text, lang, value, body) -> None:
    assert counts_by_value(run(text, lang))[value].attributed_to != body


@pytest.mark.parametrize(
    ("text", "lang", "value", "issuer"),
    [
        (
            "Later the Interior Ministry released a statement on the riots. A human rights "
            "group criticised it. According to the statement, 45 people were detained.",
            "en",
            45,
            "Interior Ministry",
        ),
        (
            "Por la tarde, la Policía difundió un comunicado sobre el operativo. Según esa "
            "nota, quedaron detenidos cuatro sacerdotes.",
            "es",
            4,
            "Policía",
        ),
    ],
)
def test_a_document_named_again_is_its_issuer_s(run, text, lang, value, issuer) -> None:
    assert counts_by_value(run(text, lang))[value].attributed_to == issuer


@pytest.mark.parametrize(
    ("text", "lang", "value", "issuer"),
    [
        (
            "Cárceles Abiertas contabiliza 640 presos políticos en Ostland, según el informe "
            "anual que la ONG con sede en Lisboa publicó este lunes.",
            "es",
            640,
            "Cárceles Abiertas",
        ),
        (
            "The Harbour Prisoners Coalition counted 80 prisoners in June. In July there were "
            "95, according to the report that the Coalition published on Monday.",
            "en",
            95,
            "Harbour Prisoners Coalition",
        ),
    ],
)
def test_a_document_the_text_says_someone_published_is_theirs(
    run, text, lang, value, issuer
) -> None:
    assert counts_by_value(run(text, lang))[value].attributed_to == issuer


def test_a_news_site_named_after_its_kind_reports(run) -> None:
    text = (
        "The judge released four of the reporters under judicial control, the news site "
        "Orbitanet reported."
    )
    assert "Orbitanet" in (counts_by_value(run(text))[4].attributed_to or "")


def test_a_reply_from_a_body_and_the_figure_it_puts_a_number_at(run) -> None:
    # "a written reply from X put the figure at N": a document of X's, and a count of people
    # given as the value of "the figure"; a reply "from" someone opens no period
    result = run(
        "At a hearing on Tuesday, police officers told lawmakers that 302 people had been "
        "arrested as of March 8. A written reply from the Detention Review Bureau published "
        "on Wednesday put the figure at 298 people.",
        published="2024-04-18",
    )
    by_value = {c.value: c for c in result.counts}
    assert by_value[298].attributed_to == "Detention Review Bureau"
    assert by_value[298].period is None
    assert by_value[302].period is None


@pytest.mark.parametrize(
    ("text", "lang", "value", "owner"),
    [
        (
            # the figure is in the phrase of a list a relative clause says someone keeps
            "Todas las personas liberadas formaban parte de la lista de 48 presos políticos que "
            "mantiene la Red Vecinal, según dijo a la prensa el director del penal, Ariel Soto.",
            "es",
            48,
            "Red Vecinal",
        ),
        (
            # the sentence's subject is a named body's register, with no verb of saying
            "El Servicio Penitenciario dijo que hay 30 presos. La lista de la Red Vecinal ya "
            "venía a la baja: había caído a esa cifra desde las 55 personas que incluía en "
            "octubre.",
            "es",
            55,
            "Red Vecinal",
        ),
        (
            "The Prison Service said it held 30 inmates. The register of the Neighbourhood "
            "Network had already fallen: it dropped from the 55 prisoners it held in October.",
            "en",
            55,
            "Neighbourhood Network",
        ),
    ],
)
def test_a_figure_on_someone_s_list_is_theirs(run, text, lang, value, owner) -> None:
    by_value = {c.value: c for c in run(text, lang).counts}
    assert by_value[value].attributed_to == owner


def test_a_signed_first_person_text_speaks_for_its_signer(run) -> None:
    # no organisation speaks in it: "we counted" is the voice of whoever signs at the end
    text = (
        "1/ Hoy se cumplen dos semanas de las protestas. Llevamos anotadas 312 personas "
        "detenidas.\n\n2/ Hemos verificado 118 casos.\n\n3/ Si saliste de prisión, escríbenos. "
        "— Irene Solís Aragón, por el equipo de voluntarias"
    )
    result = run(text, "es")
    assert {c.attributed_to for c in result.counts} == {"Irene Solís Aragón"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Su hermano, el periodista Tomás Acuña Villar, contó que no hubo orden judicial. "
            "La Red Vecinal pidió explicaciones. El periodista recordó que 230 personas siguen "
            "presas por protestar.",
            "es",
        ),
        (
            "Neighbourhood Network has asked for answers. His brother, the journalist Tomás "
            "Acuña Villar, said there was no warrant. The journalist said that 230 people "
            "remain in prison for protesting.",
            "en",
        ),
    ],
)
def test_a_person_called_again_by_their_trade_is_the_source(run, text, lang) -> None:
    # "el periodista" names nobody new: the journalist the text introduced speaks
    assert counts_by_value(run(text, lang))[230].attributed_to == "Tomás Acuña Villar"


@pytest.mark.parametrize(
    ("text", "lang", "second"),
    [
        (
            "Según la Red Vecinal, 800 personas siguen presas. De acuerdo con la misma fuente, "
            "40 son mujeres. De acuerdo con una fuente policial, 12 personas fueron detenidas.",
            "es",
            "fuente policial",
        ),
        (
            "According to Neighbourhood Network, 800 people remain in prison. According to the "
            "same source, 40 are women. A police source said 12 people were detained.",
            "en",
            "police source",
        ),
    ],
)
def test_an_unnamed_source_is_one_and_the_same_source_is_the_last(run, text, lang, second) -> None:
    by_value = counts_by_value(run(text, lang))
    assert by_value[40].attributed_to == by_value[800].attributed_to
    assert by_value[12].attributed_to == second


def test_a_group_described_by_where_it_is_based_is_the_one_named_before(run) -> None:
    text = (
        "Amnesty International said on Monday that the crackdown had widened. More than 140 "
        "people were arrested, the London-based group said in a report."
    )
    (count,) = run(text).counts
    assert count.attributed_to == "Amnesty International"
