"""Letters of intent: every transition allowed and refused, the eligibility gate, audit rows and emails."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from members.models import (
    AuditEntry,
    EligibilityAssessment,
    Government,
    IndicatorObservation,
    LetterOfIntent,
    LetterStatus,
    MembershipStatus,
    StatusChange,
    Subscription,
)
from members.models.letters import LetterVersionConflict
from members.tests.factories import GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
ELIGIBLE_OBSERVATIONS = {
    "budget_proposal": "publicly_available",
    "audit_report": "publicly_available",
    "ati_law": "law",
    "asset_disclosure": "law_public_access",
    "civil_liberties": "9",
    "cso_entry_exit": "3.5",
    "cso_repression": "3.5",
}


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def make_eligible(government: Government, *, year: int = YEAR, **changes: str) -> EligibilityAssessment:
    for indicator, value in {**ELIGIBLE_OBSERVATIONS, **changes}.items():
        IndicatorObservation.objects.update_or_create(
            government=government, indicator=indicator, year=year, defaults={"value": value}
        )
    EligibilityAssessment.objects.recompute(year)
    return government.eligibility_assessments.get(year=year)


COMPLETE = {
    "signatory_name": "Nino Lomidze",
    "signatory_title": "Minister of Justice",
    "signatory_is_minister_level": True,
    "has_head_of_government_authorisation": True,
    "endorses_declaration": True,
    "past_reforms": "Public service hall; open budget portal.",
    "lead_agency": "Ministry of Justice",
    "responsible_person_name": "Giorgi Beridze",
    "responsible_person_title": "Head of the OGP secretariat",
    "responsible_person_email": "giorgi@example.org",
}


@pytest.fixture
def joining(db):
    """A national government that is not a member yet and has just become eligible."""
    return GovernmentFactory(iso3="GEO", slug="geo", name="Georgia", status=MembershipStatus.ELIGIBLE)


@pytest.fixture
def joining_poc(joining, staff, django_capture_on_commit_callbacks):
    user = UserFactory(username="joining_poc")
    with django_capture_on_commit_callbacks(execute=True):
        joining.grant_point_of_contact(user, by=staff)
    return user


def complete_letter(government: Government, by, **overrides) -> LetterOfIntent:
    """A complete letter with a real PDF: a draft made as the form makes it, or one set straight in a later status."""
    if not overrides:
        return LetterOfIntent.objects.create_draft(government, {**COMPLETE, "signed_letter": pdf_upload()}, by=by)
    if overrides.get("status") == LetterStatus.PUBLISHED:
        overrides.setdefault("published_at", timezone.now())
    letter = LetterOfIntent(government=government, created_by=by, **{**COMPLETE, **overrides})
    letter.signed_letter.save("letter.pdf", pdf_upload(), save=False)
    letter.save()
    return letter


def letter_emails(prefix: str) -> list:
    return [message for message in mail.outbox if prefix in message.subject]


@pytest.fixture
def eligible_letter(joining, joining_poc):
    make_eligible(joining)
    mail.outbox.clear()
    return complete_letter(joining, joining_poc)


# --- The table: every status x every method -------------------------------------------------

METHODS = {
    "submit": (lambda letter, staff, poc: letter.submit(by=poc)),
    "start_review": (lambda letter, staff, poc: letter.start_review(by=staff)),
    "accept": (lambda letter, staff, poc: letter.accept(by=staff, support_contact=staff)),
    "return_to_government": (lambda letter, staff, poc: letter.return_to_government(by=staff, reason="Unsigned")),
    "publish": (lambda letter, staff, poc: letter.publish(by=staff)),
}
ALLOWED = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "start_review"): "under_review",
    ("under_review", "accept"): "accepted",
    ("submitted", "return_to_government"): "returned",
    ("under_review", "return_to_government"): "returned",
    ("accepted", "publish"): "published",
}
TABLE = [(status, method) for status in LetterStatus.values for method in METHODS]


@pytest.mark.parametrize(("status", "method"), TABLE, ids=[f"{s}-{m}" for s, m in TABLE])
def test_every_transition_is_allowed_or_refused(eligible_letter, joining, staff, joining_poc, status, method):
    # The government's status as it would be with a letter in this status.
    government_status = {
        "submitted": MembershipStatus.LETTER_SUBMITTED,
        "under_review": MembershipStatus.LETTER_SUBMITTED,
        "accepted": MembershipStatus.MEMBER,
        "published": MembershipStatus.MEMBER,
    }.get(status, MembershipStatus.ELIGIBLE)
    Government.objects.filter(pk=joining.pk).update(status=government_status)
    LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(status=status)
    eligible_letter.refresh_from_db()
    audit_before = AuditEntry.objects.for_object(eligible_letter).count()

    if (status, method) in ALLOWED:
        result = METHODS[method](eligible_letter, staff, joining_poc)
        eligible_letter.refresh_from_db()
        assert eligible_letter.status == ALLOWED[(status, method)]
        entry = AuditEntry.objects.for_object(eligible_letter).first()
        assert entry.action.startswith("letter.")
        assert entry.data["from_status"] == status
        assert entry.data["to_status"] == ALLOWED[(status, method)]
        if method == "submit":
            assert result is True
    elif (status, method) == ("submitted", "submit"):
        # A second submission (double click, second tab) is a quiet no-op.
        assert METHODS[method](eligible_letter, staff, joining_poc) is False
        eligible_letter.refresh_from_db()
        assert eligible_letter.status == status
        assert AuditEntry.objects.for_object(eligible_letter).count() == audit_before
    else:
        with pytest.raises(ValidationError):
            METHODS[method](eligible_letter, staff, joining_poc)
        eligible_letter.refresh_from_db()
        assert eligible_letter.status == status
        assert AuditEntry.objects.for_object(eligible_letter).count() == audit_before


# --- Submission ---------------------------------------------------------------------------


def test_submit_moves_the_letter_and_the_government_and_tells_the_support_unit(
    eligible_letter, joining, joining_poc, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert eligible_letter.submit(by=joining_poc) is True
    eligible_letter.refresh_from_db()
    joining.refresh_from_db()
    assert eligible_letter.status == LetterStatus.SUBMITTED
    assert eligible_letter.submitted_by == joining_poc and eligible_letter.submitted_at
    assert joining.status == MembershipStatus.LETTER_SUBMITTED
    change = StatusChange.objects.get(government=joining)
    assert (change.from_status, change.to_status, change.actor) == ("eligible", "letter_submitted", joining_poc)
    entry = AuditEntry.objects.for_object(eligible_letter).get(action="letter.submitted")
    assert entry.actor == joining_poc and entry.data["assessment_year"] == YEAR
    submitted = letter_emails("submitted a letter of intent")
    assert [message.to for message in submitted] == [[staff.email]]
    assert "Nino Lomidze" in submitted[0].body


def test_submitting_twice_submits_once(eligible_letter, joining_poc, django_capture_on_commit_callbacks):
    # Two tabs (or a double click) loaded the same draft before either submitted.
    first_tab = LetterOfIntent.objects.get(pk=eligible_letter.pk)
    second_tab = LetterOfIntent.objects.get(pk=eligible_letter.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert first_tab.submit(by=joining_poc) is True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert second_tab.submit(by=joining_poc) is False
    assert callbacks == []
    assert second_tab.status == LetterStatus.SUBMITTED
    assert AuditEntry.objects.for_object(eligible_letter).filter(action="letter.submitted").count() == 1
    assert len(letter_emails("submitted a letter of intent")) == 1
    assert StatusChange.objects.filter(to_status="letter_submitted").count() == 1


def test_a_government_still_not_a_member_keeps_its_status(eligible_letter, joining, joining_poc):
    Government.objects.filter(pk=joining.pk).update(status=MembershipStatus.NOT_MEMBER)
    eligible_letter.submit(by=joining_poc)
    joining.refresh_from_db()
    assert joining.status == MembershipStatus.NOT_MEMBER
    assert not StatusChange.objects.exists()


def test_an_incomplete_letter_is_not_submitted_and_says_what_is_missing(joining, joining_poc):
    make_eligible(joining)
    letter = LetterOfIntent.objects.create_draft(joining, {"signatory_name": "Nino"}, by=joining_poc)
    with pytest.raises(ValidationError) as error:
        letter.submit(by=joining_poc)
    assert [item.code for item in error.value.error_list] == ["incomplete"]
    message = error.value.messages[0]
    for label in ("signatory's title", "minister-level", "Open Government Declaration", "signed letter (PDF)"):
        assert label in message
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert not AuditEntry.objects.for_object(letter).filter(action="letter.submitted").exists()


def test_each_required_item_is_required(eligible_letter, joining_poc):
    for field in ("signatory_name", "signatory_title", "past_reforms", "lead_agency", "responsible_person_name"):
        LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(**{field: ""})
        with pytest.raises(ValidationError):
            eligible_letter.submit(by=joining_poc)
        LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(**{field: COMPLETE[field]})
    for field in ("signatory_is_minister_level", "has_head_of_government_authorisation", "endorses_declaration"):
        LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(**{field: False})
        with pytest.raises(ValidationError):
            eligible_letter.submit(by=joining_poc)
        LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(**{field: True})
    LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(signed_letter="")
    with pytest.raises(ValidationError):
        eligible_letter.submit(by=joining_poc)
    eligible_letter.refresh_from_db()
    assert eligible_letter.status == LetterStatus.DRAFT


def test_a_government_not_eligible_cannot_submit(joining, joining_poc):
    make_eligible(joining, ati_law="none", asset_disclosure="none")
    letter = complete_letter(joining, joining_poc)
    with pytest.raises(ValidationError) as error:
        letter.submit(by=joining_poc)
    assert [item.code for item in error.value.error_list] == ["not_eligible"]
    assert "not eligible" in error.value.messages[0]
    letter.refresh_from_db()
    joining.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert joining.status != MembershipStatus.LETTER_SUBMITTED


def test_only_the_latest_assessment_counts(joining, joining_poc):
    make_eligible(joining, year=2024)
    make_eligible(joining, year=2025, ati_law="none", asset_disclosure="none")
    letter = complete_letter(joining, joining_poc)
    with pytest.raises(ValidationError) as error:
        letter.submit(by=joining_poc)
    assert "(2025)" in error.value.messages[0]


def test_a_government_without_assessment_cannot_submit(joining, joining_poc):
    letter = complete_letter(joining, joining_poc)
    with pytest.raises(ValidationError) as error:
        letter.submit(by=joining_poc)
    assert [item.code for item in error.value.error_list] == ["no_assessment"]
    assert "no eligibility assessment yet" in error.value.messages[0]


def test_a_returned_letter_can_be_submitted_again(eligible_letter, joining_poc, staff):
    eligible_letter.submit(by=joining_poc)
    eligible_letter.return_to_government(by=staff, reason="The signature is missing.")
    eligible_letter.save_draft(
        {"signatory_title": "Minister"}, expected_version=eligible_letter.version, by=joining_poc
    )
    assert eligible_letter.submit(by=joining_poc) is True
    eligible_letter.refresh_from_db()
    assert eligible_letter.status == LetterStatus.SUBMITTED
    assert eligible_letter.signatory_title == "Minister"


# --- Review and decision ---------------------------------------------------------------------


@pytest.fixture
def submitted_letter(eligible_letter, joining_poc):
    eligible_letter.submit(by=joining_poc)
    mail.outbox.clear()
    return eligible_letter


def test_start_review_tells_the_points_of_contact_once(
    submitted_letter, staff, joining_poc, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_letter.start_review(by=staff)
    submitted_letter.refresh_from_db()
    assert submitted_letter.status == LetterStatus.UNDER_REVIEW
    assert submitted_letter.reviewer == staff and submitted_letter.review_started_at
    assert [message.to for message in mail.outbox] == [[joining_poc.email]]
    assert "under review" in mail.outbox[0].subject
    with pytest.raises(ValidationError):
        submitted_letter.start_review(by=staff)
    assert len(mail.outbox) == 1


def test_accept_makes_the_government_a_member_and_names_the_support_contact(
    submitted_letter, joining, staff, joining_poc, django_capture_on_commit_callbacks
):
    contact = UserFactory(username="country_support", first_name="Ana", last_name="Costa")
    from members.roles import make_support_unit_staff

    make_support_unit_staff(contact)
    submitted_letter.start_review(by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_letter.accept(by=staff, support_contact=contact)
    submitted_letter.refresh_from_db()
    joining.refresh_from_db()
    assert submitted_letter.status == LetterStatus.ACCEPTED
    assert submitted_letter.support_contact == contact and submitted_letter.decided_at
    assert joining.status == MembershipStatus.MEMBER
    assert joining.member_since == submitted_letter.decided_at.year
    change = StatusChange.objects.filter(government=joining).first()
    assert (change.from_status, change.to_status, change.actor) == ("letter_submitted", "member", staff)
    accepted = letter_emails("is accepted")
    assert [message.to for message in accepted] == [[joining_poc.email]]
    assert "Ana Costa" in accepted[0].body and contact.email in accepted[0].body
    entry = AuditEntry.objects.for_object(submitted_letter).get(action="letter.accepted")
    assert entry.data["support_contact"] == "country_support"


def test_accept_keeps_an_earlier_member_since(submitted_letter, joining, staff):
    Government.objects.filter(pk=joining.pk).update(member_since=2012)
    submitted_letter.start_review(by=staff)
    submitted_letter.accept(by=staff, support_contact=staff)
    joining.refresh_from_db()
    assert joining.member_since == 2012


def test_accept_of_a_government_still_eligible_records_the_letter_step_first(submitted_letter, joining, staff):
    submitted_letter.start_review(by=staff)
    Government.objects.filter(pk=joining.pk).update(status=MembershipStatus.ELIGIBLE)
    submitted_letter.accept(by=staff, support_contact=staff)
    joining.refresh_from_db()
    assert joining.status == MembershipStatus.MEMBER
    steps = list(StatusChange.objects.filter(government=joining).order_by("pk").values_list("from_status", "to_status"))
    assert steps[-2:] == [("eligible", "letter_submitted"), ("letter_submitted", "member")]


def test_accept_of_a_government_not_joining_is_refused(submitted_letter, joining, staff):
    submitted_letter.start_review(by=staff)
    Government.objects.filter(pk=joining.pk).update(status=MembershipStatus.NOT_MEMBER)
    with pytest.raises(ValidationError) as error:
        submitted_letter.accept(by=staff, support_contact=staff)
    assert error.value.code == "government_status"
    submitted_letter.refresh_from_db()
    joining.refresh_from_db()
    assert submitted_letter.status == LetterStatus.UNDER_REVIEW
    assert joining.status == MembershipStatus.NOT_MEMBER


def test_the_support_contact_must_be_support_unit_staff(submitted_letter, staff, joining_poc):
    submitted_letter.start_review(by=staff)
    with pytest.raises(ValidationError) as error:
        submitted_letter.accept(by=staff, support_contact=joining_poc)
    assert error.value.code == "not_support_unit"
    submitted_letter.refresh_from_db()
    assert submitted_letter.status == LetterStatus.UNDER_REVIEW


@pytest.mark.parametrize("review_first", [False, True])
def test_return_sends_the_letter_back_with_reasons(
    submitted_letter, joining, staff, joining_poc, review_first, django_capture_on_commit_callbacks
):
    if review_first:
        submitted_letter.start_review(by=staff)
        mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_letter.return_to_government(by=staff, reason="  The letter is not signed.  ")
    submitted_letter.refresh_from_db()
    joining.refresh_from_db()
    assert submitted_letter.status == LetterStatus.RETURNED
    assert submitted_letter.is_editable
    assert submitted_letter.return_reason == "The letter is not signed."
    assert joining.status == MembershipStatus.ELIGIBLE
    returned = letter_emails("was returned")
    assert [message.to for message in returned] == [[joining_poc.email]]
    assert "The letter is not signed." in returned[0].body
    entry = AuditEntry.objects.for_object(submitted_letter).get(action="letter.returned")
    assert entry.actor == staff and entry.data["reason"] == "The letter is not signed."


def test_return_needs_a_reason(submitted_letter, staff):
    with pytest.raises(ValidationError) as error:
        submitted_letter.return_to_government(by=staff, reason="   ")
    assert error.value.code == "reason_required"
    submitted_letter.refresh_from_db()
    assert submitted_letter.status == LetterStatus.SUBMITTED


def test_publish_tells_points_of_contact_and_followers(
    submitted_letter, joining, staff, joining_poc, civil, django_capture_on_commit_callbacks
):
    Subscription.objects.create(user=civil, government=joining)
    submitted_letter.start_review(by=staff)
    submitted_letter.accept(by=staff, support_contact=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_letter.publish(by=staff)
    submitted_letter.refresh_from_db()
    assert submitted_letter.status == LetterStatus.PUBLISHED and submitted_letter.published_at
    published = letter_emails("letter of intent published")
    assert sorted(message.to[0] for message in published) == sorted([joining_poc.email, civil.email])
    follower = next(message for message in published if message.to == [civil.email])
    assert "/unsubscribe/" in follower.body
    with pytest.raises(ValidationError):
        submitted_letter.publish(by=staff)


def test_nothing_is_sent_when_the_transaction_rolls_back(submitted_letter, staff, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submitted_letter.start_review(by=staff)
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    submitted_letter.refresh_from_db()
    assert submitted_letter.status == LetterStatus.SUBMITTED


def test_the_notice_tasks_do_nothing_for_a_letter_that_moved_on(submitted_letter, staff):
    from members import tasks

    tasks.send_letter_returned_notice(submitted_letter.pk)
    tasks.send_letter_published_notice(submitted_letter.pk)
    tasks.send_letter_accepted_notice(999999)
    assert mail.outbox == []


# --- Drafts: creation and optimistic concurrency --------------------------------------------


def test_create_draft_is_audited_and_stores_the_pdf_under_a_random_name(joining, joining_poc):
    letter = LetterOfIntent.objects.create_draft(
        joining, {**COMPLETE, "signed_letter": pdf_upload("Secret plan.pdf")}, by=joining_poc
    )
    assert letter.status == LetterStatus.DRAFT and letter.version == 1
    assert letter.created_by == joining_poc
    assert letter.signed_letter.name.startswith("letters/") and "Secret" not in letter.signed_letter.name
    assert letter.signed_letter.storage.exists(letter.signed_letter.name)
    assert AuditEntry.objects.for_object(letter).get().action == "letter.created"


def test_a_government_has_one_open_letter_at_a_time(joining, joining_poc):
    LetterOfIntent.objects.create_draft(joining, {}, by=joining_poc)
    with pytest.raises(ValidationError) as error:
        LetterOfIntent.objects.create_draft(joining, {}, by=joining_poc)
    assert error.value.code == "letter_in_progress"
    assert LetterOfIntent.objects.count() == 1


def test_local_governments_do_not_write_letters_of_intent(staff):
    local = GovernmentFactory(local=True)
    with pytest.raises(ValidationError) as error:
        LetterOfIntent.objects.create_draft(local, {}, by=staff)
    assert error.value.code == "not_national"


def test_save_draft_bumps_the_version_and_records_what_changed(eligible_letter, joining_poc):
    eligible_letter.save_draft(
        {**COMPLETE, "signatory_title": "Deputy Prime Minister"}, expected_version=1, by=joining_poc
    )
    assert eligible_letter.version == 2 and eligible_letter.signatory_title == "Deputy Prime Minister"
    entry = AuditEntry.objects.for_object(eligible_letter).get(action="letter.edited")
    assert entry.data == {"version": 2, "changed_fields": ["signatory_title"]}


def test_save_draft_with_an_old_version_changes_nothing(eligible_letter, joining_poc, staff):
    mine = LetterOfIntent.objects.get(pk=eligible_letter.pk)
    theirs = LetterOfIntent.objects.get(pk=eligible_letter.pk)
    theirs.save_draft({"past_reforms": "Their reforms"}, expected_version=1, by=staff)
    with pytest.raises(LetterVersionConflict) as error:
        mine.save_draft(
            {"past_reforms": "My reforms", "signed_letter": pdf_upload()}, expected_version=1, by=joining_poc
        )
    assert error.value.current.past_reforms == "Their reforms"
    assert error.value.current.version == 2
    eligible_letter.refresh_from_db()
    assert eligible_letter.past_reforms == "Their reforms" and eligible_letter.version == 2
    assert AuditEntry.objects.for_object(eligible_letter).filter(action="letter.edited").count() == 1
    # The refused upload was not left behind in private storage.
    stored = eligible_letter.signed_letter.storage.listdir("letters")[1]
    assert stored == [eligible_letter.signed_letter.name.split("/")[1]]


def test_a_new_pdf_replaces_the_old_file(eligible_letter, joining_poc, django_capture_on_commit_callbacks):
    old = eligible_letter.signed_letter.name
    with django_capture_on_commit_callbacks(execute=True):
        eligible_letter.save_draft({"signed_letter": pdf_upload()}, expected_version=1, by=joining_poc)
    assert eligible_letter.signed_letter.name != old
    storage = eligible_letter.signed_letter.storage
    assert storage.exists(eligible_letter.signed_letter.name) and not storage.exists(old)


@pytest.mark.parametrize("status", ["submitted", "under_review", "accepted", "published"])
def test_only_drafts_and_returned_letters_can_be_edited(eligible_letter, joining_poc, status):
    LetterOfIntent.objects.filter(pk=eligible_letter.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        eligible_letter.save_draft({"past_reforms": "Changed"}, expected_version=1, by=joining_poc)
    assert error.value.code == "not_editable"
    eligible_letter.refresh_from_db()
    assert eligible_letter.past_reforms == COMPLETE["past_reforms"] and eligible_letter.version == 1


def test_visible_to(eligible_letter, joining_poc, poc, staff, civil):
    from django.contrib.auth.models import AnonymousUser

    published = complete_letter(GovernmentFactory(), staff, status=LetterStatus.PUBLISHED)
    assert set(LetterOfIntent.objects.visible_to(joining_poc)) == {eligible_letter, published}
    assert set(LetterOfIntent.objects.visible_to(staff)) == {eligible_letter, published}
    for user in (poc, civil, AnonymousUser()):
        assert set(LetterOfIntent.objects.visible_to(user)) == {published}
