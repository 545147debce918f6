"""Reconciliation as its tables record it: breakdown sums, agreement and conflict between
originators, stated arithmetic, one text's figures never set against each other, falls in an
originator's running count, and decisions feeding all of it.

Claims are built as extraction stores them: an as-of date (the document's when the text
gives none), a part linked to its total with ``part_of``, the relation of an operand of
stated arithmetic in ``extra``.
"""

from __future__ import annotations

from review.decisions import record
from review.reconcile import read
from review.reconcile.refresh import refresh
from tests.review.conftest import reconcile

PP = "political_prisoners/Venezuela"


def _checks(session, kind, status=None):
    found = read.all_checks(session)
    return [c for c in found if c.kind == kind and (status is None or c.status == status)]


def _facts(session):
    return read.facts_of(session, range(1, 200))


def test_a_total_equals_both_breakdowns(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    text = (
        "Foro Penal contabiliza 301 presos políticos en Venezuela: 152 hombres y 149 mujeres. "
        "Del total, 27 son militares y 274 son civiles."
    )
    doc = build.document(fp, text)
    total = build.claim(doc, 301, quote="301 presos políticos")
    build.claim(doc, 152, "hombres", quote="152 hombres", part_of=total)
    build.claim(doc, 149, "mujeres", quote="149 mujeres", part_of=total)
    build.claim(doc, 27, "militares", quote="27 son militares", part_of=total)
    build.claim(doc, 274, "civiles", quote="274 son civiles", part_of=total)

    reconcile(session)

    sums = _checks(session, "breakdown")
    assert {(c.breakdown, c.status) for c in sums} == {("sex", "ok"), ("affiliation", "ok")}
    assert all(total.id in c.claim_ids for c in sums)
    facts = {f.low: f for f in _facts(session).values()}
    assert {v: f.slice for v, f in facts.items()} == {
        301: None, 152: "men", 149: "women", 27: "military", 274: "civilians"
    }  # fmt: skip
    assert {f.measure_key for f in facts.values()} == {PP}
    assert {f.as_of_source for v, f in facts.items() if v != 301} == {"total"}
    assert {r.status for r in read.rows(session)} == {"ok"}


def test_a_breakdown_that_does_not_sum_is_a_mismatch(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    doc = build.document(fp, "Hay 301 presos políticos: 27 militares y 270 civiles.")
    total = build.claim(doc, 301, quote="301 presos políticos")
    military = build.claim(doc, 27, "militares", quote="27 militares", part_of=total)
    civilians = build.claim(doc, 270, "civiles", quote="270 civiles", part_of=total)

    reconcile(session)

    (check,) = _checks(session, "breakdown")
    assert check.status == "mismatch" and "297" in check.detail
    assert set(check.claim_ids) == {total.id, military.id, civilians.id}
    assert check.why == "the affiliation slices add up to 297, the total is 301"
    assert _facts(session)[total.id].status == "mismatch"


def test_more_than_300_agrees_with_301(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    news = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    a = build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    b = build.claim(
        build.document(news, "La ONG Provea contó más de 300 presos políticos."),
        300,
        qualifier="more_than",
        attributed_to="Provea",
        quote="300",
    )

    reconcile(session)

    (check,) = _checks(session, "agreement")
    assert check.status == "agree" and set(check.claim_ids) == {a.id, b.id}
    (row,) = read.rows(session)
    assert row.values == {"Foro Penal": "301", "Provea": "[301, ∞]"}
    assert row.status == "agree"


def test_290_conflicts_with_301(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    build.claim(build.document(provea, "Son 290 political prisoners."), 290, "political prisoners")

    reconcile(session)

    (check,) = _checks(session, "agreement")
    assert check.status == "conflict"
    assert check.detail == "Foro Penal: 301; Provea: 290"
    assert (
        check.why == "Foro Penal and Provea give 301 and 290 for the same measure, place and date"
    )
    (row,) = read.rows(session)
    assert row.status == "conflict" and row.originators == ["Foro Penal", "Provea"]


def _stated(build, text: str, subject: str, result: int) -> list[int]:
    """114, 12 and ``result`` of one NGO text, linked as extraction links stated arithmetic."""
    ngo = build.source("observatorio", "Observatorio de Presos Políticos")
    doc = build.document(ngo, text)
    total = build.claim(doc, 114, subject, quote="114")
    taken = build.claim(doc, 12, subject, quote="12", part_of=total, extra={"relation": "excluded"})
    left = build.claim(
        doc, result, subject, quote=str(result), part_of=total, extra={"relation": "result"}
    )
    return [total.id, taken.id, left.id]


def test_stated_subtraction_114_minus_12_is_102(build, session):
    text = (
        "En 2024 se han registrado 114 detenciones arbitrarias; de ellas, 12 corresponden a "
        "personas sin relación, por lo que 102 están vinculadas con la campaña."
    )
    ids = _stated(build, text, "detenciones arbitrarias", 102)

    reconcile(session)

    (check,) = _checks(session, "arithmetic")
    assert check.status == "ok" and check.claim_ids == tuple(ids)
    assert "114 − 12 = 102" in check.detail
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]


def test_stated_subtraction_that_is_wrong_is_a_mismatch(build, session):
    text = "Hubo 114 detenciones arbitrarias, minus 12 released, so 100 remain detained."
    _stated(build, text, "detenciones arbitrarias", 100)
    reconcile(session)
    (check,) = _checks(session, "arithmetic")
    assert check.status == "mismatch" and check.why == "the text's arithmetic is off"


def test_one_texts_figures_are_never_set_against_each_other(build, session):
    """Different figures in one document are different things unless the text says they
    disagree: no conflict among them."""
    ngo = build.source("observatorio", "Observatorio de Presos Políticos")
    text = (
        "En 2024 se han registrado 114 detenciones arbitrarias. Otro informe habla de 12 "
        "detenciones arbitrarias. El balance cuenta 102 detenciones arbitrarias."
    )
    doc = build.document(ngo, text)
    for value in (114, 12, 102):
        build.claim(doc, value, "detenciones arbitrarias", quote=f"{value} detenciones")
    reconcile(session)
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]


def test_a_running_count_that_falls_is_a_decrease(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    values = {"2024-03-01": 500, "2024-06-01": 800, "2024-09-01": 750, "2024-12-01": 900}
    ids = {}
    for date, value in values.items():
        doc = build.document(fp, f"Van {value} detenciones arbitrarias en 2024.", published_at=date)
        period = {"period": {"kind": "in", "start": "2024-01-01"}}
        ids[date] = build.claim(doc, value, "detenciones arbitrarias", extra=period).id

    reconcile(session)

    (check,) = _checks(session, "cumulative")
    assert check.status == "decrease" and check.date == "2024-09-01"
    assert check.measure == "arrests/Venezuela/2024-01-01"
    assert set(check.claim_ids) == {ids["2024-06-01"], ids["2024-09-01"]}


def test_a_fall_is_held_against_the_earlier_report_s_nearest_stated_figure(build, session):
    # the March report also carries a stray higher figure filed under the same count, and a
    # wire rounds the count ("more than 300"): neither may stand for March's count
    fp = build.source("foro-penal", "Foro Penal")
    wire = build.source("wire", "Wire")
    period = {"period": {"kind": "in", "start": "2024-01-01"}}
    march = build.document(
        fp, "Van 342 detenciones en 2024; 1874 detenciones.", published_at="2024-03-01"
    )
    first = build.claim(march, 342, "detenciones arbitrarias", extra=period)
    build.claim(march, 1874, "detenciones arbitrarias", extra=period)
    rounded = build.document(
        wire, "Foro Penal counts more than 300 arrests.", published_at="2024-03-01"
    )
    build.claim(
        rounded,
        300,
        "detenciones arbitrarias",
        qualifier="more_than",
        attributed_to="Foro Penal",
        extra=period,
    )
    june = build.document(fp, "Van 329 detenciones arbitrarias en 2024.", published_at="2024-06-01")
    later = build.claim(june, 329, "detenciones arbitrarias", extra=period)
    copy = build.document(
        fp, "Van 329 detenciones arbitrarias en 2024 (copia).", published_at="2024-06-02"
    )
    build.claim(copy, 329, "detenciones arbitrarias", extra=period)

    reconcile(session)

    (check,) = _checks(session, "cumulative")  # the copy a day later is the same fall
    assert check.status == "decrease"
    assert check.claim_ids == (first.id, later.id)


def test_a_wire_repeating_a_dated_figure_is_not_a_later_report(build, session):
    """The group's 1,036 as of 10 August, repeated undated by a wire on 13 August, then 1,009
    as of 31 August: the fall is held against the group's own report."""
    network = build.source("irdn", "Rights Network")
    wire = build.source("wire", "Wire", role="secondary", kind="news")
    since = {"period": {"kind": "since", "start": "2026-07-28"}, "as_of_source": "stated"}
    first = build.claim(
        build.document(network, "1036 arrests since 28 July.", published_at="2026-08-11"),
        1036,
        "arrests",
        place="Iran",
        as_of="2026-08-10",
        extra=since,
    )
    repeat = {"period": {"kind": "since", "start": "2026-07-28"}}
    build.claim(
        build.document(wire, "The network counts 1036 arrests.", published_at="2026-08-13"),
        1036,
        "arrests",
        place="Iran",
        attributed_to="Rights Network",
        extra=repeat,
    )
    later = build.claim(
        build.document(network, "1009 arrests since 28 July.", published_at="2026-09-01"),
        1009,
        "arrests",
        place="Iran",
        as_of="2026-08-31",
        extra=since,
    )

    reconcile(session)

    (check,) = _checks(session, "cumulative")
    assert check.status == "decrease" and check.claim_ids == (first.id, later.id)


def test_a_running_count_s_floor_that_falls_is_a_decrease(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    period = {"period": {"kind": "since", "start": "2024-10-03"}}
    ids = []
    for date, value in (("2024-10-12", 2340), ("2024-10-26", 2291)):
        doc = build.document(fp, f"Al menos {value} arrestos.", published_at=date)
        claim = build.claim(doc, value, "arrestos", qualifier="at_least", extra=period)
        ids.append(claim.id)

    reconcile(session)

    (check,) = _checks(session, "cumulative")
    assert check.status == "decrease" and list(check.claim_ids) == ids


def test_an_originator_revising_its_count_for_the_same_date_down_is_a_decrease(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    period = {"period": {"kind": "between", "start": "2024-07-01", "end": "2024-07-10"}}
    first = build.document(fp, "Hubo 386 arrestos.", published_at="2024-07-11")
    revised = build.document(fp, "Hubo 379 arrestos.", published_at="2024-07-20")
    ids = [
        build.claim(doc, value, "arrestos", as_of="2024-07-10", extra=period).id
        for doc, value in ((first, 386), (revised, 379))
    ]

    reconcile(session)

    (check,) = [c for c in read.all_checks(session) if c.status in ("conflict", "decrease")]
    assert (check.kind, check.status, list(check.claim_ids)) == ("cumulative", "decrease", ids)
    assert check.why == "a running count over the same period was revised down"


def test_an_outlet_s_lower_figure_for_the_same_date_is_a_conflict_not_a_revision(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    news = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    period = {"period": {"kind": "between", "start": "2024-07-01", "end": "2024-07-10"}}
    own = build.document(fp, "Hubo 386 arrestos.", published_at="2024-07-11")
    wire = build.document(news, "Foro Penal contó 379 arrestos.", published_at="2024-07-20")
    build.claim(own, 386, "arrestos", as_of="2024-07-10", extra=period)
    build.claim(wire, 379, "arrestos", as_of="2024-07-10", extra=period, attributed_to="Foro Penal")

    reconcile(session)

    (check,) = [c for c in read.all_checks(session) if c.status in ("conflict", "decrease")]
    assert (check.kind, check.status) == ("agreement", "conflict")


def test_a_looser_figure_a_text_also_narrows_does_not_make_it_agree(build, session):
    # "at least 9" beside 301 in one text commits it to 301, which 290 contradicts
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    doc = build.document(fp, "Son 301 presos políticos; al menos 9 presos políticos más.")
    build.claim(doc, 301, quote="301 presos políticos")
    build.claim(doc, 9, qualifier="at_least", quote="al menos 9 presos políticos")
    build.claim(build.document(provea, "Son 290 presos políticos."), 290)

    reconcile(session)

    (check,) = _checks(session, "agreement", "conflict")
    assert check.detail == "Foro Penal: 301; Provea: 290"


def test_a_figure_about_one_group_is_not_everyone_s_figure(build, session):
    ngo = build.source("red", "Red de Abogados")
    ministry = build.source("ministerio", "Ministerio del Interior")
    period = {"kind": "between", "start": "2024-08-04", "end": "2024-08-20"}
    journalists = {"period": period, "parse": {"head": "arrest", "of": "journalist"}}
    build.claim(
        build.document(ngo, "64 arrests of journalists.", published_at="2024-08-20"),
        64,
        "arrests of journalists",
        extra=journalists,
    )
    everyone = {"period": period, "parse": {"head": "people", "verb": "detain"}}
    build.claim(
        build.document(ministry, "1380 people detained.", published_at="2024-08-20"),
        1380,
        "people detained",
        extra=everyone,
    )
    reconcile(session)
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]
    assert {f.slice for f in _facts(session).values()} == {"journalists", None}


def test_injuries_of_officers_and_of_civilians_are_two_figures(build, session):
    """ "73 police officers injured" and "41 injured civilians" the same day: whose injuries
    a figure counts is in its modifiers when the parse gives no head noun."""
    ministry = build.source("ministerio", "Ministry of the Interior")
    ombudsman = build.source("defensoria", "Ombudsman's Office")
    for source, value, words, parse in (
        (
            ministry,
            73,
            "police officers injured",
            {"head": "police", "mods": ["officer", "injure"]},
        ),
        (ombudsman, 41, "injured civilians", {"head": None, "mods": ["injure", "civilian"]}),
    ):
        doc = build.document(source, f"{value} {words}.", published_at="2026-09-18")
        build.claim(doc, value, words, extra={"parse": parse})
    reconcile(session)
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]
    assert {f.slice for f in _facts(session).values()} == {"military", "civilians"}


def test_a_table_line_naming_a_slice_is_still_a_line_of_its_table(build, session):
    ngo = build.source("amc", "Monitoring Centre")
    text = (
        "The list includes 362 persons.\nThe 362 names are divided into four groups:\n"
        "Journalists: 29\nReligious believers: 198\nCivil society activists: 19\n"
        "Persons convicted over the riots: 112"
    )
    doc = build.document(ngo, text)
    total = build.claim(doc, 362, "persons on the list of political prisoners")
    heading = {"table": "The 362 names are divided into four groups:"}
    for value, words in (
        (29, "Journalists"),
        (198, "Religious believers"),
        (19, "Civil society activists"),
        (112, "Persons convicted over the riots"),
    ):
        build.claim(doc, value, words, quote=f"{words}: {value}", part_of=total, extra=heading)

    reconcile(session)

    (check,) = _checks(session, "breakdown")
    assert check.status == "mismatch" and check.breakdown == "table"  # 358, not 362


def test_the_government_in_general_repeats_the_one_body_it_agrees_with(build, session):
    ministry = build.source("ministerio", "Ministerio de Justicia y Paz")
    police = build.source("policia", "Policía Nacional")
    wire = build.source("wire", "Agencia Norte")
    build.claim(build.document(ministry, "Son 88417 presos.", published_at="2024-03-27"), 88417)
    build.claim(build.document(police, "Son 86935 presos.", published_at="2024-03-27"), 86935)
    build.claim(
        build.document(
            wire, "El Gobierno habla de más de 88000 presos.", published_at="2024-03-27"
        ),
        88000,
        qualifier="more_than",
        attributed_to="el Gobierno",
    )
    reconcile(session)
    flags = [c for c in read.all_checks(session) if c.status in read.FLAGS]
    assert len(flags) == 1  # the ministry against the police, not the wire against the police


def test_a_part_of_a_total_no_text_states_is_never_set_against_a_total(build, session):
    wire = build.source("wire", "Agencia Norte")
    said = "Ministerio del Interior"
    period = {"kind": "between", "start": "2024-10-10", "end": "2024-10-14"}
    first = build.document(
        wire, "1218 suspects were taken into custody.", published_at="2024-10-15"
    )
    build.claim(
        first, 1218, "suspects taken into custody", attributed_to=said, extra={"period": period}
    )
    later = build.document(wire, "Of the suspects, 342 were arrested.", published_at="2024-10-21")
    subset = {"period": period, "relation": "subset"}
    build.claim(later, 342, "suspects arrested", attributed_to=said, extra=subset)
    reconcile(session)
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]


def test_a_stock_may_go_down(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    for date, value in (("2024-01-01", 300), ("2024-02-01", 250)):
        build.claim(build.document(fp, f"Hay {value} presos.", published_at=date), value)
    reconcile(session)
    assert _checks(session, "cumulative") == []


def test_rejected_and_corrected_claims_feed_reconciliation(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    wrong = build.claim(build.document(provea, "Son 290 presos políticos."), 290)
    reconcile(session)
    assert read.rows(session)[0].status == "conflict"
    record(session, wrong, "correct", "ana", {"value": "301"})
    refresh(session, [wrong.id])
    assert read.rows(session)[0].status == "agree"
    record(session, wrong, "reject", "ana")
    refresh(session, [wrong.id])
    assert read.rows(session)[0].values == {"Foro Penal": "301"}
    assert wrong.id not in _facts(session)


def test_an_unnamed_part_of_a_total_is_its_own_slice(build, session):
    """ "114 detenciones …; 102 de ellas están relacionadas con la campaña": 102 is a part of
    114 that no breakdown axis names; it is a slice of its own words, not a second total."""
    ngo = build.source("observatorio", "Observatorio de Presos Políticos")
    text = "Hubo 114 detenciones arbitrarias y 102 de ellas están relacionadas con la campaña."
    doc = build.document(ngo, text)
    total = build.claim(doc, 114, "detenciones arbitrarias", quote="114 detenciones")
    part = build.claim(
        doc, 102, "relacionadas campaña", quote="102 de ellas", part_of=total,
        extra={"relation": "subset"},
    )  # fmt: skip

    reconcile(session)

    facts = _facts(session)
    assert facts[part.id].slice is not None and facts[part.id].relation == "subset"
    assert facts[part.id].total_claim_id == total.id
    assert not [c for c in read.all_checks(session) if c.status in read.FLAGS]


def test_a_table_of_regions_that_states_its_total_must_add_up_to_it(build, session):
    # a list of regions with no "other regions" line only has to fit in its total; a table
    # that gives its own "Total" line lists every region, so a shortfall is a mismatch
    ministry = build.source("interior", "Ministerio del Interior")
    text = (
        "Se ha aprehendido a 318 personas, según el siguiente detalle:\n\n"
        "Provincia Norte ........ 141\nDistrito Capital ........ 96\nProvincia Sur ........ 64\n"
        "Total ........ 318\n"
    )
    doc = build.document(ministry, text)
    heading = "según el siguiente detalle:"
    total = build.claim(
        doc, 318, "personas aprehendidas", quote="318 personas", extra={"table": heading}
    )
    for value, region in (
        (141, "Provincia Norte"),
        (96, "Distrito Capital"),
        (64, "Provincia Sur"),
    ):
        build.claim(
            doc, value, region, quote=f"{region} ........ {value}", part_of=total,
            extra={"table": heading, "region": region},
        )  # fmt: skip

    reconcile(session)

    (check,) = _checks(session, "breakdown")
    assert check.status == "mismatch" and "301" in check.detail


def test_regions_under_a_breakdown_heading_must_add_up_unlike_the_main_ones(build, session):
    police = build.source("police", "Central Police Office")
    for heading, values, status in (
        ("The district-wise breakdown of the arrests is", (611, 498, 274), "mismatch"),
        ("Districts with most arrests", (611, 498), "partial"),
    ):
        text = f"Police arrested 1,400 people. {heading}: " + ", ".join(
            f"D{k} {v}" for k, v in enumerate(values)
        )
        doc = build.document(police, text, url=f"https://police.example/{status}")
        total = build.claim(doc, 1400, "people arrested", quote="1,400 people", place="Pakistan")
        for k, value in enumerate(values):
            build.claim(
                doc, value, f"D{k} arrests", quote=f"D{k} {value}", part_of=total,
                place="Pakistan", extra={"table": heading, "region": f"D{k}"},
            )  # fmt: skip

    reconcile(session)

    assert sorted(c.status for c in _checks(session, "breakdown")) == ["mismatch", "partial"]


def test_a_year_s_running_count_and_one_month_s_count_are_two_counts(build, session):
    # "604 arrested since the start of 2024" and, from another source, "187 arrested in April"
    # hold on the same day but count over two periods: no conflict
    ngo = build.source("acpd", "Assistance Committee for Detainees")
    news = build.source("harbor-wire", "Harbor Wire", role="secondary", kind="news")
    year = build.document(ngo, "Desde el inicio de 2024, 604 detenidos.", published_at="2024-04-30")
    month = build.document(news, "En abril, 187 detenidos.", published_at="2024-04-30")
    since = {"period": {"kind": "since", "start": "2024"}}
    april = {"period": {"kind": "during", "start": "2024-04", "end": "2024-04"}}
    build.claim(year, 604, "detenidos", as_of="2024-04-30", extra=since)
    build.claim(month, 187, "detenidos", as_of="2024-04", extra=april, attributed_to="Policía")

    reconcile(session)

    assert not [c for c in read.all_checks(session) if c.status == "conflict"]


def test_a_wire_naming_the_country_restates_a_disagreement_about_its_region(build, session):
    # the group and the prosecutors disagree about the region; a wire repeats both figures
    # for the country: one disagreement, one flag
    ngo = build.source("prw", "Pamir Rights Watch")
    state = build.source("prosecutor", "Prosecutor General", kind="official")
    wire = build.source("wire", "Wire", role="secondary", kind="news")
    region = {"region": "Zulia"}
    own = build.document(ngo, "En Zulia, 186 detenidos.", published_at="2026-07-01")
    theirs = build.document(state, "En Zulia, 92 detenidos.", published_at="2026-07-01")
    repeat = build.document(
        wire, "La ONG cuenta 186 detenidos; la fiscalía, 92.", published_at="2026-07-03"
    )
    build.claim(own, 186, "detenidos", as_of="2026-06-30", extra=region)
    build.claim(theirs, 92, "detenidos", as_of="2026-06-30", extra=region)
    build.claim(repeat, 186, "detenidos", as_of="2026-07-02", attributed_to="Pamir Rights Watch")
    build.claim(repeat, 92, "detenidos", as_of="2026-07-02", attributed_to="Prosecutor General")

    reconcile(session)

    flags = [c for c in read.all_checks(session) if c.status == "conflict"]
    assert len(flags) == 1


def test_a_week_s_count_and_the_whole_month_s_count_are_two_counts(build, session):
    # "163 detentions from 2 to 9 June" and "174 in June": the month holds the week, but a
    # count over the whole month is not the week's count told less precisely
    ngo = build.source("codedh", "Comité de Defensa")
    news = build.source("wire", "Wire", role="secondary", kind="news")
    week = build.document(ngo, "Del 2 al 9 de junio, 163 detenciones.", published_at="2025-06-10")
    month = build.document(news, "En junio, 174 detenciones.", published_at="2025-07-01")
    days = {"period": {"kind": "between", "start": "2025-06-02", "end": "2025-06-09"}}
    june = {"period": {"kind": "during", "start": "2025-06", "end": "2025-06"}}
    build.claim(week, 163, "detenciones", as_of="2025-06-09", extra=days)
    build.claim(month, 174, "detenciones", as_of="2025-06", extra=june, attributed_to="Policía")

    reconcile(session)

    assert not [c for c in read.all_checks(session) if c.status == "conflict"]
