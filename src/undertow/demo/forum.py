"""A supporter forum: threads of replies over the timeline, written by the forum's authors.

The day's volume follows the timeline (more posts, and longer threads, in the weeks after a
loss; a lift after the gain; a little more on Fridays). A thread opens with one post and grows
to 3-30 posts; each later post mostly replies to the opening post, the one just before it or
another earlier post of the thread, always at a later time. Labels come from
:mod:`undertow.demo.mood` (a reply leans on the labels of what it answers) and texts from
:mod:`undertow.demo.compose`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from undertow.demo.authors import Author
from undertow.demo.compose import compose
from undertow.demo.mood import choose_labels
from undertow.demo.world import END, day_state, days

__all__ = ["ForumPost", "generate_forum"]


@dataclass(slots=True)
class ForumPost:
    """One forum post with what its generator intended."""

    id: str
    thread: str
    reply_to: str | None
    author: str
    created_at: datetime
    text: str
    lang: str
    labels: list[str]
    causes: list[str] = field(default_factory=list)
    incitement: dict[str, str] | None = None

    def record(self) -> dict:
        """The JSON object of this post in the forum file."""
        return {
            "id": self.id,
            "thread": self.thread,
            "reply_to": self.reply_to,
            "author": self.author,
            "created_at": self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": self.text,
            "lang": self.lang,
            "synthetic": True,
        }


def _intensity(d: date) -> float:
    s = day_state(d)
    return (1 + 3 * s.shock + 0.15 * s.threat + 0.8 * s.gain) * (1.2 if d.weekday() == 4 else 1)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def generate_forum(
    rng: random.Random, lang: str, authors: list[Author], target: int
) -> list[ForumPost]:
    """Generate about ``target`` posts of the ``lang`` forum, sorted by time, ids assigned."""
    all_days = [d for d in days() if d <= END - timedelta(2)]
    weights = [_intensity(d) for d in all_days]
    total = sum(weights)
    drafts: list[tuple[datetime, int, int, ForumPost, int | None]] = []
    thread_no = 0
    for d, w in zip(all_days, weights, strict=True):
        state = day_state(d)
        mean_size = 5.0 + 2.5 * min(state.shock, 1.0)
        n_threads = _poisson(rng, target * w / total / mean_size)
        active = [a for a in authors if a.active(d)]
        for _ in range(n_threads):
            thread_no += 1
            start = datetime.combine(d, time(0), UTC) + timedelta(
                seconds=rng.randrange(6 * 3600, 24 * 3600)
            )
            size = min(30, 3 + round(rng.expovariate(1 / (mean_size - 3))))
            drafts.extend(_thread(rng, lang, active, state, thread_no, start, size))
    drafts.sort(key=lambda t: (t[0], t[1], t[2]))
    posts: list[ForumPost] = []
    ids: dict[tuple[int, int], str] = {}
    for n, (_, thread, seq, post, parent) in enumerate(drafts, 1):
        post.id = f"{lang}-{n:06d}"
        ids[(thread, seq)] = post.id
        post.reply_to = ids[(thread, parent)] if parent is not None else None
        posts.append(post)
    return posts


def _who(rng: random.Random, active: list[Author], shock: float, avoid: str | None) -> Author:
    ws = []
    for a in active:
        w = a.activity
        if a.archetype in ("worrier", "doomer", "consoler", "rebuker", "analyst"):
            w *= 1 + shock
        if a.handle == avoid:
            w *= 0.05
        ws.append(w)
    return rng.choices(active, ws)[0]


def _thread(
    rng: random.Random,
    lang: str,
    active: list[Author],
    state,
    thread_no: int,
    start: datetime,
    size: int,
) -> list[tuple[datetime, int, int, ForumPost, int | None]]:
    thread = f"{lang}-t{thread_no:05d}"
    out: list[tuple[datetime, int, int, ForumPost, int | None]] = []
    labels_of: list[tuple[str, ...]] = []
    authors_of: list[str] = []
    t = start
    for seq in range(size):
        parent: int | None = None
        if seq:
            t += timedelta(seconds=30 + round(rng.expovariate(1 / (1800 * (1 + seq / 8)))))
            r = rng.random()
            if r < 0.12:
                parent = None
            elif r < 0.45:
                parent = 0
            elif r < 0.85:
                parent = seq - 1
            else:
                parent = rng.randrange(seq)
        day = day_state(t.date()) if t.date() <= END else state
        avoid = authors_of[parent] if parent is not None else (authors_of[-1] if seq else None)
        author = _who(rng, active, day.shock, avoid)
        parent_labels = labels_of[parent] if parent is not None else ()
        labels = choose_labels(rng, author, day, parent_labels)
        made = compose(
            rng,
            author,
            labels,
            day,
            reply_to_handle=authors_of[parent] if parent is not None else None,
        )
        post = ForumPost(
            "",
            thread,
            None,
            author.handle,
            t,
            made.text,
            lang,
            made.labels,
            made.causes,
            made.incitement,
        )
        out.append((t, thread_no, seq, post, parent))
        labels_of.append(tuple(made.labels))
        authors_of.append(author.handle)
    return out
