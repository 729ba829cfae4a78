"""Entity linking on real tweets (../shared/data, by path) and its throughput."""

from __future__ import annotations

import csv
import time
from collections import Counter

import pytest

from undertow.entities import link

csv.field_size_limit(10_000_000)


def _tweets(shared: type) -> list[str]:
    path = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["tweets"] for row in csv.DictReader(handle)]


@pytest.mark.shared
def test_palmyra_is_found_in_the_fifth_tribe_tweets(shared: type) -> None:
    """The manifest counts ~340 tweets that mention Palmyra (Tadmur, تدمر) before its recapture."""
    tweets = _tweets(shared)
    found = [link(t) for t in tweets]
    palmyra = sum(1 for entities in found if any(e.id == "place:palmyra" for e in entities))
    print(f"Palmyra found in {palmyra} of {len(tweets)} Fifth Tribe tweets")
    assert palmyra >= 300
    # the big names of the corpus are all found, in the order a reader would expect
    counts = Counter(e.id for entities in found for e in entities)
    assert counts["actor:isis"] > counts["place:syria"] > counts["place:mosul"] > 100
    assert counts["place:fallujah"] > 100 and counts["actor:amaq"] > 100
    for entities in found:
        for e in entities:
            assert e.span[0] < e.span[1]


@pytest.mark.shared
@pytest.mark.slow
def test_throughput_of_short_posts(shared: type) -> None:
    """At least 20,000 short posts a second (CPU time of this process, warm caches)."""
    tweets = _tweets(shared)
    for text in tweets:  # warm: compiled regexes and the caches of resolved spellings
        link(text)
    best = 0.0
    for _ in range(3):
        start = time.process_time()
        for text in tweets:
            link(text)
        best = max(best, len(tweets) / max(time.process_time() - start, 1e-9))
    mean = sum(map(len, tweets)) / len(tweets)
    print(f"entity linking: {best:,.0f} tweets/s (mean length {mean:.0f} characters)")
    assert best >= 20_000
