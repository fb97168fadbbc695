"""axe-core (shipped inside axe-playwright-python, no network) run on a Playwright page against WCAG 2.1 AA."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

_axe = Axe()


def keep_offline(page, live_server) -> list[str]:
    """Abort every request that leaves the live server, and return them: axe and the pages must need nothing else."""
    outside: list[str] = []

    def route(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return outside


def violations(page) -> list[dict]:
    return _axe.run(page, options=OPTIONS).response["violations"]


def describe(where: str, found: list[dict], nodes: int = 3) -> str:
    """One block per violation: rule id, impact, help, and the first few offending elements."""
    lines = [f"{where}: {len(found)} violation(s)"]
    for violation in found:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:nodes]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"      {', '.join(map(str, node['target']))}  {node['html'][:160]}")
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > nodes:
            lines.append(f"      ... and {len(violation['nodes']) - nodes} more")
    return "\n".join(lines)
