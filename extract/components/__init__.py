"""crosstally's spaCy components, registered as factories and added to a loaded model.

Each component reads its language's lexicon (``extract/lang/<nlp.lang>.yaml`` unless
``lexicon_path`` is given in its config) and writes its results to a ``Doc._`` extension:

=====================  ===========================  ====================================
factory                assigns                      needs
=====================  ===========================  ====================================
crosstally_numbers     doc._.ct_numbers             tokenizer
crosstally_dates       doc._.ct_dates               doc._.ct_published (set by caller)
crosstally_persons     doc._.ct_persons, ct_runs    ner, parser
crosstally_counts      doc._.ct_counts              numbers, dates, persons, parser
crosstally_arrests     doc._.ct_arrests             dates, persons, parser
=====================  ===========================  ====================================
"""

from __future__ import annotations

from extract.components.factories import COMPONENTS, register_extensions

__all__ = ["COMPONENTS", "register_extensions"]
