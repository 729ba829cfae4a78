"""``undertow demo``: generate the synthetic corpus, ingest, analyse and report it."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from undertow.analyzers.registry import load
from undertow.demo.corpus import generate
from undertow.errors import InputError
from undertow.ingest import ingest
from undertow.measure.headline import headline
from undertow.progress import bar
from undertow.publish import write_report
from undertow.runner import run_analyzer
from undertow.store import label_keys, read_labels, read_posts
from undertow.workspace import META, Workspace


@dataclass
class DemoResult:
    """What the demo built, and the figures to print."""

    report: Path
    workspace: Path
    posts: int
    seconds: float
    figures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The lines ``undertow demo`` prints."""
        return [
            f"Report: {self.report.resolve()}",
            f"Workspace: {self.workspace.resolve()} ({self.posts:,} synthetic posts, "
            f"{self.seconds:.1f} s)",
            *self.figures,
        ]


def run_demo(
    outdir: str | Path, *, seed: int = 2016, size: str = "default", quiet: bool = False
) -> DemoResult:
    """Build the demo into ``outdir`` (corpus/, workspace/, report.html), replacing an old demo."""
    started = time.perf_counter()
    out = Path(outdir)
    ws_path = out / "workspace"
    if out.exists() and any(out.iterdir()):
        if not (ws_path / META).exists() and not (out / "corpus").exists():
            raise InputError(
                f"{out} exists and does not hold an earlier demo; give an empty or new folder."
            )
        shutil.rmtree(out / "corpus", ignore_errors=True)
        shutil.rmtree(ws_path, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    manifest = generate(out / "corpus", seed=seed, size=size)
    ws = Workspace.create(ws_path, name="undertow demo (synthetic)")
    ws.update_meta(synthetic=True)
    posts = 0
    for item in manifest.files:
        with bar(f"Ingesting {item.path}", quiet=quiet) as update:
            res = ingest(
                ws,
                out / "corpus" / item.path,
                source=item.source,
                stance=item.stance,
                fmt=item.format,
                progress=lambda n: update(n),
            )
        posts += res.added
    for analyzer in load():
        with bar(f"Coding with {analyzer.key}", quiet=quiet) as update:
            run_analyzer(ws, analyzer, progress=update)
    events = out / "corpus" / manifest.events
    report = write_report(
        ws,
        out / "report.html",
        events=events,
        title="undertow demo: a synthetic movement's supporters after defeat",
    )
    figures = headline(read_posts(ws), read_labels(ws, label_keys(ws)))
    return DemoResult(
        report=report,
        workspace=ws_path,
        posts=posts,
        seconds=time.perf_counter() - started,
        figures=figures,
    )
