"""Sentence templates and vocabulary for the benchmark's article generator.

Why a template bank: benchmark inputs must be realistic (the extraction cost depends on how many
figures, names and dates a text holds and on its vocabulary) yet unlimited and reproducible. The
sentences below are the ones of the project's sample site (``crawler/sample_site/www``: the
Observatorio's releases, El Diario del Llano, Crónica Abierta, the Agencia Sur wire story), with
their figures, names, places, agencies and dates turned into slots that :mod:`bench.generate`
fills from a seeded random generator. Every organisation and person remains fictional.

Slots (filled per article, consistent within it): ``{total}`` = ``{mil}`` + ``{civ}`` =
``{women}`` + ``{men}``; ``{arrests}`` = ``{unrel}`` + ``{rel}``; ``{q}`` a qualifier phrase
("more than ", "") before ``{total}``; ``{person}``/``{person2}``/``{person3}``/``{lawyer}``/
``{director}`` names; ``{city}``, ``{city2}``, ``{state}``, ``{state2}`` places; ``{agency}``/
``{agency_long}``/``{agency_de}`` a security force; ``{org}``/``{org_short}``/``{org2}`` counting
organisations; ``{outlet}`` the publisher; dates ``{pub_long}``, ``{asof_long}``,
``{asof_md}``, ``{arrest_long}``, ``{weekday}``, ``{year}``, ``{prev_month}``, all-numeric
``{hearing_iso}`` and ``{hearing_numeric}`` (dd/mm/yyyy); small numbers
``{n_small}``, ``{n_up}``, ``{releases}``, ``{age}``, ``{women_word}``, ``{weeks_word}``.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Rosa Elena", "Julio César", "Marisol", "Ernesto", "Daniel", "Luis Alberto", "Carmen Lucía",
    "Mariela", "Alfonso", "Inés", "Yusmary", "José Gregorio", "María Fernanda", "Jesús",
    "Carlos Eduardo", "Ana Karina", "Pedro", "Gabriela", "Wilmer", "Yelitza", "Orlando", "Nelson",
    "Daniela", "Héctor", "Liliana", "Ramón", "Andreína", "Freddy", "Maryori", "Javier", "Milagros",
    "Rafael", "Yolimar", "Gustavo", "Beatriz", "Omar", "Elizabeth", "Richard", "Nohemí", "Víctor",
)  # fmt: skip
SURNAMES = (
    "Marcano", "Pacheco", "Urdaneta", "Villalba", "Ferrer", "Quintero", "Ortega", "Tovar",
    "Rivas", "Carrillo", "Rodríguez", "González", "Pérez", "Hernández", "Medina", "Salazar",
    "Guzmán", "Briceño", "Colmenares", "Parra", "Mendoza", "Zambrano", "Rangel", "Aponte",
    "Bracho", "Chirinos", "Durán", "Escalona", "Figueroa", "Gil", "Jaimes", "León", "Montilla",
    "Núñez", "Ochoa", "Peña", "Rondón", "Silva", "Torrealba", "Uzcátegui", "Valera", "Yánez",
    "Zerpa", "Mujica", "Castillo", "Sequera", "Camacaro", "Arocha",
)  # fmt: skip
CITIES = (
    "Caracas", "Maracaibo", "Valencia", "Barquisimeto", "Mérida", "San Cristóbal", "Barinas",
    "Puerto Ordaz", "Cumaná", "Maturín", "Ciudad Bolívar", "Los Teques", "Coro", "Guanare",
    "Acarigua", "Naguanagua", "Maracay", "Barcelona", "Punto Fijo", "El Tigre",
)  # fmt: skip
STATES = (
    "Miranda", "Lara", "Zulia", "Carabobo", "Barinas", "Portuguesa", "Táchira", "Mérida",
    "Bolívar", "Sucre", "Monagas", "Falcón", "Aragua", "Anzoátegui", "Trujillo", "Yaracuy",
)  # fmt: skip
# (acronym, English long form, Spanish long form, Spanish "de" + article)
AGENCIES = (
    ("DGCIM", "Directorate General of Military Counterintelligence",
     "Dirección General de Contrainteligencia Militar", "de la"),
    ("SEBIN", "Bolivarian National Intelligence Service",
     "Servicio Bolivariano de Inteligencia Nacional", "del"),
    ("PNB", "Bolivarian National Police", "Policía Nacional Bolivariana", "de la"),
    ("GNB", "Bolivarian National Guard", "Guardia Nacional Bolivariana", "de la"),
    ("DAET", "Division of Special Tactical Actions", "División de Acciones Especiales Tácticas",
     "de la"),
)  # fmt: skip
# (full name, short name) of fictional counting organisations.
ORGS = (
    ("Observatorio de Presos Políticos", "OPP"),
    ("Justicia Ya", "Justicia Ya"),
    ("Comité de Familiares de Detenidos", "Cofadet"),
    ("Red de Defensores del Llano", "Red de Defensores"),
    ("Centro de Documentación Carcelaria", "CDC"),
)
OUTLETS = (
    "El Diario del Llano", "Crónica Abierta", "Agencia Sur", "La Voz de Occidente",
    "Noticias del Centro", "El Vigía Andino",
)  # fmt: skip

NUMBERS = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20)  # spelled out in "number_words"
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
ES_MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ES_WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
EN_NUMBER_WORDS = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty",
)  # fmt: skip
ES_NUMBER_WORDS = (
    "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
    "quince", "veinte",
)  # fmt: skip
EN_OCCUPATIONS = (
    "community organiser", "trade unionist", "journalist", "campaign volunteer",
    "human rights defender", "retired army captain", "university student", "nurse",
    "local councillor", "driver who worked for an opposition team",
)  # fmt: skip
ES_OCCUPATIONS = (
    "dirigente vecinal", "sindicalista", "periodista", "voluntario de campaña",
    "defensor de derechos humanos", "capitán retirado del ejército", "estudiante universitario",
    "enfermero", "concejal", "chofer de un equipo de la oposición",
)  # fmt: skip
LANGS = {
    "en": {
        "months": EN_MONTHS,
        "weekdays": EN_WEEKDAYS,
        "weekday_phrase": "on {day}",
        "long_date": "{month} {day}, {year}",
        "month_day": "{month} {day}",
        "qualifiers": ("", "", "", "more than ", "at least ", "about ", "nearly ", "over "),
        "number_words": dict(zip(NUMBERS, EN_NUMBER_WORDS, strict=True)),
        "occupations": EN_OCCUPATIONS,
        "headlines": {
            "count": (
                "{total} political prisoners in Venezuela as of {asof_long}",
                "Venezuela holds {q}{total} political prisoners, says {org_short}",
                "Rights groups differ on the number of political prisoners",
                "{org_short}: {arrests} arbitrary arrests so far in {year}",
            ),
            "arrest": (
                "{person} detained in {city}",
                "Activist detained in {city}; whereabouts unknown",
                "{org_short} reports the arrest of {person} and three others",
            ),
            "feature": (
                "Relatives of political prisoners wait for news outside detention centres",
                "Families at the gates: a week of waiting in {city}",
                "Who defends the political prisoners in {state}",
            ),
        },
        "leads": (
            "{city}, {pub_long}. As of {asof_long}, Venezuela holds {total} political prisoners.",
            "The {org} counts {q}{total} political prisoners as of {asof_long}, according to a "
            "statement it released {weekday}.",
            "Venezuela holds {q}{total} political prisoners, according to the {org}, a local "
            "rights group that keeps a registry of cases.",
            "As of {asof_md}, the rights group {org2} counts {total2} political prisoners, while "
            "the {org} counted {total} as of {asof_long}.",
            "{org_short} counts {q}{total} political prisoners in Venezuela, {n_up} more than "
            "in {prev_month}, its director {director} told {outlet}.",
        ),
        "breakdowns": (
            "Of those, {mil} are military personnel and {civ} are civilians.",
            "{women} are women and {men} are men.",
            "About half of them are members of the armed forces accused of conspiring against "
            "the government; the rest are civilians, among them trade unionists, journalists "
            "and campaign volunteers.",
            "The organisation also counts {women_word} women among the people held for political "
            "reasons.",
            "The registry includes {mil} members of the military and {civ} civilians, {women} "
            "of them women.",
        ),
        "flows": (
            "According to the {org_short}, {year} has so far seen {arrests} arbitrary arrests on "
            "political grounds, minus {unrel} people who have no direct ties to the campaign, so "
            "{rel} arrests are tied to it.",
            "The {org} recorded {arrests} arbitrary arrests in {year} as of {asof_md}, most of "
            "them in {state} and {state2}.",
            "Since January, {releases} political prisoners have been released, most of them "
            "under restrictive conditions, the group said.",
            "At least {n_small} people were detained in {city} {weekday} after a campaign event, "
            "according to local rights groups.",
        ),
        "arrests": (
            "{person}, a {occupation} from {city}, was detained {weekday} by officers of the "
            "{agency_long} ({agency}), relatives said.",
            "{agency} officers arrested {person} at home in {city} {weekday}; relatives still do "
            "not know where {person_short} is being held.",
            "The {org_short} also reported the detentions of {person2}, {person3} and {lawyer}, "
            "all members of community organisations in {state} and {state2}.",
            "{person_short}, {age}, was taken to the {agency} headquarters in {city}, according "
            "to a lawyer, {lawyer}, who was not allowed to see the detainee.",
            "Relatives of {person2} said they had not been able to visit since the arrest on "
            "{arrest_long}.",
        ),
        "quotes": (
            "“Behind every number there is a family that has spent months knocking on the doors "
            "of courts and detention centres,” {director} said.",
            "“We call on the authorities to release every person detained for political reasons "
            "and to guarantee due process for all of them,” {director} said.",
            "“It is a pattern: first they detain the coordinator and then those who provided a "
            "service,” a regional party leader told {outlet}, asking not to be named.",
            "“Both figures tell the same story,” said {lawyer}, a spokeswoman for {org2}. "
            "“Hundreds of people are behind bars for their political activity.”",
            "“The first hours after an arrest are decisive, and families rarely know where to "
            "start,” said a member of the {org_short} legal team.",
        ),
        "context": (
            "The figures come from the registry of the {org}, which documents each case with the "
            "families and defence lawyers of the detainees.",
            "The Public Ministry did not respond to a request for comment from {outlet}.",
            "On previous occasions, officials have denied the existence of political prisoners in "
            "the country and said that detainees face charges for ordinary crimes.",
            "Relatives also report restrictions on visits and on access to private lawyers.",
            "The {org_short} notes that many of the civilians in its registry have been held for "
            "more than a year without trial.",
            "Several military detainees have reported being denied medical care.",
            "The {org_short} will publish its next update after the presidential election at the "
            "end of the month.",
            "Local organisations in {state} and {state2} reported the arrest of neighbourhood "
            "leaders after campaign events in recent weeks.",
            "Days earlier, the campaign team had organised a caravan through several avenues of "
            "{city}.",
            "Visits are often suspended without explanation, and lawyers chosen by the families "
            "are frequently denied access to their clients.",
            "Outside the detention centre, the women share news and the phone numbers of lawyers "
            "while they wait.",
            "Neither organisation publishes its full list of names, citing the safety of the "
            "detainees and their families.",
            "The government rejects the term political prisoner and says those detained face "
            "charges such as treason, terrorism or incitement to hatred.",
            "The update comes {weeks_word} weeks before the presidential election.",
            "{outlet} could not independently verify the figures.",
            "The helpline will also allow the {org_short} to document new cases more quickly.",
            "A court hearing for the detainees was set for {hearing_iso}, the defence said.",
        ),
    },
    "es": {
        "months": ES_MONTHS,
        "weekdays": ES_WEEKDAYS,
        "weekday_phrase": "el pasado {day}",
        "long_date": "{day} de {month} de {year}",
        "month_day": "{day} de {month}",
        "qualifiers": ("", "", "", "más de ", "al menos ", "unos ", "casi ", "cerca de "),
        "number_words": dict(zip(NUMBERS, ES_NUMBER_WORDS, strict=True)),
        "occupations": ES_OCCUPATIONS,
        "headlines": {
            "count": (
                "{total} presos políticos en Venezuela al {asof_long}",
                "Venezuela supera los {total} presos políticos, según el {org_short}",
                "ONG registra {arrests} detenciones arbitrarias en lo que va de {year}",
                "El balance de {prev_month} del {org_short}",
            ),
            "arrest": (
                "Detienen en {city} a {person}",
                "{org_short} denuncia la detención de {person} y de otros tres ciudadanos",
                "Detenida una activista en {city}; se desconoce su paradero",
            ),
            "feature": (
                "Quiénes defienden a los presos políticos en {state}",
                "Familiares de presos políticos esperan noticias frente a los centros de reclusión",
                "Una semana de espera en {city}",
            ),
        },
        "leads": (
            "{city}, {pub_long}. Al {asof_long}, la cifra de presos políticos en Venezuela se "
            "ubica en {total}.",
            "Venezuela cuenta con {q}{total} presos políticos, según el {org} ({org_short}), una "
            "organización que lleva un registro de casos desde hace casi una década.",
            "Al {asof_long}, la ONG contaba {total} presos políticos en el país.",
            "Al {asof_md}, la organización {org2} contabiliza {total2} presos políticos, mientras "
            "que el {org} registró {total} al {asof_long}.",
            "El {org_short} contabiliza {q}{total} presos políticos, {n_up} más que en "
            "{prev_month}, dijo su director, {director}, a {outlet}.",
        ),
        "breakdowns": (
            "De ellos, {mil} son militares y {civ} son civiles.",
            "{women} son mujeres y {men} son hombres.",
            "De acuerdo con el informe, alrededor de la mitad de los detenidos son militares y el "
            "resto, civiles.",
            "Entre los presos políticos de su registro, la organización cuenta además "
            "{women_word} mujeres.",
            "El registro incluye {mil} militares y {civ} civiles; entre ellos hay {women} mujeres.",
        ),
        "flows": (
            "Según el {org_short}, en lo que va del año {year} se han registrado {arrests} "
            "detenciones arbitrarias con fines políticos; de ellas, {unrel} corresponden a "
            "personas sin relación directa, por lo que {rel} detenciones están vinculadas con la "
            "campaña.",
            "El {org} contabilizó {arrests} detenciones arbitrarias con fines políticos en "
            "{year}, según el balance que la organización publicó {weekday}.",
            "Desde enero han sido excarceladas {releases} personas, la mayoría con medidas "
            "cautelares, según la organización.",
            "Al menos {n_small} personas fueron detenidas en {city} {weekday} tras un acto de "
            "campaña, según organizaciones locales.",
        ),
        "arrests": (
            "{weekday_cap}, funcionarios {agency_de} {agency} detuvieron en {city} a {person}, "
            "{occupation}. Se desconoce su paradero.",
            "{person}, {occupation}, fue detenido {weekday} en {city} por funcionarios "
            "{agency_de} {agency_long} ({agency}), informaron sus familiares.",
            "Entre los detenidos figuran {person2}, {person3} y {lawyer}, todos integrantes de "
            "organizaciones comunitarias de los estados {state} y {state2}.",
            "{person_short}, de {age} años, fue trasladado a la sede {agency_de} {agency} en "
            "{city}, según su abogado, {lawyer}.",
            "Los familiares de {person2} dijeron que no han podido visitarlo desde su arresto el "
            "{arrest_long}.",
        ),
        "quotes": (
            "«Detrás de cada número hay una familia que lleva meses tocando las puertas de "
            "tribunales y centros de reclusión», afirmó {director}.",
            "«Exigimos a las autoridades la liberación de todas las personas detenidas por razones "
            "políticas y la garantía del debido proceso», dijo {director}.",
            "«Es un patrón: primero detienen al coordinador y luego a quienes le prestaron un "
            "servicio», dijo a {outlet} un dirigente regional que pidió no ser identificado.",
            "«Estamos ante un patrón que ya conocemos: detenciones sin orden, incomunicación y "
            "acusaciones genéricas», declaró {director}, director del {org_short}.",
            "«Son coordinadores locales, choferes, gente que alquiló un equipo de sonido», "
            "explicó {director}.",
        ),
        "context": (
            "Las cifras provienen del registro del {org}, que documenta cada caso con los "
            "familiares y los abogados defensores de los detenidos.",
            "El Ministerio Público no respondió a la solicitud de comentarios de {outlet}.",
            "En ocasiones anteriores, voceros oficiales han negado la existencia de presos "
            "políticos en el país y han señalado que los detenidos enfrentan procesos por delitos "
            "comunes.",
            "Los familiares también reportan restricciones en las visitas y en el acceso a "
            "abogados privados.",
            "El {org_short} advierte que muchos de los civiles de su registro llevan más de un año "
            "detenidos sin juicio.",
            "Varios detenidos militares han denunciado que se les niega atención médica.",
            "El {org_short} publicará su próxima actualización después de la elección "
            "presidencial de finales de mes.",
            "En {state} y {state2}, organizaciones locales denunciaron en las últimas semanas el "
            "arresto de dirigentes vecinales tras actos de campaña.",
            "Días antes, el comando de campaña había organizado en {city} una caravana que "
            "recorrió varias avenidas de la ciudad.",
            "Las familias de los detenidos han pedido a las autoridades que permitan visitas "
            "regulares y el acceso a abogados de confianza.",
            "En varios casos, las familias tardaron días en conocer el paradero de sus parientes.",
            "El informe describe detenciones sin orden judicial, traslados a sedes de los cuerpos "
            "de inteligencia y demoras en la presentación de los detenidos ante los tribunales.",
            "El Observatorio matizó que el total verdadero puede ser más alto, porque hay familias "
            "que prefieren no denunciar por temor a represalias.",
            "El balance llega a {weeks_word} semanas de la elección presidencial.",
            "{outlet} consultó a la Fiscalía sobre los casos señalados en el informe, pero no "
            "obtuvo respuesta.",
            "Las familias que necesiten orientación pueden comunicarse con la línea de atención "
            "del {org_short}.",
            "La audiencia de presentación fue diferida para el {hearing_numeric}, según la "
            "defensa.",
        ),
    },
}
