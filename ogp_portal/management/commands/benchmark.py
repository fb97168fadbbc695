"""Load a large synthetic world, then measure the portal under gunicorn and the memory of an export.

Not a test: it prints figures for the README. Run it on a database of its own, for instance
`createdb ogp_bench && DATABASE_URL=postgres://.../ogp_bench manage.py migrate && ... benchmark`.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ogp_portal.benchmark import load as load_client
from ogp_portal.benchmark import world as synthetic

EXPORT_PATH = "/en/open-data/commitments.csv"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_gib() -> float:
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        return 0.0
    return round(kib / 1024 / 1024, 1)


class Command(BaseCommand):
    help = "Load a synthetic world and measure requests/s, p50/p95 latency and the peak memory of an export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is 2,000 governments, 2,000,000 comments.")
        parser.add_argument("--requests", type=int, default=500, help="Requests per page measured.")
        parser.add_argument("--concurrency", type=int, default=4, help="Client threads (keep-alive connections).")
        parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2), help="gunicorn workers.")
        parser.add_argument("--keep", action="store_true", help="Leave the synthetic rows in the database.")
        parser.add_argument("--output", help="Also write the figures to this JSON file.")
        parser.add_argument("--export-path", default=EXPORT_PATH, help="The streaming export to measure.")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if connection.vendor != "postgresql" and scale >= 1:
            raise CommandError(
                "The benchmark measures PostgreSQL: at --scale 1 or more, set DATABASE_URL to a PostgreSQL "
                "database of its own (e.g. postgres://postgres@127.0.0.1:5432/ogp_bench, migrated first). "
                "SQLite is accepted only for a small trial, such as --scale 0.01."
            )
        sizes = synthetic.Sizes.for_scale(scale)
        self.stdout.write(
            f"Loading into database {connection.settings_dict['NAME']!r} ({connection.vendor}): "
            f"{sizes.governments:,} governments, {sizes.plans:,} plans, {sizes.commitments:,} commitments, "
            f"{sizes.comments:,} comments"
        )
        started = time.perf_counter()
        world = synthetic.load(sizes, progress=lambda message: self.stdout.write(f"  {message}"))
        load_seconds = time.perf_counter() - started
        self.stdout.write(f"Loaded in {load_seconds:.0f} s (COPY, then ANALYZE).")
        report: dict[str, Any] = {
            "machine": {
                "cpus": os.cpu_count(),
                "memory_gib": memory_gib(),
                "python": platform.python_version(),
                "database": connection.vendor,
                "database_version": self.database_version(),
            },
            "scale": scale,
            "rows": {model._meta.label: world.count(model) for model in world.ranges},
            "load_seconds": round(load_seconds, 1),
        }
        try:
            report["pages"] = self.measure_pages(world, options)
            report["export"] = self.measure_export(options["export_path"])
        finally:
            if options["keep"]:
                self.stdout.write("Kept the synthetic rows (--keep).")
            else:
                self.stdout.write("Deleting the synthetic rows...")
                world.drop()
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(report, indent=2) + "\n")
            self.stdout.write(f"Wrote {options['output']}.")

    def database_version(self) -> str:
        if connection.vendor != "postgresql":
            return ""
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]

    def child_environment(self) -> dict[str, str]:
        """Production settings for the server and the export process, on the same database."""
        return {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # No TLS proxy in front of this server: HTTPS redirects would measure nothing.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "BENCHMARK_ENABLED": "true",
            "LOG_LEVEL": "WARNING",
        }

    def measure_pages(self, world: synthetic.World, options: dict[str, Any]) -> list[dict[str, object]]:
        environment = self.child_environment()
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        # Templates refer to hashed static names: without the manifest every page would be a 500.
        subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=environment, check=True)
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ogp_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={options['workers']}",
            # gthread keeps connections alive, as a proxy in front of gunicorn would.
            "--worker-class=gthread",
            "--threads=2",
            "--log-level=warning",
        ]
        targets = [
            ("minimal view", "/benchmark/minimal/"),
            ("home", "/en/"),
            ("government", f"/en/governments/{world.government_slug}/"),
            ("plan", f"/en/action-plans/{world.plan_id}/"),
            ("explorer search", f"/en/action-plans/commitments/?q={world.search_term}"),
        ]
        with tempfile.TemporaryFile() as server_log:
            server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment, stderr=server_log)
            try:
                self.wait_for(port, server, server_log)
                self.stdout.write(
                    f"gunicorn on port {port}: {options['workers']} workers; {options['requests']} requests "
                    f"per page from {options['concurrency']} connections."
                )
                results = []
                for name, path in targets:
                    client = {"host": "127.0.0.1", "port": port, "concurrency": options["concurrency"]}
                    load_client.measure(name, path, requests=10, **client)  # warm every worker up
                    results.append(load_client.measure(name, path, requests=options["requests"], **client))
            finally:
                server.terminate()
                server.wait(timeout=30)
        self.stdout.write(load_client.table(results))
        for result in results:
            if not result.ok:
                self.stderr.write(f"{result.name} ({result.path}) did not always answer 200: see its statuses.")
        return [result.as_dict() for result in results]

    def wait_for(self, port: int, server: subprocess.Popen, server_log: Any, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if server.poll() is not None:
                server_log.seek(0)
                raise CommandError(f"gunicorn stopped:\n{server_log.read().decode(errors='replace')}")
            result = load_client.measure(
                "ready", "/benchmark/minimal/", host="127.0.0.1", port=port, requests=1, concurrency=1, timeout=2
            )
            if result.statuses.get(200):
                return
            time.sleep(0.3)
        raise CommandError(f"gunicorn did not answer on port {port} within {seconds:.0f} s.")

    def measure_export(self, path: str) -> dict[str, object]:
        self.stdout.write(f"Export {path} in a fresh process...")
        completed = subprocess.run(
            [sys.executable, "-m", "ogp_portal.benchmark.memory", path],
            cwd=settings.BASE_DIR,
            env=self.child_environment(),
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            self.stderr.write(f"The export could not be measured: {last}")
            return {"path": path, "error": last}
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        self.stdout.write(
            f"{figures['rows']:,} rows, {figures['bytes'] / 1024 / 1024:.1f} MiB in {figures['seconds']} s; "
            f"peak RSS {figures['peak_rss_mib']} MiB (process before the export: {figures['rss_before_mib']} MiB)."
        )
        return figures
