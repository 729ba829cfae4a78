"""``undertow simulate``: write the simulated corpus, its workspace, events and truth."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from undertow.errors import InputError
from undertow.events import Event
from undertow.ingest import ingest
from undertow.simulate.generate import ANALYZER, SimData, build
from undertow.simulate.places import FILENAME, gazetteer_tsv
from undertow.simulate.scenario import Scenario, get_scenario
from undertow.store import ANNOTATION_SCHEMA, FolderWriter
from undertow.workspace import META, Workspace, new_id


@dataclass
class SimResult:
    """What :func:`simulate` wrote."""

    outdir: Path
    workspace: Path
    events: Path
    truth: Path
    scenario: str
    seed: int
    posts: int
    seconds: float
    shifts: list[dict[str, Any]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The lines ``undertow simulate`` prints."""
        planted = [s for s in self.shifts if s["kind"] == "planted"]
        out = [
            f"Workspace: {self.workspace.resolve()} ({self.posts:,} synthetic posts, scenario "
            f"{self.scenario}, seed {self.seed}, {self.seconds:.1f} s)",
            f"Events: {self.events.resolve()}",
            f"Truth: {self.truth.resolve()} ({len(planted)} planted shifts)",
        ]
        for s in planted:
            out.append(
                f"  {s['date']} {s['stance']} {s['measure']}: {s['before']:g} -> "
                f"{s['after']:g} (event {s['event']}, {s['place']}, lag {s['lag']} days)"
            )
        return out


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / "truth.json").exists() and not (out / "workspace" / META).exists():
            raise InputError(
                f"{out} exists and does not hold an earlier simulation; give an empty or new "
                "folder."
            )
        for name in ("corpus", "workspace"):
            shutil.rmtree(out / name, ignore_errors=True)
        for name in ("events.csv", "truth.json"):
            (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


def _write_corpus(folder: Path, posts: pa.Table) -> list[tuple[Path, str, str]]:
    """Write one JSON Lines file per source; return (path, source, stance) of each."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for source in sorted(set(posts["source"].to_pylist())):
        part = posts.filter(pc.equal(posts["source"], source))
        stance = part["stance"][0].as_py()
        path = folder / f"{source}.jsonl"
        cols = {k: part[k].to_pylist() for k in ("native_id", "author", "lang", "text")}
        times = pc.strftime(part["created_at"], format="%Y-%m-%dT%H:%M:%SZ").to_pylist()
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for i in range(part.num_rows):
                record = {
                    "id": cols["native_id"][i],
                    "created_at": times[i],
                    "author": cols["author"][i],
                    "lang": cols["lang"][i],
                    "text": cols["text"][i],
                    "synthetic": True,
                }
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        files.append((path, source, stance))
    return files


def _write_labels(ws: Workspace, labels: pa.Table) -> None:
    """Store the planted labels as one committed annotations folder of ``ANALYZER``."""
    with ws.write_lock():
        run = new_id("r")
        writer = FolderWriter(ws, ws.annotations_dir, run, ANNOTATION_SCHEMA)
        try:
            table = labels.select(["post_id", "analyzer", "label", "score", "spans", "detail"])
            table = table.append_column("run", pa.array([run] * table.num_rows, pa.string()))
            writer.write(table.select(ANNOTATION_SCHEMA.names))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        coded = len(set(labels["post_id"].to_pylist()))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with ws.ledger() as db:
            db.execute(
                "insert into runs values (?,?,?,?,?,?,?)",
                (run, ANALYZER, json.dumps({"planted": True}), coded,
                 int(pc.sum(pc.is_valid(labels["label"])).as_py() or 0), now, now),
            )  # fmt: skip


def _events_csv(events: list[Event]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "place", "type", "description", "source"])
    for e in events:
        w.writerow([e.date.isoformat(), e.place, e.type, e.description, e.source])
    return buf.getvalue()


def write_simulation(out: Path, data: SimData, sc: Scenario, seed: int) -> Path:
    """Write corpus, workspace, events and truth of generated data into ``out``."""
    files = _write_corpus(out / "corpus", data.posts)
    ws = Workspace.create(out / "workspace", name=f"undertow simulation ({sc.name}, seed {seed})")
    for path, source, stance in files:
        ingest(ws, path, source=source, stance=stance, fmt="jsonl")
    _write_labels(ws, data.labels)
    (ws.path / FILENAME).write_text(gazetteer_tsv(), encoding="utf-8")
    ws.update_meta(
        label_source=ANALYZER,
        synthetic=True,
        gazetteer=FILENAME,
        simulation={"scenario": sc.name, "seed": seed, "generator": data.truth["generator"]},
    )
    (out / "events.csv").write_text(_events_csv(data.events), encoding="utf-8")
    (out / "truth.json").write_text(
        json.dumps(data.truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return ws.path


def simulate(outdir: str | Path, *, seed: int = 0, scenario: str = "default") -> SimResult:
    """Write a simulated, ready-to-measure workspace with planted shifts into ``outdir``.

    ``scenario`` is ``default``, ``null`` or ``lagged`` (:mod:`undertow.simulate.scenario`).
    The same seed and scenario give the same posts, labels, events and truth. An ``outdir``
    holding an earlier simulation is replaced; any other non-empty folder is refused.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"The seed must be a whole number of at least 0, not {seed!r}.")
    sc = get_scenario(scenario)
    started = time.perf_counter()
    out = Path(outdir)
    _prepare(out)
    data = build(seed, sc)
    ws_path = write_simulation(out, data, sc, seed)
    return SimResult(
        outdir=out,
        workspace=ws_path,
        events=out / "events.csv",
        truth=out / "truth.json",
        scenario=sc.name,
        seed=seed,
        posts=data.posts.num_rows,
        seconds=time.perf_counter() - started,
        shifts=data.truth["shifts"],
    )
