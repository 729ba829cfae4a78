"""Peak memory (RSS) and wall time of ``undertow measure`` on a synthetic workspace (not a test).

Builds a workspace of N posts in the layout ingest and analyze produce (one ``posts/b-*`` batch
folder per source with parts of 50,000 rows; ``annotations/r-*`` folders of about 100,000 posts,
one file per 10,000 posts, a null-label row for every post coded without a label), generated
with numpy and pyarrow in bulk: seven sources of four stances over 2014-01-01 to 2018-06-30
(0.5% of the posts untimed), about one label a post, causes on the failure analyses, texts
drawn from a small pool of English and Arabic sentences (some naming Palmyra, تدمر, Mosul,
Raqqa...) each with a post number so that no two are the same.

Then it runs the measures with ``--events builtin:isis-territory`` in a child process, and
prints the wall time, the child's peak RSS (``ru_maxrss`` of that child, from ``os.wait4``) and
the SHA-256 of the result's JSON (sorted keys), so that two runs or two code paths can be
compared. ``--mode measure`` calls :func:`undertow.measure.run.measure` (what the command
runs); ``--mode tables`` reads whole columns and label rows into Arrow tables and calls
:func:`undertow.measure.run.analyse`, as ``measure`` did before it streamed.

Run::

    .venv/bin/python benchmarks/bench_measure_memory.py --posts 1e6
    .venv/bin/python benchmarks/bench_measure_memory.py --posts 1e7 --workdir /tmp/bench-10m \\
        --keep --mode measure tables --max-rss-gb 16

A workspace left with ``--keep`` is reused by the next run with the same ``--posts`` and
``--seed``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.analyzers.base import LABELS
from undertow.post import POST_SCHEMA
from undertow.store import ANNOTATION_SCHEMA, FolderWriter
from undertow.workspace import Workspace, new_id

KEY = "bench.synthetic@1"
PART_ROWS = 50_000  # posts per part, as ingest writes them
RUN_POSTS = 100_000  # posts per annotations folder, as the runner commits them
TASK_POSTS = 10_000  # posts per annotations file, as one task writes it
T0 = np.datetime64("2014-01-01T00:00:00", "us").astype(np.int64)
T1 = np.datetime64("2018-07-01T00:00:00", "us").astype(np.int64)
# source, stance, share of the posts, Arabic share
SOURCES = (
    ("sup-forum", "supporter", 0.30, 0.4),
    ("sup-channel", "supporter", 0.20, 0.6),
    ("sup-twitter", "supporter", 0.25, 0.2),
    ("amaq", "official", 0.08, 0.5),
    ("nashir", "official", 0.05, 0.8),
    ("int-memos", "internal", 0.02, 1.0),
    ("obs-news", "observer", 0.10, 0.3),
)
EN = (
    "The brothers stand firm and the enemy will taste defeat soon, by the will of God",
    "Another night of air strikes on the old quarter, the houses are empty now",
    "News from the front is slow today, waiting for word from the commanders",
    "They say the supply lines are cut and the fighters are short of ammunition",
    "Glory to the soldiers who hold the line, victory is near for the patient ones",
    "Why did the leaders not prepare the defences before the siege began?",
    "Pray for the martyrs and their families, this is a test from God",
    "The caliphate remains and expands, no coalition can stop what God decreed",
    "Heavy clashes reported near Palmyra as the army pushes into the desert",
    "Fighters of the state entered Tadmur after a night of fighting at the citadel",
    "The coalition claims the road to Raqqa is open, our brothers deny it",
    "Mosul will be the grave of the crusaders and their militias",
    "Reports from Fallujah speak of hunger and of families leaving the city",
    "Our lions in Ramadi repelled the attack on the government complex",
    "Dabiq is the promised place, whatever the liars say about it",
    "What is happening in Manbij? The channels are silent since yesterday",
)
AR = (
    "الإخوة ثابتون والعدو سيذوق الهزيمة قريبا بإذن الله",
    "ليلة أخرى من الغارات على الحي القديم والبيوت خالية الآن",
    "قطعت طرق الإمداد والمقاتلون يشكون قلة الذخيرة",
    "النصر قريب للصابرين والخلافة باقية وتتمدد",
    "لماذا لم يجهز القادة التحصينات قبل بدء الحصار",
    "اللهم تقبل الشهداء وصبر أهلهم فهذا ابتلاء من الله",
    "جنود الخلافة يتقدمون في مدينة تدمر بعد معارك عنيفة",
    "اشتباكات عنيفة قرب تدمر والجيش يتقدم في البادية",
    "الموصل ستكون مقبرة الصليبيين وميليشياتهم",
    "أخبار من الرقة عن قصف متواصل على الأحياء",
    "أهل الفلوجة يعانون الجوع والحصار",
    "ما الذي يحدث في منبج القنوات صامتة منذ أمس",
)
# how often each sentence is drawn: plain sentences often, the ones naming places rarely
EN_WEIGHTS = np.array([10, 8, 10, 6, 8, 5, 8, 8, 1, 1, 1, 1, 1, 1, 0.5, 0.5])
AR_WEIGHTS = np.array([10, 8, 6, 8, 5, 8, 1, 1, 1, 1, 1, 0.5])
# labels a post gets: how many (0-3) and which, weighted
N_LABELS_P = np.array([0.35, 0.40, 0.20, 0.05])
LABEL_WEIGHTS = np.array([0.10, 0.12, 0.05, 0.06, 0.22, 0.04, 0.08, 0.25, 0.08])
CAUSE_DETAILS = [json.dumps({"causes": list(c)}) for c in (
    ("air_power",), ("betrayal",), ("siege", "weapons_shortage"), ("divine_test",),
    ("leadership", "underestimation"), ("enemy_numbers",), ("air_power", "enemy_numbers"),
    ("fortification",), ("popular_support",), ("some_cause_not_in_the_codebook",),
)] + ["not json", json.dumps({"confidence": 0.4})]  # fmt: skip


def _str_ints(prefix: str, values: np.ndarray) -> pa.Array:
    """``prefix`` + each integer, as one Arrow string array (no Python loop)."""
    digits = pa.array(values).cast(pa.string())
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def _posts_part(rng: np.random.Generator, source: str, stance: str, arabic: float,
                start: int, n: int, times: np.ndarray, batch: str) -> pa.Table:  # fmt: skip
    number = np.arange(start, start + n)
    is_ar = rng.random(n) < arabic
    en = rng.choice(len(EN), n, p=EN_WEIGHTS / EN_WEIGHTS.sum())
    ar = rng.choice(len(AR), n, p=AR_WEIGHTS / AR_WEIGHTS.sum())
    sentence = pa.array(EN + AR).take(pa.array(np.where(is_ar, len(EN) + ar, en)))
    text = pc.binary_join_element_wise(sentence, _str_ints("#", number), " ")
    created = pa.array(times, pa.timestamp("us", tz="UTC"), mask=rng.random(n) < 0.005)
    native = pa.array(number).cast(pa.string())
    return pa.table(
        {
            "id": _str_ints(f"{source}:", number),
            "source": pa.array([source] * n),
            "stance": pa.array([stance] * n),
            "native_id": native,
            "author": _str_ints("user", rng.integers(0, max(10, n // 50), n)),
            "created_at": created,
            "time_precision": pc.if_else(pc.is_valid(created), "second", "none"),
            "thread": pa.nulls(n, pa.string()),
            "reply_to": pa.nulls(n, pa.string()),
            "lang": pa.array(np.where(is_ar, "ar", "en")),
            "text": text,
            "text_hash": _str_ints("h", rng.integers(0, 2**62, n)),
            "batch": pa.array([batch] * n),
            "file": pa.array([f"{source}.jsonl"] * n),
            "record": _str_ints("line ", number + 1),
            "format": pa.array(["jsonl"] * n),
            "extra": pa.nulls(n, pa.string()),
        },
        schema=POST_SCHEMA,
    )


def _annotations(rng: np.random.Generator, ids: pa.Array, run: str) -> pa.Table:
    """About one label a post (none for a third of them, then a null-label row)."""
    n = len(ids)
    k = rng.choice(4, n, p=N_LABELS_P)
    # k distinct labels a post: the k largest of Gumbel-perturbed log weights
    keys = np.log(LABEL_WEIGHTS) + rng.gumbel(size=(n, len(LABELS)))
    order = np.argsort(-keys, axis=1)
    take = np.arange(3)[None, :] < k[:, None]
    rows = np.repeat(np.arange(n), k)
    label_idx = order[:, :3][take]
    none_rows = np.flatnonzero(k == 0)
    post_row = np.concatenate([rows, none_rows])
    labels = pa.array(list(LABELS)).take(pa.array(label_idx))
    label = pa.concat_arrays([labels, pa.nulls(none_rows.size, pa.string())])
    m = post_row.size
    is_fa = np.concatenate([label_idx == LABELS.index("failure_analysis"),
                            np.zeros(none_rows.size, bool)])  # fmt: skip
    detail_idx = rng.integers(0, len(CAUSE_DETAILS), m)
    detail = pa.array(CAUSE_DETAILS).take(pa.array(detail_idx, mask=~is_fa))
    labelled = np.arange(m) < rows.size
    score = pa.array(np.round(rng.uniform(0.5, 1.0, m), 3), mask=~labelled)
    inner = pa.ListArray.from_arrays(pa.array(np.arange(0, 2 * m + 1, 2, dtype=np.int32)),
                                     pa.array(np.tile(np.array([0, 5], np.int32), m)))  # fmt: skip
    spans = pa.ListArray.from_arrays(pa.array(np.arange(m + 1, dtype=np.int32)), inner,
                                     mask=pa.array(~labelled))  # fmt: skip
    return pa.table(
        {
            "post_id": ids.take(pa.array(post_row)),
            "analyzer": pa.array([KEY] * m),
            "label": label,
            "score": score,
            "spans": spans,
            "detail": detail,
            "run": pa.array([run] * m),
        },
        schema=ANNOTATION_SCHEMA,
    )


def build(path: Path, posts: int, seed: int) -> None:
    """Write a synthetic workspace of ``posts`` posts at ``path``."""
    rng = np.random.default_rng(seed)
    ws = Workspace.create(path, name=f"bench-{posts}")
    shares = np.array([s[2] for s in SOURCES])
    sizes = rng.multinomial(posts, shares / shares.sum())
    pending: list[pa.Array] = []  # post ids not yet annotated
    run_writer: FolderWriter | None = None
    run_posts = 0

    def annotate(final: bool) -> None:
        nonlocal run_writer, run_posts
        while pending and (final or sum(len(a) for a in pending) >= TASK_POSTS):
            ids = pa.concat_arrays(pending)
            chunk, rest = ids.slice(0, TASK_POSTS), ids.slice(TASK_POSTS)
            pending[:] = [rest] if len(rest) else []
            if run_writer is None:
                run_writer = FolderWriter(ws, ws.annotations_dir, new_id("r"), ANNOTATION_SCHEMA)
            run_writer.write(_annotations(rng, chunk, run_writer.dest.name))
            run_posts += len(chunk)
            if run_posts >= RUN_POSTS:
                run_writer.commit()
                run_writer, run_posts = None, 0
        if final and run_writer is not None:
            run_writer.commit()

    with ws.write_lock():
        for (source, stance, _, arabic), size in zip(SOURCES, sizes, strict=True):
            writer = FolderWriter(ws, ws.posts_dir, new_id("b"), POST_SCHEMA)
            times = np.sort(rng.integers(T0, T1, int(size)))
            for start in range(0, int(size), PART_ROWS):
                n = min(PART_ROWS, int(size) - start)
                part = _posts_part(rng, source, stance, arabic, start, n,
                                   times[start : start + n], writer.dest.name)  # fmt: skip
                writer.write(part)
                pending.append(part["id"].combine_chunks())
                annotate(final=False)
            writer.commit()
        annotate(final=True)
    ws.update_meta(label_source=KEY, synthetic=True, bench={"posts": posts, "seed": seed})


CHILD = """
import json, sys, time
from pathlib import Path
mode, ws_path, events, out, memory_limit = sys.argv[1:6]
started = time.perf_counter()
if mode == "measure":
    from undertow.measure.run import measure
    result = measure(ws_path, events=events, memory_limit=memory_limit)
