"""A small archive every refresh test starts from: agreeing reports of a total with its
breakdown, a repeat by an outlet, an originator's running count of a flow, and a total broken
down by region (each region's line a figure of its own region)."""

from __future__ import annotations

from models import Claim
from tests.review.conftest import Builder

IN_2024 = {"period": {"kind": "in", "start": "2024-01-01"}}


def build_archive(build: Builder) -> dict[str, Claim]:
    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    pitazo = build.source("el-pitazo", "El Pitazo", role="secondary", kind="news")
    first = build.document(
        fp,
        "Foro Penal contabiliza 301 presos políticos en Venezuela al 15 de julio: "
        "152 son militares y 149 son civiles. En 2024 registra 800 detenciones arbitrarias.",
        published_at="2024-07-16",
    )
    stated = {"as_of_source": "stated"}
    total = build.claim(first, 301, quote="301 presos políticos", as_of="2024-07-15", extra=stated)
    claims = {
        "total": total,
        "military": build.claim(first, 152, "militares", quote="152 son militares", part_of=total),
        "civilians": build.claim(first, 149, "civiles", quote="149 son civiles", part_of=total),
        # the same text's running count, the peak a later report falls from
        "july": build.claim(
            first, 800, "detenciones arbitrarias", quote="800 detenciones", extra=IN_2024
        ),
        "provea": build.claim(
            build.document(provea, "Provea registra 301 presos políticos al 15 de julio."),
            301,
            quote="301 presos políticos",
            as_of="2024-07-15",
            extra=stated,
        ),
        "pitazo": build.claim(
            build.document(pitazo, "Según Provea, hay más de 300 presos políticos en el país."),
            300,
            qualifier="more_than",
            attributed_to="Provea",
            quote="más de 300 presos políticos",
            as_of="2024-07-15",
            extra=stated,
        ),
    }
    regional = build.document(
        fp, "Foro Penal: 100 presos políticos, 40 en Zulia, 30 en Lara y 30 en el resto del país."
    )
    by_region = build.claim(regional, 100, quote="100 presos políticos")
    for name, value, words, region in (
        ("zulia", 40, "en Zulia", "Zulia"),
        ("lara", 30, "en Lara", "Lara"),
        ("rest", 30, "en el resto del país", None),
    ):
        extra = {"relation": "part"} | ({"region": region} if region else {})
        quote = f"{value} {words}"
        claims[name] = build.claim(
            regional, value, f"presos {words}", quote=quote, part_of=by_region, extra=extra
        )
    for name, value, day in (("june", 500, "2024-06-01"), ("september", 800, "2024-09-01"),
                             ("october", 750, "2024-10-01")):  # fmt: skip
        document = build.document(
            fp, f"Foro Penal registra {value} detenciones arbitrarias en 2024.", published_at=day
        )
        claims[name] = build.claim(
            document, value, "detenciones arbitrarias", quote=f"{value} detenciones", extra=IN_2024
        )
    return claims
