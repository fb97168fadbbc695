"""Steps every browser test takes: signing in (the cast's password) and out."""

import re

from playwright.sync_api import expect


def log_in(page, live_server, username="staff", password="secret-password"):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))


def log_out(page):
    page.get_by_role("button", name="Log out").click()