else:
    from undertow.measure.run import analyse, workspace_gazetteer
    from undertow.store import label_keys, read_labels, read_posts
    from undertow.workspace import Workspace
    ws = Workspace.open(ws_path)
    keys = label_keys(ws)
    posts = read_posts(ws, columns=["id", "source", "stance", "created_at", "text"])
    labels = read_labels(ws, keys)
    meta = {"workspace": ws.name, "label_source": keys, "synthetic": True,
            "events_source": events}
    result = analyse(posts, labels, events, gazetteer=workspace_gazetteer(ws), meta=meta).result
Path(out).write_text(json.dumps(result, sort_keys=True, allow_nan=False), encoding="utf-8")
print(f"{time.perf_counter() - started:.1f}", file=sys.stderr)
"""


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_child(
    mode: str, ws: Path, events: str, out: Path, max_rss_gb: float, memory_limit: str
) -> dict:
    """Run one measure in a child process; return its wall time, peak RSS and result hash."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(ws), events, str(out), memory_limit],
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = threading.Event()

    def watch() -> None:
        limit = max_rss_gb * 1024 * 1024
        while proc.poll() is None:
            if limit and _rss_kb(proc.pid) > limit:
                killed.set()
                os.kill(proc.pid, signal.SIGKILL)
                return
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    err = proc.stderr.read() if proc.stderr else ""
    row = {"mode": mode, "wall_s": round(wall, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024),
           "exit": proc.returncode}  # fmt: skip
    if killed.is_set():
        row["error"] = f"killed above {max_rss_gb:g} GB RSS"
    elif proc.returncode != 0:
        row["error"] = err.strip().splitlines()[-1] if err.strip() else "failed"
    else:
        row["sha256"] = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    return row


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the workspace, measure it in child processes, print the figures."""
    parser = argparse.ArgumentParser(description="Peak RSS and wall time of undertow measure.")
    parser.add_argument("--posts", type=float, default=1e6, help="Posts to generate (1e6).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="Folder for the workspace (a temp dir).")
    parser.add_argument("--keep", action="store_true", help="Keep the workspace afterwards.")
    parser.add_argument("--mode", nargs="+", choices=("measure", "tables"), default=["measure"])
    parser.add_argument("--events", default="builtin:isis-territory")
    parser.add_argument("--memory-limit", default="1GB",
                        help="DuckDB's memory limit in --mode measure (1GB).")  # fmt: skip
    parser.add_argument("--max-rss-gb", type=float, default=0.0,
                        help="Kill a child whose RSS passes this many GB (0: never).")  # fmt: skip
    args = parser.parse_args(argv)
    posts = int(args.posts)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="undertow-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    ws = workdir / "ws"
    meta = ws / "undertow.json"
    bench = json.loads(meta.read_text()).get("bench") if meta.is_file() else None
    if bench != {"posts": posts, "seed": args.seed}:
        shutil.rmtree(ws, ignore_errors=True)
        started = time.perf_counter()
        build(ws, posts, args.seed)
        print(f"Built {posts:,} posts in {time.perf_counter() - started:.1f} s at {ws}")
    size = sum(f.stat().st_size for f in ws.rglob("*.parquet"))
    print(f"Workspace: {posts:,} posts, {size / 2**20:,.0f} MB of Parquet")
    rows = []
    try:
        for mode in args.mode:
            row = run_child(mode, ws, args.events, workdir / f"result-{mode}.json",
                            args.max_rss_gb, args.memory_limit)  # fmt: skip
            row["posts"] = posts
            if mode == "measure":
                row["memory_limit"] = args.memory_limit
            rows.append(row)
            print(json.dumps(row))
    finally:
        if not args.keep:
            shutil.rmtree(ws, ignore_errors=True)
    return 0 if all("error" not in r for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
