"""The text layer: analysis text with offsets, language, sentences and search terms.

Every function here leaves the original text untouched and reports positions as character
offsets into it. Models (the fastText language identifier) and stemmers load lazily, once,
from installed packages; nothing is downloaded.

The function ``normalize`` is imported from its module, ``undertow.text.normalize``: it is
not re-exported here, so that ``undertow.text.normalize`` stays the module.
"""

from __future__ import annotations

from undertow.text.langid import detect_lang, detect_many
from undertow.text.normalize import analysis_text, fold_letters, orig_span
from undertow.text.search import search_terms
from undertow.text.sentences import split_sentences

__all__ = [
    "analysis_text",
    "detect_lang",
    "detect_many",
    "fold_letters",
    "orig_span",
    "search_terms",
    "split_sentences",
]
