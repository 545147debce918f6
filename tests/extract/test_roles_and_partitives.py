"""Who speaks for whom and what a bare figure counts, in constructions news prose uses."""

from __future__ import annotations

from extract.result import InputDoc


def _counts(extractor, text: str, lang: str = "en"):
    return extractor.extract(InputDoc(id="t", text=text, lang=lang, published="2025-03-10")).counts


def test_spokeswoman_of_the_ministry_speaks_for_the_body_named_before(extractor) -> None:
    counts = _counts(
        extractor,
        "Norland's Interior Ministry on Tuesday rejected claims that it had undercounted "
        'arrests, insisting that its figure of 64 was complete. "Each of them has a lawyer," '
        "said Ana Berg, the ministry's spokeswoman. Berg said 50 of the 64 had since been freed.",
    )
    by_value = {c.value: c for c in counts}
    # "insisting" shares the subject of "rejected": the ministry states 64 itself
    assert by_value[64].attributed_to == "Norland's Interior Ministry"
    assert by_value[64].place == "Norland"
    assert by_value[50].attributed_to == "Ana Berg"
    assert by_value[50].originator == "Norland's Interior Ministry"
    assert by_value[50].region is None  # the speaker is never the figure's place


def test_bare_figure_after_a_partitive_pronoun_is_a_part_of_the_figure_before(extractor) -> None:
    en = _counts(
        extractor,
        "The group has documented 128 detentions in Lindora since Monday. "
        "Of these, 71 took place in the capital.",
    )
    assert [(c.value, c.part_of) for c in en] == [(128, None), (71, 0)]
    es = _counts(
        extractor,
        "La ONG documentó 128 detenciones en Lindora desde el lunes. "
        "De ellas, 71 ocurrieron en la capital.",
        "es",
    )
    assert [(c.value, c.part_of) for c in es] == [(128, None), (71, 0)]
    assert "detenciones" in es[1].subject
    # an unknown town after "en" is where the arrests were, not who counted them
    assert es[0].attributed_to != "Lindora" and es[0].place == "Lindora"


def test_the_day_a_figure_was_told_is_not_the_day_of_the_events_it_counts(extractor) -> None:
    # 2025-03-10 is a Monday: "on Monday" is the day of the statement, "on Sunday" the rally's
    (en,) = _counts(
        extractor,
        "The Interior Ministry said on Monday that 45 people had been detained during the "
        "unauthorised rally in Vardø on Sunday.",
    )
    assert en.as_of == "2025-03-10"
    assert en.period is not None and en.period["start"] == "2025-03-09"
    (es,) = _counts(
        extractor,
        "El Ministerio del Interior informó este lunes que 45 personas fueron detenidas el "
        "domingo durante la marcha en Vardø.",
        "es",
    )
    assert es.period is not None and es.period["start"] == "2025-03-09"


