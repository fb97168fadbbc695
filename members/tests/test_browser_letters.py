"""Joining OGP with a letter of intent, in headless Chromium against the live portal.

A point of contact of an eligible government drafts and submits the letter; the Support Unit
reviews, accepts and publishes it; the public then sees the letter and the new member.
"""

import re

import pytest
from playwright.sync_api import expect

from members.models import LetterOfIntent, LetterStatus, MembershipStatus
from members.tests.factories import GovernmentFactory, UserFactory
from members.tests.test_letters_transitions import make_eligible, pdf_bytes
from ogp_portal.tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_government_joins_with_a_letter_of_intent(live_server, page, browser, staff, tmp_path):
    georgia = GovernmentFactory(iso3="GEO", slug="geo", name="Georgia", status=MembershipStatus.ELIGIBLE)
    contact = UserFactory(username="tamar", first_name="Tamar", last_name="Kapanadze")
    georgia.grant_point_of_contact(contact, by=staff)
    make_eligible(georgia)
    signed = tmp_path / "signed-letter.pdf"
    signed.write_bytes(pdf_bytes())

    # The point of contact drafts the letter from the government's page, then submits it.
    log_in(page, live_server, "tamar")
    page.goto(f"{live_server.url}/en/governments/geo/")
    page.get_by_role("link", name="Draft a letter of intent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft a letter of intent")
    page.get_by_label("Signatory's name").fill("Nino Lomidze")
    page.get_by_label("Signatory's title").fill("Minister of Justice")
    page.get_by_label("The signatory is a minister-level official").check()
    page.get_by_label("The signing body is authorised by the head of state or government").check()
    page.get_by_label("The government endorses the Open Government Declaration").check()
    page.get_by_label("Past open government reforms").fill("Public service halls and an open budget portal.")
    page.get_by_label("Lead ministry or agency").fill("Ministry of Justice")
    page.get_by_label("Person responsible for OGP").fill("Giorgi Beridze")
    page.get_by_label("Signed letter (PDF)").set_input_files(signed)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status")).to_contain_text("The draft letter of intent has been saved.")
    expect(page.get_by_text("The letter has everything OGP asks for.")).to_be_visible()
    page.get_by_role("button", name="Submit the letter to the Support Unit").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to the OGP Support Unit")
    expect(page.get_by_test_id("letter-status")).to_have_text("Submitted")
    page.get_by_role("button", name="Log out").click()

    # The Support Unit reviews it from the queue, accepts it naming a contact, and publishes it.
    log_in(page, live_server, "staff")
    page.get_by_role("link", name="Support Unit").click()
    page.get_by_role("link", name="Review letters of intent").click()
    card = page.get_by_role("region", name=re.compile("Georgia"))
    expect(card).to_contain_text("Eligible")
    card.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("status")).to_contain_text("You are now reviewing this letter")
    page.get_by_label("Country-support contact").select_option(label=f"Samira ({staff.email})")
    page.get_by_role("button", name="Accept the letter").click()
    expect(page.get_by_role("status")).to_contain_text("Georgia is now a member of OGP")
    page.get_by_role("button", name="Publish the letter").click()
    expect(page.get_by_role("status")).to_contain_text("The letter of intent is published.")
    letter = LetterOfIntent.objects.get()
    assert letter.status == LetterStatus.PUBLISHED and letter.support_contact == staff

    # Anyone now sees the letter on the government's page and in the public list.
    anonymous = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 900}).new_page()
    anonymous.goto(f"{live_server.url}/en/governments/geo/")
    expect(anonymous.get_by_text("Member (active)", exact=True)).to_be_visible()
    letters = anonymous.get_by_role("region", name="Letters of intent")
    expect(letters).to_contain_text("Published")
    expect(letters.get_by_role("link", name="signed letter (PDF)")).to_be_visible()
    anonymous.get_by_role("link", name="Letters of intent").first.click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Letters of intent")
    row = anonymous.get_by_role("row").filter(has_text="Georgia")
    expect(row).to_contain_text("Nino Lomidze, Minister of Justice")
    response = anonymous.request.get(f"{live_server.url}/en/letters/{letter.pk}/signed.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    anonymous.context.close()
