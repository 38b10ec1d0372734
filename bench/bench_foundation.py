"""
The pages every visitor or learner hits today: the public home page, the
health check load balancers poll, the login page and a learner's dashboard.
Later features add their own bench_<feature>.py rather than growing this one,
so these figures stay a baseline for what the foundation costs by itself.
"""

from bench.harness import client, make_user, result, time_get
from lms.accounts.roles import Role


def run(ctx):
    anonymous = client()
    learner = make_user("bench.learner@example.com", Role.LEARNER, first_name="Bench")
    logged_in = client(learner)

    # (figure, URL, client, where the queries go)
    cases = [
        ("home /, anonymous", "/", anonymous, "site, page, ancestors, restrictions, featured"),
        ("health /health/", "/health/", anonymous, "SELECT 1 + job heartbeat"),
        ("login GET /accounts/login/", "/accounts/login/", anonymous, "no SQL"),
        ("dashboard /dashboard/, learner", "/dashboard/", logged_in, "session, user, perms, roles"),
    ]
    results = []
    for name, url, browser, notes in cases:
        figures = time_get(url, browser=browser, n=ctx.n, warmup=ctx.warmup)
        results.append(result(name, notes=notes, **figures))
    return results