def test_a_body_that_speaks_of_a_figure_states_it(extractor) -> None:
    counts = _counts(
        extractor,
        "Según el grupo Amparo, la policía detuvo a 120 personas durante la protesta, mientras "
        "que el Ministerio del Interior habló de 45 detenidos.",
        "es",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[120].attributed_to == "Amparo"
    assert "Ministerio del Interior" in (by_value[45].attributed_to or "")


def test_a_relative_clause_on_the_figure_names_who_counts_it(extractor) -> None:
    (es,) = [
        c
        for c in _counts(
            extractor,
            "Según el Ministerio del Interior, la cifra es muy inferior a los más de 300 "
            "detenidos que contabiliza el Centro de Derechos de Vardø.",
            "es",
        )
        if c.value == 300
    ]
    assert es.attributed_to == "Centro de Derechos de Vardø"
    assert es.region is None  # the place in the body's name is not the figure's place


def test_a_body_named_again_in_lowercase_keeps_its_full_name(extractor) -> None:
    counts = _counts(
        extractor,
        "Una cifra muy superior a la que dio el Gobierno.\n\nEl Centro de Apoyo Legal del Norte "
        "(NLSC, por sus siglas en inglés) contabilizó 347 detenciones. «Hubo golpes», dijo la "
        "abogada del centro.",
        "es",
    )
    (count,) = counts
    assert count.originator == "Centro de Apoyo Legal del Norte"
    assert count.originator_acronym == "NLSC"


def test_a_table_line_s_own_source_stays_on_its_line(extractor) -> None:
    counts = _counts(
        extractor,
        "Daily update from the Vardø Rights Observers (VRO).\nFigures verified by VRO.\n\n"
        "People arrested since 3 March: at least 2,340\nArrests in Finnmark: 734\n"
        "Police officers injured, according to official media: 4",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[2340].originator == by_value[734].originator
    assert by_value[2340].originator != "official media"
    assert by_value[4].attributed_to == "official media"


def test_an_acronym_s_name_never_runs_back_across_a_sentence() -> None:
    from extract.count_sources import acronyms

    text = (
        "Una cifra superior a la del Gobierno. El Centro de Apoyo Legal del Norte (NLSC, por "
        "sus siglas en inglés) contabilizó 347."
    )
    assert acronyms(text) == [("NLSC", "Centro de Apoyo Legal del Norte")]


def test_a_period_s_first_day_is_not_when_its_count_holds(extractor) -> None:
    (count,) = _counts(
        extractor,
        "According to data collected by the Bureau, from January 1 to February 28, 2025, a "
        "total of 412 people were arrested across Norland.",
    )
    assert count.as_of == "2025-02-28"
    assert count.period is not None and count.period["start"] == "2025-01-01"


def test_a_capitalised_common_noun_opening_a_sentence_is_no_body(extractor) -> None:
    (count,) = _counts(
        extractor,
        "Between 10 and 14 March, 1,218 suspects were taken into custody.\n\nFreedom of "
        "assembly is guaranteed for meetings held without weapons.",
    )
    assert count.attributed_to is None  # the publisher's own statement, no one named


def test_a_document_of_a_named_body_is_that_body_s_and_a_body_is_named_without_its_kind(
    extractor,
) -> None:
    (register,) = _counts(
        extractor,
        "Al menos 58 adolescentes continúan privados de libertad, de acuerdo con el registro "
        "del Comité Norte actualizado hasta la tarde del martes.",
        "es",
    )
    assert register.attributed_to == "Comité Norte"
    (paper,) = _counts(
        extractor, "Según el diario Vardø Posten, 43 periodistas fueron detenidos.", "es"
    )
    assert paper.attributed_to == "Vardø Posten"


def test_a_name_s_head_noun_alone_stands_for_the_name(extractor) -> None:
    counts = _counts(
        extractor,
        "The Northern Lawyers' Rights Network documented at least 1,380 detentions in Vardø. "
        "Separately, the Network recorded 64 arrests of journalists across the country.",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[64].originator == "Northern Lawyers' Rights Network"
    assert by_value[64].parse["of"] == "journalist"
    counts = _counts(
        extractor,
        "The Baltic Institute for Press Freedom counted 212 detained reporters. "
        "The Institute said 19 of them were held incommunicado.",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[19].originator == "Baltic Institute for Press Freedom"


def test_a_spokesperson_for_a_body_speaks_for_it(extractor) -> None:
    (en,) = _counts(
        extractor,
        "A spokesman for the Security Bureau said today that a total of 357 persons have been "
        "arrested.",
    )
    assert en.attributed_to == "Security Bureau"
    (es,) = _counts(
        extractor,
        "El portavoz de la Policía Nacional informó que 40 personas fueron detenidas.",
        "es",
    )
    assert es.attributed_to == "Policía Nacional"


def test_a_figure_s_own_date_may_follow_the_head_s_cut_off(extractor) -> None:
    counts = _counts(
        extractor,
        "Con cierre de datos a 28 de febrero de 2025, el Comité Norte contabiliza 1.171 presos "
        "políticos. El comité ha verificado que al menos 23 personas fueron detenidas el 2 de "
        "marzo en Vardø durante la protesta.",
        "es",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[1171].as_of == "2025-02-28"
    assert by_value[23].as_of == "2025-03-02"


def test_a_year_ago_in_the_head_dates_one_earlier_figure_not_the_report(extractor) -> None:
    counts = _counts(
        extractor,
        "Más de 1.170 personas están presas por motivos políticos, según el informe de febrero "
        "del Comité Norte. Hace un año, la misma organización contabilizaba 1.118.\n\nEl "
        "Ministerio del Interior solo reconoció 9 detenidos en su nota oficial.",
        "es",
    )
    by_value = {c.value: c for c in counts}
    assert by_value[9].period is None and by_value[9].as_of == "2025-03-10"
    assert by_value[1118].as_of is not None and by_value[1118].as_of < "2025"


def test_a_ministry_s_own_statement_about_a_mayor_s_city(extractor) -> None:
    (count,) = _counts(
        extractor,
        "Following calls made after the trial of the Mayor of Vardø Metropolitan Municipality, "
        "unlawful demonstrations were held in 9 provinces between 3 and 7 March 2025.\n\n"
        "During these events 1,133 suspects were taken into custody. Our Ministry will not "
        "allow anyone to disturb public order.",
    )
    assert count.attributed_to is None  # the publisher's own voice, not the municipality
    assert count.period is not None and count.period["start"] == "2025-03-03"
    assert count.as_of == "2025-03-07"
