"""crosstally's spaCy components, registered as factories and added to a loaded model.

Each component reads its language's lexicon (``extract/lang/<nlp.lang>.yaml`` unless
``lexicon_path`` is given in its config) and writes its results to a ``Doc._`` extension:

==========================  ===========================  ===============================
factory                     assigns                      needs
==========================  ===========================  ===============================
crosstally_line_starts      token.is_sent_start          tokenizer (runs before parser)
crosstally_numbers          doc._.ct_numbers             tokenizer
crosstally_dates            doc._.ct_dates               doc._.ct_published (by caller)
crosstally_persons          doc._.ct_persons, ct_runs    ner, parser
crosstally_counts           doc._.ct_counts              numbers, dates, persons, parser
crosstally_count_relations  relation, part_of on counts  counts
crosstally_count_sources    attributed_to, originator    counts, persons
crosstally_count_places     place, region on counts      counts, ner
crosstally_count_dates      as_of, period on counts      counts, relations, dates
crosstally_arrests          doc._.ct_arrests             dates, persons, parser
==========================  ===========================  ===============================
"""

from __future__ import annotations

from extract.components.factories import COMPONENTS, LINE_STARTS, register_extensions

__all__ = ["COMPONENTS", "LINE_STARTS", "register_extensions"]
