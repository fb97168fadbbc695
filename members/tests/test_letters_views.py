"""Letters of intent pages: the permission matrix of every view and of the PDF, forms, uploads, concurrency."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from members.models import AuditEntry, Government, LetterOfIntent, LetterStatus, MembershipStatus
from members.roles import make_support_unit_staff
from members.tests.factories import GovernmentFactory, UserFactory
from members.tests.test_letters_transitions import COMPLETE, complete_letter, make_eligible, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def joining(db):
    return GovernmentFactory(iso3="GEO", slug="geo", name="Georgia", status=MembershipStatus.ELIGIBLE)


@pytest.fixture
def joining_poc(joining, staff, django_capture_on_commit_callbacks):
    user = UserFactory(username="joining_poc")
    with django_capture_on_commit_callbacks(execute=True):
        joining.grant_point_of_contact(user, by=staff)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def form_data(**overrides) -> dict:
    data = {"addressed_to": "The co-chairs of the Open Government Partnership", **COMPLETE, **overrides}
    return {key: value for key, value in data.items() if value is not False}


# --- The permission matrix -----------------------------------------------------------------
# The letter belongs to France: `poc` is its point of contact; `other_poc` (Mexico), `civil` and
# `irm` (a researcher, not a point of contact) are outsiders to a letter that is not published.

CAN_SEE_PRIVATE = {"poc", "staff"}


@pytest.fixture
def draft(government, staff):
    return complete_letter(government, staff)


@pytest.fixture
def published(government, staff):
    return complete_letter(government, staff, status=LetterStatus.PUBLISHED)


def test_detail_of_a_draft(role_client, draft):
    role, client = role_client
    response = client.get(reverse("members:letter-detail", args=[draft.pk]))
    assert response.status_code == (200 if role in CAN_SEE_PRIVATE else 404)


def test_detail_of_a_published_letter_is_public(role_client, published):
    role, client = role_client
    response = client.get(reverse("members:letter-detail", args=[published.pk]))
    assert response.status_code == 200
    assert "Nino Lomidze" in response.text
    # The responsible person's email is for the government and the Support Unit only.
    assert ("giorgi@example.org" in response.text) == (role in CAN_SEE_PRIVATE)


def test_file_of_a_draft(role_client, draft):
    role, client = role_client
    response = client.get(reverse("members:letter-file", args=[draft.pk]))
    if role in CAN_SEE_PRIVATE:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


def test_file_of_a_published_letter_is_public(role_client, published):
    role, client = role_client
    response = client.get(reverse("members:letter-file", args=[published.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="letter-of-intent-fra.pdf"' in response["Content-Disposition"]


def test_file_of_a_letter_without_file_is_404(client, staff, government):
    letter = LetterOfIntent.objects.create_draft(government, {}, by=staff)
    response = client_for(staff).get(reverse("members:letter-file", args=[letter.pk]))
    assert response.status_code == 404


def test_the_pdf_has_no_public_media_url(draft):
    with pytest.raises(ValueError):
        draft.signed_letter.url  # noqa: B018


def test_edit_page_of_a_draft(role_client, draft):
    role, client = role_client
    response = client.get(reverse("members:letter-update", args=[draft.pk]))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in CAN_SEE_PRIVATE else 404)


def test_edit_page_of_a_published_letter(role_client, published):
    role, client = role_client
    response = client.get(reverse("members:letter-update", args=[published.pk]))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in CAN_SEE_PRIVATE:
        # Allowed to edit letters of this government, but this one is no longer editable.
        assert response.status_code == 302 and response["Location"] == published.get_absolute_url()
    else:
        assert response.status_code == 403


def test_submit(role_client, draft):
    role, client = role_client
    url = reverse("members:letter-submit", args=[draft.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in CAN_SEE_PRIVATE:
        # France has no eligibility assessment: refused, with the reason.
        assert response.status_code == 400
        assert "no eligibility assessment yet" in response.text
    else:
        assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == LetterStatus.DRAFT


def test_submit_of_a_published_letter_by_an_outsider_is_403(role_client, published):
    role, client = role_client
    response = client.post(reverse("members:letter-submit", args=[published.pk]))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role not in CAN_SEE_PRIVATE:
        assert response.status_code == 403


def test_create_page(role_client, government):
    role, client = role_client
    response = client.get(reverse("members:letter-create", args=[government.slug]))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in CAN_SEE_PRIVATE else 403)


def test_create_by_post(role_client, government):
    role, client = role_client
    response = client.post(reverse("members:letter-create", args=[government.slug]), form_data())
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in CAN_SEE_PRIVATE:
        letter = LetterOfIntent.objects.get()
        assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    else:
        assert response.status_code == 403
    assert LetterOfIntent.objects.count() == (1 if role in CAN_SEE_PRIVATE else 0)


def test_local_governments_get_no_letter_form(staff):
    local = GovernmentFactory(local=True)
    assert client_for(staff).get(reverse("members:letter-create", args=[local.slug])).status_code == 403


def test_unknown_government_is_404(client, staff):
    assert client_for(staff).get(reverse("members:letter-create", args=["nowhere"])).status_code == 404


def test_list_is_public(role_client, draft, published):
    role, client = role_client
    response = client.get(reverse("members:letter-list"))
    assert response.status_code == 200
    assert response.text.count(f'href="{reverse("members:letter-detail", args=[published.pk])}"') == 1
    assert f'href="{reverse("members:letter-file", args=[published.pk])}"' in response.text
    assert f'href="{reverse("members:letter-detail", args=[draft.pk])}"' not in response.text


def test_review_queue(role_client, draft):
    role, client = role_client
    response = client.get(reverse("members:letter-review-queue"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role == "staff" else 403)


STAFF_ACTIONS = ["letter-start-review", "letter-accept", "letter-return", "letter-publish"]


@pytest.mark.parametrize("name", STAFF_ACTIONS)
def test_staff_actions(role_client, draft, name):
    role, client = role_client
    url = reverse(f"members:{name}", args=[draft.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": "Not signed"})
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role == "staff":
        # A draft cannot be reviewed, accepted, returned or published: refused, nothing changes.
        assert response.status_code in (302, 400)
    else:
        assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == LetterStatus.DRAFT
    assert not AuditEntry.objects.for_object(draft).exclude(action="letter.created").exists()


# --- Government page -----------------------------------------------------------------------


def test_government_page_lists_the_letters_a_user_may_see(role_client, government, draft, published):
    role, client = role_client
    response = client.get(reverse("members:government-detail", args=[government.slug]))
    assert response.status_code == 200
    assert "Letters of intent" in response.text
    assert reverse("members:letter-detail", args=[published.pk]) in response.text
    assert reverse("members:letter-file", args=[published.pk]) in response.text
    assert (reverse("members:letter-detail", args=[draft.pk]) in response.text) == (role in CAN_SEE_PRIVATE)
    assert ("Draft a letter of intent" in response.text) == (role in CAN_SEE_PRIVATE)


def test_local_government_page_has_no_draft_button(staff):
    local = GovernmentFactory(local=True)
    response = client_for(staff).get(reverse("members:government-detail", args=[local.slug]))
    assert "Draft a letter of intent" not in response.text


# --- Drafting, uploads and the eligibility gate through the pages -------------------------------


def test_a_point_of_contact_drafts_a_letter(joining, joining_poc):
    client = client_for(joining_poc)
    page = client.get(reverse("members:letter-create", args=[joining.slug]))
    assert "addressed to the co-chairs" in page.text  # help text from OGP's rules
    response = client.post(
        reverse("members:letter-create", args=[joining.slug]), {**form_data(), "signed_letter": pdf_upload()}
    )
    letter = LetterOfIntent.objects.get()
    assert response.status_code == 302
    assert letter.government == joining and letter.signatory_name == "Nino Lomidze"
    assert letter.signed_letter.name.startswith("letters/")
    # A second draft is not started: the one in progress opens instead.
    again = client.get(reverse("members:letter-create", args=[joining.slug]))
    assert again.status_code == 302 and again["Location"] == letter.get_absolute_url()


BAD_UPLOADS = {
    "renamed text file": (b"Dear co-chairs, this is plain text.", "This is not a PDF file."),
    "empty": (b"", "The submitted file is empty."),
    "oversized": (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "The file is larger than 10 MB."),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_upload_is_refused_and_the_typed_text_is_kept(joining, joining_poc, kind):
    content, message = BAD_UPLOADS[kind]
    upload = SimpleUploadedFile("letter.pdf", content, content_type="application/pdf")
    data = {**form_data(past_reforms="Our very own typed reforms text"), "signed_letter": upload}
    response = client_for(joining_poc).post(reverse("members:letter-create", args=[joining.slug]), data)
    assert response.status_code == 200
    assert message in response.text
    assert "Our very own typed reforms text" in response.text
    assert 'value="Nino Lomidze"' in response.text
    assert not LetterOfIntent.objects.exists()


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_upload_on_edit_changes_nothing(joining, joining_poc, kind):
    letter = complete_letter(joining, joining_poc)
    content, message = BAD_UPLOADS[kind]
    upload = SimpleUploadedFile("letter.pdf", content, content_type="application/pdf")
    data = {**form_data(past_reforms="Edited text"), "version": 1, "signed_letter": upload}
    response = client_for(joining_poc).post(reverse("members:letter-update", args=[letter.pk]), data)
    assert response.status_code == 200
    assert message in response.text and "Edited text" in response.text
    letter.refresh_from_db()
    assert letter.past_reforms == COMPLETE["past_reforms"] and letter.version == 1


def test_an_invalid_email_re_renders_and_changes_nothing(joining, joining_poc):
    letter = complete_letter(joining, joining_poc)
    data = {**form_data(responsible_person_email="not an email", past_reforms="Kept"), "version": 1}
    response = client_for(joining_poc).post(reverse("members:letter-update", args=[letter.pk]), data)
    assert response.status_code == 200 and "Enter a valid email address." in response.text and "Kept" in response.text
    letter.refresh_from_db()
    assert letter.version == 1


def test_the_edit_form_keeps_the_stored_pdf_when_no_new_file_is_chosen(joining, joining_poc):
    letter = complete_letter(joining, joining_poc)
    stored = letter.signed_letter.name
    data = {**form_data(signatory_title="Minister of State"), "version": 1}
    response = client_for(joining_poc).post(reverse("members:letter-update", args=[letter.pk]), data)
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.signatory_title == "Minister of State" and letter.signed_letter.name == stored
    assert letter.version == 2


def test_two_people_editing_at_once_lose_nothing(joining, joining_poc, staff):
    letter = complete_letter(joining, joining_poc)
    url = reverse("members:letter-update", args=[letter.pk])
    alice, bob = client_for(joining_poc), client_for(staff)
    # Both open the form at version 1.
    assert 'name="version" value="1"' in alice.get(url).text
    assert 'name="version" value="1"' in bob.get(url).text

    saved = alice.post(url, {**form_data(past_reforms="Alice's reforms"), "version": 1})
    assert saved.status_code == 302

    refused = bob.post(url, {**form_data(past_reforms="Bob's reforms", lead_agency="Bob's agency"), "version": 1})
    assert refused.status_code == 409
    text = refused.text
    assert "Your changes have not been saved" in text
    assert "Bob&#x27;s reforms" in text and "Bob&#x27;s agency" in text  # his own text, still in the form
    assert "Alice&#x27;s reforms" in text  # what the other person saved, field by field
    assert "Past open government reforms" in text and "Lead ministry or agency" in text
    assert "joining_poc saved this letter" in text
    letter.refresh_from_db()
    assert letter.past_reforms == "Alice's reforms" and letter.lead_agency == COMPLETE["lead_agency"]
    assert letter.version == 2
    # Having seen both, Bob saves deliberately over the current version.
    assert 'name="version" value="2"' in text
    again = bob.post(url, {**form_data(past_reforms="Alice's and Bob's reforms"), "version": 2})
    assert again.status_code == 302
    letter.refresh_from_db()
    assert letter.past_reforms == "Alice's and Bob's reforms" and letter.version == 3


def test_submitting_a_letter_of_a_government_not_eligible_explains_why(joining, joining_poc):
    make_eligible(joining, ati_law="none", asset_disclosure="none")
    letter = complete_letter(joining, joining_poc)
    response = client_for(joining_poc).post(reverse("members:letter-submit", args=[letter.pk]))
    assert response.status_code == 400
    text = response.text
    assert "The letter could not be submitted; it is still a draft." in text
    assert "is not eligible to join OGP" in text
    assert "Why the government is not eligible (2025 assessment)" in text
    assert "Access to information" in text and "Asset disclosure" in text
    assert "0 of 4 points" in text
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_submitting_an_incomplete_letter_lists_what_is_missing(joining, joining_poc):
    make_eligible(joining)
    letter = LetterOfIntent.objects.create_draft(joining, {"signatory_name": "Nino"}, by=joining_poc)
    response = client_for(joining_poc).post(reverse("members:letter-submit", args=[letter.pk]))
    assert response.status_code == 400
    assert "The letter is not complete. Still missing:" in response.text
    assert "signed letter (PDF)" in response.text


def test_double_submit_through_the_page_submits_once(joining, joining_poc, staff, django_capture_on_commit_callbacks):
    make_eligible(joining)
    letter = complete_letter(joining, joining_poc)
    mail.outbox.clear()
    client = client_for(joining_poc)
    url = reverse("members:letter-submit", args=[letter.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, follow=True)
    assert "has been submitted to the OGP Support Unit" in first.text
    assert "already submitted" in second.text
    assert AuditEntry.objects.for_object(letter).filter(action="letter.submitted").count() == 1
    assert len([m for m in mail.outbox if "submitted a letter of intent" in m.subject]) == 1


# --- Support Unit pages --------------------------------------------------------------------


@pytest.fixture
def under_review(joining, joining_poc, staff):
    make_eligible(joining)
    letter = complete_letter(joining, joining_poc)
    letter.submit(by=joining_poc)
    letter.start_review(by=staff)
    return letter


def test_the_accept_form_offers_support_unit_staff_only(under_review, staff, joining_poc):
    response = client_for(staff).get(under_review.get_absolute_url())
    assert f'<option value="{staff.pk}"' in response.text
    assert f'<option value="{joining_poc.pk}"' not in response.text
    refused = client_for(staff).post(
        reverse("members:letter-accept", args=[under_review.pk]), {"support_contact": joining_poc.pk}
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.text
    under_review.refresh_from_db()
    assert under_review.status == LetterStatus.UNDER_REVIEW


def test_staff_accept_through_the_page(under_review, staff, joining, django_capture_on_commit_callbacks):
    contact = UserFactory(username="ana", first_name="Ana")
    make_support_unit_staff(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("members:letter-accept", args=[under_review.pk]), {"support_contact": contact.pk}, follow=True
        )
    assert "is now a member of OGP" in response.text
    joining.refresh_from_db()
    under_review.refresh_from_db()
    assert under_review.status == LetterStatus.ACCEPTED and under_review.support_contact == contact
    assert joining.status == MembershipStatus.MEMBER


def test_return_needs_reasons_and_keeps_nothing_half_done(under_review, staff):
    url = reverse("members:letter-return", args=[under_review.pk])
    refused = client_for(staff).post(url, {"reason": "   "})
    assert refused.status_code == 400 and "This field is required." in refused.text
    under_review.refresh_from_db()
    assert under_review.status == LetterStatus.UNDER_REVIEW
    done = client_for(staff).post(url, {"reason": "Please attach the signed page."}, follow=True)
    assert "returned to the government" in done.text
    under_review.refresh_from_db()
    assert under_review.status == LetterStatus.RETURNED


def test_a_refused_transition_is_explained(under_review, staff):
    response = client_for(staff).post(reverse("members:letter-publish", args=[under_review.pk]), follow=True)
    assert "Only an accepted letter can be published" in response.text


def test_the_review_queue_shows_waiting_time_and_eligibility(under_review, staff, government):
    draft = complete_letter(government, staff)
    response = client_for(staff).get(reverse("members:letter-review-queue"))
    text = response.text
    assert "Georgia" in text and "Under review" in text
    assert "Waiting for" in text and "minute" in text
    assert "Eligibility 2025: 16 of 16 points." in text
    assert "How it was scored" in text
    assert reverse("members:letter-detail", args=[draft.pk]) not in text


def test_staff_home_counts_waiting_letters(under_review, staff):
    response = client_for(staff).get(reverse("members:staff-home"))
    assert "1 letter waiting for review." in response.text
    assert reverse("members:letter-review-queue") in response.text


def test_the_nav_links_to_the_public_list(client):
    response = client.get(reverse("members:letter-list"))
    assert f'href="{reverse("members:letter-list")}">Letters of intent' in response.text


# --- Query budgets ---------------------------------------------------------------------------


def test_public_list_query_budget(client, staff, django_assert_max_num_queries):
    for _ in range(12):
        complete_letter(GovernmentFactory(), staff, status=LetterStatus.PUBLISHED)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("members:letter-list"))
    assert response.text.count("Nino Lomidze") == 12


def test_review_queue_query_budget(staff, django_assert_max_num_queries):
    for _ in range(8):
        government = GovernmentFactory(status=MembershipStatus.ELIGIBLE)
        letter = complete_letter(government, staff, status=LetterStatus.SUBMITTED)
        LetterOfIntent.objects.filter(pk=letter.pk).update(submitted_by=staff)
    make_eligible(Government.objects.filter(status=MembershipStatus.ELIGIBLE).first())
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:letter-review-queue"))
    assert response.text.count("Start the review") == 8


def test_government_page_query_budget_with_letters(client, government, staff, django_assert_max_num_queries):
    for _ in range(5):
        complete_letter(government, staff, status=LetterStatus.PUBLISHED)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("members:government-detail", args=[government.slug]))
    assert response.text.count("signed letter (PDF)") == 5


def test_a_second_tab_starting_a_letter_keeps_its_text(joining, joining_poc):
    client = client_for(joining_poc)
    url = reverse("members:letter-create", args=[joining.slug])
    client.post(url, form_data())
    response = client.post(url, form_data(past_reforms="Typed in the second tab"))
    assert response.status_code == 200
    assert "Georgia already has a letter of intent in progress." in response.text
    assert "Typed in the second tab" in response.text
    assert reverse("members:letter-detail", args=[LetterOfIntent.objects.get().pk]) in response.text
    assert LetterOfIntent.objects.count() == 1


def test_editing_a_letter_submitted_meanwhile_is_refused_and_keeps_the_text(joining, joining_poc):
    make_eligible(joining)
    letter = complete_letter(joining, joining_poc)
    letter.submit(by=joining_poc)
    data = {**form_data(past_reforms="Typed before noticing"), "version": 1}
    response = client_for(joining_poc).post(reverse("members:letter-update", args=[letter.pk]), data)
    assert response.status_code == 200
    assert "can no longer be edited" in response.text and "Typed before noticing" in response.text
    letter.refresh_from_db()
    assert letter.past_reforms == COMPLETE["past_reforms"] and letter.status == LetterStatus.SUBMITTED
