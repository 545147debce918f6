"""Independence: originator aliases and syndicated copies counted once."""

from __future__ import annotations

from sqlalchemy import select

from models import Document, DocumentLink, DocumentSignature
from review.reconcile import reconcile
from review.reconcile.independence import default_originators

WIRE = (
    "CARACAS (Agencia) La organización no gubernamental Foro Penal informó este miércoles que "
    "en Venezuela hay 301 presos políticos, entre ellos 27 militares, según el balance más "
    "reciente publicado por la ONG tras revisar los expedientes de cada caso."
)


def test_aliases_name_one_originator():
    names = default_originators()
    for alias in ("Foro Penal", "Foro Penal Venezolano", "FP", "foro penal", "Alfredo Romero"):
        assert names.normalise(alias) == "Foro Penal"
    assert names.normalise("el director de Foro Penal, Alfredo Romero") == "Foro Penal"
    assert names.normalise("Comité de Familiares") == "Comité de Familiares"
    assert names.normalise("  ") is None


def test_syndicated_copies_count_once(build, session):
    cocuyo = build.source("efecto-cocuyo", "Efecto Cocuyo", role="secondary", kind="news")
    pitazo = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    first = build.document(cocuyo, WIRE)
    second = build.document(pitazo, WIRE + " (EFE)")
    a = build.claim(first, 301, quote="301 presos políticos")
    b = build.claim(second, 301, quote="301 presos políticos")

    result = reconcile(session)

    (link,) = session.scalars(select(DocumentLink)).all()
    assert (link.document_id, link.other_id) == (first.id, second.id)
    assert link.kind == "syndicated"
    assert link.similarity >= 0.9
    (row,) = result.rows
    # No attribution on the claims: outlets repeating a figure are never its originator, and
    # the two copies are one independent report.
    assert all(name.startswith("(unattributed: ") for name in row.originators)
    assert (row.reports, row.independent) == (2, 1)
    assert set(row.claim_ids) == {a.id, b.id}
    assert row.status == "ok"  # one originator: nothing to confirm


def test_attributed_repeats_are_one_originator_many_reports(build, session):
    fp = build.source("foro-penal", "Foro Penal")
    build.claim(build.document(fp, "Foro Penal: 301 presos políticos."), 301)
    for outlet in ("a", "b", "c"):
        news = build.source(f"news-{outlet}", f"News {outlet}", role="secondary", kind="news")
        text = f"Texto propio {outlet}: según el Foro Penal Venezolano hay 301 presos."
        build.claim(build.document(news, text), 301, attributed_to="Foro Penal Venezolano")
    (row,) = reconcile(session).rows
    assert row.originators == ["Foro Penal"]
    assert row.reports == 4
    assert session.scalars(select(DocumentLink)).all() == []  # short, different texts


def test_linking_is_incremental(build, session):
    cocuyo = build.source("efecto-cocuyo", "Efecto Cocuyo", role="secondary", kind="news")
    build.claim(build.document(cocuyo, WIRE), 301)
    build.document(cocuyo, WIRE + " Sin cifras propias.")  # no count claim: never hashed
    assert reconcile(session).links.hashed == 1
    assert reconcile(session).links.hashed == 0
    pitazo = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    build.claim(build.document(pitazo, WIRE), 301)
    second = reconcile(session).links
    assert (second.hashed, second.linked) == (1, 1)


def test_parallel_signing_matches_in_process(build, session, monkeypatch):
    import review.reconcile.signing as signing

    outlets = [
        build.source(f"outlet-{n}", f"Outlet {n}", role="secondary", kind="news") for n in range(3)
    ]
    for n in range(12):
        text = (
            WIRE
            if n % 4 == 0
            else f"Nota propia número {n}: " + " ".join(f"w{n}x{i}" for i in range(30))
        )
        build.claim(build.document(outlets[n % 3], text), 301 if n % 4 == 0 else n)
    texts = [d.text for d in session.scalars(select(Document).order_by(Document.id))]
    monkeypatch.setattr(signing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(signing, "CHUNK", 4)
    result = reconcile(session)
    assert result.links.hashed == 12
    query = select(DocumentSignature.document_id, DocumentSignature.hashvalues)
    stored = {doc_id: values for doc_id, values in session.execute(query)}
    assert [stored[i] for i in sorted(stored)] == signing.signatures(texts)
    assert len(session.scalars(select(DocumentLink)).all()) == 3  # the three wire copies pair up


def test_a_defined_acronym_is_not_part_of_the_name():
    names = default_originators()
    assert names.normalise("Observatorio de Presos Políticos (OPP)") == (
        "Observatorio de Presos Políticos"
    )
    assert names.normalise("Foro Penal (FP)") == "Foro Penal"
    assert names.normalise("Comité (de familiares)") == "Comité (de familiares)"


def test_short_forms_mean_the_name_the_same_document_gives_in_full():
    names = default_originators()
    full = "Observatorio de Presos Políticos"
    found = names.in_document(frozenset({"Observatorio", "OPP", full}), "El Diario del Llano")
    assert found == {"Observatorio": full, "OPP": full}
    # the publisher's own statement: its short names are itself
    assert names.in_document(frozenset({"Observatorio", "OPP"}), full) == {
        "Observatorio": full,
        "OPP": full,
    }
    # two Observatorios in one text: "el Observatorio" is left as written
    both = frozenset({"Observatorio", full, "Observatorio Venezolano de Prisiones"})
    assert "Observatorio" not in names.in_document(both, None)
    # an acronym is written in capitals; a known organisation is never remapped
    assert names.in_document(frozenset({"Opp", full}), None) == {}
    assert names.in_document(frozenset({"Foro Penal", "Foro Penal Internacional"}), None) == {}


def test_one_organisation_however_its_texts_name_it(build, session):
    full = "Observatorio de Presos Políticos"
    ngo = build.source("observatorio", full)
    news = build.source("diario", "El Diario del Llano", role="secondary", kind="news")
    own = build.document(ngo, "El Observatorio cuenta 301 presos políticos.")
    build.claim(own, 301, attributed_to="Observatorio")
    again = build.document(ngo, "Son 301 presos políticos, según la OPP.")
    build.claim(again, 301, attributed_to="OPP")
    quoted = build.document(
        news,
        f"El {full} (OPP) informó que hay 301 presos políticos, dijo el Observatorio.",
    )
    build.claim(quoted, 301, attributed_to=f"{full} (OPP)")
    (row,) = reconcile(session).rows
    assert row.originators == [full]
    assert row.reports == 3


def test_a_named_unit_of_a_body_is_the_unit():
    # a publisher written as "unit, body it belongs to" is the unit the texts name alone;
    # a first part that is only a kind of body is read as the body table reads it
    names = default_originators()
    assert names.normalise("Detention Review Bureau, Ostland State Government") == (
        "Detention Review Bureau"
    )
    assert names.normalise("Ministry of Interior, Kingdom of Ostland") == (
        "Ministry of Interior, Kingdom of Ostland"
    )
    assert names.normalise("Detainee Support Ostland, Vestby office") == (
        "Detainee Support Ostland, Vestby office"
    )
