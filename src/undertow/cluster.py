"""Dask clusters for analysis: ``local:N`` (N worker processes here) or ``tcp://HOST:PORT``.

A local cluster binds to 127.0.0.1 only and runs single-threaded workers (the embedding model
uses one BLAS thread per worker; the processes are the parallelism). An existing scheduler is
reached by its address; its workers must see the workspace at the same path (a shared file
system) and have undertow installed. See docs/scale.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from undertow.errors import InputError

_LOCAL = re.compile(r"^local:(\d+)$")
_REMOTE = re.compile(r"^tcp://[\w.\-\[\]:]+:\d+$")


@contextmanager
def open_cluster(spec: str) -> Iterator[Any]:
    """Yield a ``distributed.Client`` for ``spec``; close what was started on exit."""
    from distributed import Client, LocalCluster

    local = _LOCAL.match(spec)
    if local:
        n = int(local.group(1))
        if not 1 <= n <= 256:
            raise InputError(f"--cluster {spec}: give between 1 and 256 local workers.")
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
            env={"UNDERTOW_EMBED_THREADS": "1", "OMP_NUM_THREADS": "1"},
        )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    if _REMOTE.match(spec):
        try:
            client = Client(spec, timeout=15)
        except OSError as exc:
            raise InputError(
                f"Cannot reach the Dask scheduler at {spec} ({exc}); check the address and that "
                "it is running."
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    raise InputError(
        f"--cluster {spec!r} is not local:N or tcp://HOST:PORT (e.g. local:2, tcp://10.0.0.5:8786)."
    )
