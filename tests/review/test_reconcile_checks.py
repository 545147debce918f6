"""Reconciliation: agreement, conflicts, breakdown sums, stated arithmetic, cumulative series."""

from __future__ import annotations

from sqlalchemy import select

from models import Claim
from review.reconcile import reconcile

PP = "political_prisoners/Venezuela"


def _checks(result, kind, status=None):
    return [c for c in result.checks if c.kind == kind and (status is None or c.status == status)]


def test_total_equals_both_breakdowns(build, session):
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
    build.claim(doc, 274, "civiles", quote="274 son civiles")  # no part_of: same-document total

    result = reconcile(session)

    sums = _checks(result, "breakdown")
    assert {(c.breakdown, c.status) for c in sums} == {("sex", "ok"), ("affiliation", "ok")}
    assert all(total.id in c.claim_ids for c in sums)
    assert {r.status for r in result.rows} == {"ok"}
    measures = dict(session.execute(select(Claim.value, Claim.breakdown)).all())
    assert measures == {301: None, 152: "men", 149: "women", 27: "military", 274: "civilians"}
    assert set(session.scalars(select(Claim.measure))) == {PP}


def test_breakdown_that_does_not_sum_is_a_mismatch(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    doc = build.document(fp, "Hay 301 presos políticos: 27 militares y 270 civiles.")
    total = build.claim(doc, 301, quote="301 presos políticos")
    military = build.claim(doc, 27, "militares", quote="27 militares", part_of=total)
    civilians = build.claim(doc, 270, "civiles", quote="270 civiles", part_of=total)

    result = reconcile(session)

    (check,) = _checks(result, "breakdown")
    assert check.status == "mismatch"
    assert set(check.claim_ids) == {total.id, military.id, civilians.id}
    assert "297" in check.detail
    assert result.flags[total.id] == "mismatch"
    assert {r.status for r in result.rows if r.measure == PP} == {"mismatch"}


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

    result = reconcile(session)

    (check,) = _checks(result, "agreement")
    assert check.status == "agree"
    assert set(check.claim_ids) == {a.id, b.id}
    (row,) = result.rows
    assert row.values == {"Foro Penal": "301", "Provea": "[301, ∞]"}
    assert row.status == "agree"


def test_290_conflicts_with_301_and_more_than_300_does_not_save_it(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    build.claim(build.document(provea, "Son 290 political prisoners."), 290, "political prisoners")

    result = reconcile(session)

    (check,) = _checks(result, "agreement")
    assert check.status == "conflict"
    assert "Foro Penal: 301" in check.detail and "Provea: 290" in check.detail
    assert result.rows[0].status == "conflict"
    assert result.rows[0].originators == ["Foro Penal", "Provea"]


def test_stated_subtraction_114_minus_12_is_102(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    text = (
        "Durante la semana se registraron 114 detenciones arbitrarias, de las cuales 12 personas "
        "fueron excarceladas, lo que deja 102 presos políticos nuevos."
    )
    doc = build.document(fp, text)
    a = build.claim(doc, 114, "detenciones arbitrarias", quote="114 detenciones arbitrarias")
    b = build.claim(doc, 12, "personas excarceladas", quote="12 personas")
    c = build.claim(doc, 102, "presos políticos", quote="102 presos políticos")

    result = reconcile(session)

    (check,) = _checks(result, "arithmetic")
    assert check.status == "ok"
    assert check.claim_ids == (a.id, b.id, c.id)
    assert "114 − 12 = 102" in check.detail


def test_stated_subtraction_that_is_wrong_is_a_mismatch(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    text = "Hubo 114 arrests, of whom 12 were released, leaving 100 political prisoners."
    doc = build.document(fp, text)
    build.claim(doc, 114, "arrests", quote="114 arrests")
    build.claim(doc, 12, "were released", quote="12 were released")
    build.claim(doc, 100, "political prisoners", quote="100 political prisoners")

    (check,) = _checks(reconcile(session), "arithmetic")
    assert check.status == "mismatch"


def test_declared_arithmetic_in_extra(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    doc = build.document(fp, "114 ... 12 ... 102 presos políticos (cifras separadas).")
    a = build.claim(doc, 114, "detenciones", quote="114")
    b = build.claim(doc, 12, "excarcelados", quote="12")
    build.claim(
        doc, 102, quote="102", extra={"arithmetic": {"op": "subtract", "operands": [a.id, b.id]}}
    )
    (check,) = _checks(reconcile(session), "arithmetic")
    assert check.status == "ok"


def test_three_unrelated_numbers_are_not_arithmetic(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    text = "Hay 301 presos políticos, de los cuales 27 son militares y 274 son civiles."
    doc = build.document(fp, text)
    build.claim(doc, 301, quote="301 presos políticos")
    build.claim(doc, 27, "militares", quote="27 son militares")
    build.claim(doc, 274, "civiles", quote="274 son civiles")
    result = reconcile(session)
    assert _checks(result, "arithmetic") == []
    assert [c.status for c in _checks(result, "breakdown")] == ["ok"]


def test_decreasing_cumulative_series(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    subject = "detenciones arbitrarias en 2024"
    values = {"2024-03-01": 500, "2024-06-01": 800, "2024-09-01": 750, "2024-12-01": 900}
    ids = {}
    for date, value in values.items():
        doc = build.document(fp, f"Van {value} detenciones arbitrarias en 2024.", published_at=date)
        ids[date] = build.claim(doc, value, subject).id

    result = reconcile(session)

    (check,) = _checks(result, "cumulative")
    assert check.status == "decrease"
    assert check.measure == "arbitrary_arrests/Venezuela/2024"
    assert check.date == "2024-09-01"
    assert set(check.claim_ids) == {ids["2024-06-01"], ids["2024-09-01"]}


def test_non_cumulative_stock_may_go_down(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    for date, value in (("2024-01-01", 300), ("2024-02-01", 250)):
        build.claim(build.document(fp, f"Hay {value} presos.", published_at=date), value)
    assert _checks(reconcile(session), "cumulative") == []


def test_rejected_and_corrected_claims_feed_reconciliation(build, session):
    from review.decisions import record

    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    build.claim(build.document(fp, "Son 301 presos políticos."), 301)
    wrong = build.claim(build.document(provea, "Son 290 presos políticos."), 290)
    assert reconcile(session).rows[0].status == "conflict"
    record(session, wrong, "correct", "ana", {"value": "301"})
    assert reconcile(session).rows[0].status == "agree"
    record(session, wrong, "reject", "ana")
    assert reconcile(session).rows[0].values == {"Foro Penal": "301"}


def test_measure_filter_and_json(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    doc = build.document(fp, "Hay 301 presos políticos y 50 detenciones arbitrarias en 2024.")
    build.claim(doc, 301, quote="301 presos")
    build.claim(doc, 50, "detenciones arbitrarias en 2024", quote="50 detenciones")
    result = reconcile(session, measure="political_prisoners")
    assert result.measures == [PP]
    data = result.to_json()
    assert data["series"][PP][0]["interval"] == [301, 301]
    assert data["rows"][0]["originators"] == ["Foro Penal"]


def _one_text_three_figures(build, text: str, subject: str) -> list[int]:
    """114, 12 and 102, each quoted with ``subject``, in one text of the NGO."""
    ngo = build.source("observatorio", "Observatorio de Presos Políticos")
    doc = build.document(ngo, text)
    return [
        build.claim(doc, value, subject, quote=f"{value} {subject}").id for value in (114, 12, 102)
    ]


def test_operands_of_a_stated_subtraction_are_not_rival_figures(build, session):
    """ "114 arrests; of them, 12 unrelated, so 102": the originator said 102 (and how it got
    there), not three contradictory totals; the operands show in the row, the check is the
    relation's."""
    text = (
        "Según el Observatorio, en 2024 se han registrado 114 detenciones arbitrarias; de ellas, "
        "12 detenciones arbitrarias corresponden a personas sin relación, por lo que 102 "
        "detenciones arbitrarias están vinculadas con la campaña."
    )
    ids = _one_text_three_figures(build, text, "detenciones arbitrarias")

    result = reconcile(session)

    (relation,) = _checks(result, "arithmetic")
    assert relation.status == "ok" and relation.claim_ids == tuple(ids)
    (agreement,) = _checks(result, "agreement")
    assert agreement.status == "ok"
    assert agreement.claim_ids == (ids[2],)
    (row,) = result.rows
    assert row.values == {"Observatorio de Presos Políticos": "12, 102, 114"}
    assert row.status == "ok"


def test_english_minus_so_is_a_stated_subtraction(build, session):
    text = (
        "There have been 114 arbitrary arrests in 2024, minus 12 arbitrary arrests of people "
        "not directly related, so 102 arbitrary arrests are related to the campaign."
    )
    _one_text_three_figures(build, text, "arbitrary arrests")
    result = reconcile(session)
    assert [c.status for c in _checks(result, "arithmetic")] == ["ok"]
    assert [c.status for c in _checks(result, "agreement")] == ["ok"]


def test_the_same_figures_without_a_stated_relation_still_conflict(build, session):
    text = (
        "En 2024 se han registrado 114 detenciones arbitrarias. Un informe distinto, de otra "
        "fecha y otra región, con su propia metodología, habla de 12 detenciones arbitrarias. "
        "El balance oficial de la organización cuenta 102 detenciones arbitrarias."
    )
    _one_text_three_figures(build, text, "detenciones arbitrarias")
    result = reconcile(session)
    assert _checks(result, "arithmetic") == []
    assert [c.status for c in _checks(result, "agreement")] == ["conflict"]


def test_an_unnamed_part_of_a_total_is_not_a_rival_total(build, session):
    """ "114 detenciones …; 102 de ellas están relacionadas con la campaña": 102 is a part of
    114 that no breakdown axis names; it is its own slice, not a second total."""
    ngo = build.source("observatorio", "Observatorio de Presos Políticos")
    text = "Hubo 114 detenciones arbitrarias y 102 de ellas están relacionadas con la campaña."
    doc = build.document(ngo, text)
    total = build.claim(doc, 114, "detenciones arbitrarias", quote="114 detenciones")
    part = build.claim(
        doc,
        102,
        "relacionadas campaña detenciones arbitrarias — detenciones arbitrarias",
        quote="102 de ellas",
        part_of=total,
    )

    result = reconcile(session)

    assert [c.status for c in _checks(result, "agreement")] == ["ok", "ok"]
    slices = {row.breakdown: row.claim_ids for row in result.rows}
    assert slices[None] == (total.id,)
    assert slices["relacionadas campana detenciones arbitrarias"] == (part.id,)
