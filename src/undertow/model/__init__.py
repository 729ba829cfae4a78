"""The learned codebook coder ``codebook.model.v1``: features, training, artifact and coding.

Modules, one noun each:

- :mod:`~undertow.model.corpus`: gold and training files (reading, hashing);
- :mod:`~undertow.model.cache`: the embedding cache used while training;
- :mod:`~undertow.model.features`: the feature vector of a post (embedding, cue scores and
  signals, stance, language, the form of the post);
- :mod:`~undertow.model.linear`: the per-label logistic regressions, their Platt calibration and
  thresholds;
- :mod:`~undertow.model.artifact`: the shipped weights (``weights.npz`` + ``card.json``, no
  pickle);
- :mod:`~undertow.model.train`: fitting a model and rebuilding the shipped artifact bit for bit;
- :mod:`~undertow.model.predict`: applying an artifact to posts (labels, scores, causes, form);
- :mod:`~undertow.model.target`: the target of incitement;
- :mod:`~undertow.model.evidence`: evidence spans for every label;
- :mod:`~undertow.model.coding`: the coding API (``code_posts``, ``code_file``);
- :mod:`~undertow.model.crossval`: cross-validated evaluation on a gold file.
"""
