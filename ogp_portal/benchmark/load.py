"""A small concurrent HTTP load client (threads and keep-alive connections) and its statistics."""

from __future__ import annotations

import http.client
import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(latencies: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest latency that at least `fraction` of them do not exceed."""
    if not latencies:
        return math.nan
    ordered = sorted(latencies)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Result:
    name: str
    path: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 0.95) * 1000

    @property
    def ok(self) -> bool:
        return self.errors == 0 and set(self.statuses) == {200}

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": self.path,
            "requests": self.requests,
            "requests_per_second": round(self.per_second, 1),
            "p50_ms": round(self.p50_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "statuses": {str(status): count for status, count in sorted(self.statuses.items())},
            "errors": self.errors,
        }


def measure(
    name: str, path: str, *, host: str, port: int, requests: int, concurrency: int, timeout: float = 60
) -> Result:
    """GET `path` `requests` times from `concurrency` threads, each on its own keep-alive connection."""
    result = Result(name=name, path=path)
    tickets = itertools.count()
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        latencies, statuses, errors = [], Counter(), 0
        while next(tickets) < requests:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": host, "Accept-Language": "en"})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
                continue
            latencies.append(time.perf_counter() - started)
            statuses[response.status] += 1
            if response.will_close:
                connection.close()
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)
            result.errors += errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def table(results: Sequence[Result]) -> str:
    """The results as a fixed-width text table."""
    header = f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'requests':>9}  statuses"
    lines = [header, "-" * len(header)]
    for result in results:
        statuses = " ".join(f"{status}x{count}" for status, count in sorted(result.statuses.items()))
        if result.errors:
            statuses += f" errors x{result.errors}"
        lines.append(
            f"{result.name:<16} {result.per_second:>8.1f} {result.p50_ms:>8.1f} {result.p95_ms:>8.1f} "
            f"{result.requests:>9}  {statuses}"
        )
    return "\n".join(lines)
