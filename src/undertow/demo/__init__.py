"""The bundled synthetic demo: a fictional movement's supporters, official voice, internal
documents and observers over 14 months of lost towns, generated deterministically by
:func:`undertow.demo.corpus.generate` and shown by ``undertow demo`` (:mod:`undertow.demo.run`).
"""
