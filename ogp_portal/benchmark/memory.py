"""Peak memory of one streaming export, measured in a fresh process.

Run as `python -m ogp_portal.benchmark.memory /en/open-data/commitments.csv`: it resolves the URL,
calls the view, consumes the streaming response as a client would (counting CSV records) and prints
one JSON line with the rows, the bytes and the process's peak RSS before and after the export.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import time
from collections.abc import Iterable, Iterator


def peak_rss_mib() -> float:
    # ru_maxrss is in kibibytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lines_of(chunks: Iterable[bytes | str]) -> Iterator[str]:
    """Text lines (ends kept) from arbitrary chunks, holding at most one partial line."""
    pending = ""
    for chunk in chunks:
        pending += chunk.decode() if isinstance(chunk, bytes) else chunk
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    if pending:
        yield pending


def export(path: str) -> dict[str, object]:
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    language = path.strip("/").split("/")[0]
    with translation.override(language if len(language) == 2 else "en"):
        match = resolve(path.split("?")[0])
        request = RequestFactory().get(path)
        before = peak_rss_mib()
        started = time.perf_counter()
        response = match.func(request, *match.args, **match.kwargs)
        counted = {"bytes": 0}

        def chunks() -> Iterator[bytes | str]:
            for chunk in response.streaming_content if response.streaming else [response.content]:
                counted["bytes"] += len(chunk)
                yield chunk

        records = sum(1 for row in csv.reader(lines_of(chunks())) if row)
    return {
        "path": path,
        "status": response.status_code,
        "streaming": response.streaming,
        "rows": max(records - 1, 0),
        "bytes": counted["bytes"],
        "seconds": round(time.perf_counter() - started, 2),
        "rss_before_mib": round(before, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_portal.settings")
    import django

    django.setup()
    print(json.dumps(export(sys.argv[1])))
