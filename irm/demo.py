"""Demo IRM reviews and accountability for `seed_demo`, on the plans `action_plans.demo` created.

France: its ended third plan has a published action plan review (older method, with a starred
commitment) and a published results report; its fourth plan a published action plan review with
comments and answers, and a results report the demo researcher ("irm") is researching now.
Mexico: an earlier (fourth) plan whose published review found the co-creation minimum requirements
not met and whose results report is overdue; then no plan for more than a year and its late fifth
plan, so the accountability rules place it under procedural review; the fifth plan's results report
is in public comment from today for three weeks. Guatemala has a public Response Policy case at stage one.

Idempotent: each review (plan and kind) and the case are created once, then left as they are.
Every step goes through the model methods, which refuse what the real process would. Past steps run
today and are then dated to the day the story has them happen: the rows' dates and their audit
entries (a comment period that closed long ago is moved there before `finalise`, which then judges
it as it would have). Nobody is emailed: as in `action_plans.demo`, the story is not news.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from action_plans.demo import DemoCommitment, moment, seed_ended_plan
from action_plans.models import ActionPlan, MilestoneStatus, OGPValue
from members.models import AuditEntry, Government, Organisation, User

from .accountability import recompute_all
from .models import (
    CaseStatus,
    CaseStep,
    CommitmentAssessment,
    FilerType,
    ResearcherAssignment,
    ResponsePolicyCase,
    Review,
    ReviewComment,
    ReviewKind,
)

APR, RESULTS = ReviewKind.ACTION_PLAN_REVIEW, ReviewKind.RESULTS_REPORT
MET = {"forum_meets_regularly": "yes", "forum_rules_public": "yes", "repository_public": "yes"}
# Days after a past review started on which each of its steps happened.
ASSESSED, SHARED, GOVERNMENT_COMMENTED, OPENED, CLOSED = 15, 40, 45, 50, 70
ANSWERED, FINALISED, REVISED, PUBLISHED = CLOSED + 3, CLOSED + 5, CLOSED + 8, CLOSED + 15

MEXICO_EARLIER = [
    DemoCommitment(
        title="Padrón único de beneficiarios de programas sociales en datos abiertos",
        short_title="Padrón de beneficiarios",
        areas=["open-data", "fiscal-openness"],
        problem="Los padrones de los programas sociales están dispersos y no se pueden cruzar.",
        description="Publicar un padrón único de beneficiarios, en formato abierto y actualizado cada trimestre.",
        theory_of_change="Un padrón abierto permite detectar duplicidades y exclusiones.",
        values_relevance="Acceso a la información sobre el gasto social.",
        lead_agency="Secretaría de Bienestar",
        milestones=[("Padrón publicado en datos.gob.mx", 0, 12, "Secretaría de Bienestar")],
    ),
    DemoCommitment(
        title="Consejo ciudadano para el seguimiento del agua",
        short_title="Agua y participación",
        areas=["public-participation", "climate-environment"],
        problem="Las decisiones sobre concesiones de agua se toman sin participación de las comunidades.",
        description="Crear un consejo ciudadano que dé seguimiento a las concesiones de agua en cuencas críticas.",
        theory_of_change="Con participación, las concesiones toman en cuenta a quienes usan el agua.",
        values_relevance="Participación cívica en la gestión del agua.",
        lead_agency="Comisión Nacional del Agua",
        values=("civic_participation",),
        milestones=[("Consejo instalado en tres cuencas", 0, 18, "Comisión Nacional del Agua")],
    ),
]


@dataclass
class PastReview:
    """A review that went through its whole lifecycle in the past, told step by step."""

    kind: str
    summary: str
    # One entry per commitment, in order: the scores the researcher gave (relevance comes from the commitment).
    scores: list[dict[str, Any]]
    requirements: dict[str, str] = field(default_factory=lambda: dict(MET))
    requirements_note: str = ""
    uses_older_method: bool = False
    # (text, answer): the government's confidential comments while the draft was shared with it.
    government_comments: list[tuple[str, str]] = field(default_factory=list)
    # (commitment index or None, text, answer): civil society's comments in public comment.
    public_comments: list[tuple[int | None, str, str]] = field(default_factory=list)
    # (commitment index, new scores): what the comments changed before publication, and the note saying so.
    revision: tuple[int, dict[str, Any]] | None = None
    final_summary: str = ""
    changes_note: str = ""


FRANCE_THIRD_REVIEW = PastReview(
    kind=APR,
    uses_older_method=True,
    summary=(
        "France's third plan was co-created with a forum that met every quarter and published its minutes.\n\n"
        "The open budget commitment is specific and ambitious, and was largely done by the time of this review."
    ),
    scores=[
        {
            "specificity": "high",
            "potential_impact": "transformative",
            "completion": "substantial",
            "early_results": "major",
            "explanation": "The budget bill and its execution are published as open data by programme and action.",
        },
        {
            "specificity": "medium",
            "potential_impact": "minor",
            "completion": "limited",
            "early_results": "did_not_change",
            "explanation": "The reporting channel exists; the yearly public report has not been published yet.",
        },
    ],
)
FRANCE_THIRD_RESULTS = PastReview(
    kind=RESULTS,
    summary=(
        "Both commitments were implemented by the end of the plan.\n\n"
        "Open budget data changed how parliament and journalists analyse spending; the whistleblower report "
        "is published, but few alerts have led to action so far."
    ),
    scores=[
        {
            "completion": "complete",
            "early_results": "outstanding",
            "explanation": "Budget data is reused by the parliament's finance committees and by three newsrooms.",
        },
        {
            "completion": "substantial",
            "early_results": "marginal",
            "explanation": "The first yearly report was published; the follow-up of alerts is not public.",
        },
    ],
)
FRANCE_FOURTH_REVIEW = PastReview(
    kind=APR,
    summary=(
        "France's fourth plan is focused: three commitments, each with a clear lead agency and dated milestones.\n\n"
        "The beneficial ownership register is the most promising: it responds to a long-standing demand of "
        "civil society and could change how public contracts are scrutinised."
    ),
    requirements_note="The forum met four times in the year and publishes its rules and minutes on the OGP page.",
    scores=[
        {
            "verifiable": "verifiable",
            "open_government_lens": "yes",
            "potential_for_results": "modest",
            "promising": "no",
            "explanation": "Publishing the decisions of the supreme courts continues work already under way.",
        },
        {
            "verifiable": "verifiable",
            "open_government_lens": "yes",
            "potential_for_results": "substantial",
            "promising": "yes",
            "explanation": "Open access to beneficial owners lets civil society follow who profits from contracts.",
        },
        {
            "verifiable": "verifiable",
            "open_government_lens": "yes",
            "potential_for_results": "unclear",
            "promising": "no",
            "explanation": "The portal is planned; how contributions will be answered is not described yet.",
        },
    ],
    government_comments=[
        (
            "For your information, before publication: the decree opening the register to journalists is "
            "already signed and will be published next month.",
            "Thank you: the final report will mention the decree once it is published.",
        )
    ],
    public_comments=[
        (
            0,
            "Publishing the courts of appeal's decisions is new: most of them were never online. We think the "
            "potential for results is more than modest.",
            "Agreed: the courts of appeal hand down most decisions. The final report rates it substantial.",
        ),
        (
            None,
            "The review could say more about how the forum selected the commitments.",
            "The section on co-creation now describes the forum's selection meeting and its published minutes.",
        ),
    ],
    revision=(0, {"potential_for_results": "substantial"}),
    final_summary=(
        "France's fourth plan is focused: three commitments, each with a clear lead agency and dated milestones.\n\n"
        "The forum chose them at a public meeting from 120 proposals, and published the minutes of its choice.\n\n"
        "The beneficial ownership register is the most promising: it responds to a long-standing demand of "
        "civil society and could change how public contracts are scrutinised."
    ),
    changes_note=(
        "After public comment, the potential for results of the open justice commitment was raised from modest "
        "to substantial, and the section on co-creation describes how the forum selected the commitments."
    ),
)
MEXICO_FOURTH_REVIEW = PastReview(
    kind=APR,
    summary=(
        "The commitments are relevant, but the plan was drafted by the government with little civil "
        "society involvement.\n\n"
        "The forum met once during co-creation and has no published rules of participation."
    ),
    requirements={"forum_meets_regularly": "no", "forum_rules_public": "no", "repository_public": "yes"},
    requirements_note="One forum meeting in the year; no rules of participation published.",
    scores=[
        {
            "verifiable": "verifiable",
            "open_government_lens": "yes",
            "potential_for_results": "modest",
            "promising": "no",
            "explanation": "A single register is useful, but the plan does not say who may reuse it.",
        },
        {
            "verifiable": "not_verifiable",
            "explanation": "The council's powers and the basins concerned are not described: not reviewable.",
        },
    ],
)


def seed_irm(today: datetime.date | None = None) -> list[str]:
    """Create the demo's reviews, the Mexican researcher and plan, the Response Policy case, then compute
    the accountability findings; returns one line per thing created."""
    today = today or timezone.localdate()
    france, mexico = Government.objects.get(iso3="FRA"), Government.objects.get(iso3="MEX")
    users = {
        user.username: user for user in User.objects.filter(username__in=["staff", "irm", "poc", "poc_mex", "civil"])
    }
    staff, irm, civil = users["staff"], users["irm"], users["civil"]
    created: list[str] = []
    with nobody_emailed():
        earlier = seed_mexico_fourth_plan(mexico, users["poc_mex"])
        if earlier is not None:
            created.append(f"{mexico.name}: action plan 4 ({earlier.get_status_display()})")
        researcher_mex = mexican_researcher(mexico, staff)
        plans = {
            (plan.government_id, plan.number): plan
            for plan in ActionPlan.objects.filter(government__in=[france, mexico])
        }
        france_third, france_fourth = plans.get((france.pk, 3)), plans.get((france.pk, 4))
        mexico_fourth, mexico_fifth = plans.get((mexico.pk, 4)), plans.get((mexico.pk, 5))
        context = {"contact": users["poc"], "commenter": civil}
        mexico_context = {"contact": users["poc_mex"], "commenter": civil}
        reviews = [
            past_review(france_third, FRANCE_THIRD_REVIEW, irm, begins=submitted(france_third, 20), **context),
            past_review(france_third, FRANCE_THIRD_RESULTS, irm, begins=ended(france_third, 10), **context),
            past_review(france_fourth, FRANCE_FOURTH_REVIEW, irm, begins=submitted(france_fourth, 20), **context),
            results_in_research(france_fourth, irm),
            past_review(
                mexico_fourth,
                MEXICO_FOURTH_REVIEW,
                researcher_mex,
                begins=submitted(mexico_fourth, 20),
                **mexico_context,
            ),
            overdue_results_report(mexico_fourth, researcher_mex, today),
            results_in_public_comment(mexico_fifth, researcher_mex, users["poc_mex"], civil, today),
        ]
        for review in reviews:
            if review is not None:
                plan = review.plan
                created.append(
                    f"{plan.government.name}: {review.get_kind_display().lower()} of action plan {plan.number} "
                    f"({review.get_status_display()})"
                )
        case = seed_response_policy_case(staff, today)
        if case is not None:
            created.append(f"{case.government.name}: Response Policy case ({case.get_status_display()})")
        # The findings follow from the data above, as the daily task would compute them.
        recompute_all(today)
    return created


@contextmanager
def nobody_emailed() -> Iterator[None]:
    """The transitions run as they would, but their after-commit notices are not queued (nor the recompute a
    publication queues: `seed_irm` runs it at the end): a demo's past is not news to email anybody about."""
    from action_plans import tasks as plan_tasks
    from members import tasks as member_tasks

    from . import tasks

    queued = (
        tasks.send_review_notice,
        tasks.send_review_comment_answered_notice,
        tasks.recompute_procedural_review,
        plan_tasks.send_finding_notice,
        member_tasks.send_status_change_notice,
    )
    with ExitStack() as stack:
        for task in queued:
            stack.enter_context(mock.patch.object(task, "delay_on_commit"))
        yield


class History:
    """Dates what the transitions just did (their audit entries) to the day the story has it happen."""

    def __init__(self) -> None:
        self.mark = self.last()

    @staticmethod
    def last() -> int:
        return AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0

    def happened(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        when = moment(day, hour)
        AuditEntry.objects.filter(pk__gt=self.mark).update(created_at=when)
        self.mark = self.last()
        return when


def submitted(plan: ActionPlan | None, days: int) -> datetime.date | None:
    return timezone.localdate(plan.submitted_at) + datetime.timedelta(days=days) if plan else None


def ended(plan: ActionPlan | None, days: int) -> datetime.date | None:
    return plan.end_date + datetime.timedelta(days=days) if plan else None


def should_start(plan: ActionPlan | None, kind: str) -> bool:
    return plan is not None and not Review.objects.filter(plan=plan, kind=kind).exists()


def with_relevance(commitment: Any, scores: dict[str, Any]) -> dict[str, Any]:
    """The researcher's scores, relevant to the values the commitment claims (a not-verifiable one is not scored)."""
    if scores.get("verifiable") == "not_verifiable":
        return scores
    return {**{f"relevant_{value.value}": getattr(commitment, value.value) for value in OGPValue}, **scores}


def assess(review: Review, scores: list[dict[str, Any]], by: User) -> None:
    commitments = list(review.plan.commitments.order_by("number"))
    for commitment, given in zip(commitments, scores, strict=False):
        CommitmentAssessment.objects.record(review, commitment, with_relevance(commitment, given), by=by)


def past_review(
    plan: ActionPlan | None,
    story: PastReview,
    researcher: User,
    *,
    begins: datetime.date | None,
    contact: User,
    commenter: User,
) -> Review | None:
    """Take a review from research to published through its transitions, then date each step in the past."""
    if not should_start(plan, story.kind):
        return None
    history, day = History(), (lambda offset: begins + datetime.timedelta(days=offset))
    review = Review.objects.start(plan, story.kind, by=researcher, uses_older_method=story.uses_older_method)
    started = history.happened(day(0))
    assess(review, story.scores, researcher)
    review.save_fields(
        {"summary": story.summary, **story.requirements, "minimum_requirements_note": story.requirements_note},
        expected_version=review.version,
        by=researcher,
    )
    history.happened(day(ASSESSED))
    review.share_with_government(by=researcher)
    history.happened(day(SHARED))

    answers: list[tuple[ReviewComment, str, datetime.datetime]] = []
    for body, answer in story.government_comments:
        comment = ReviewComment.objects.post(review, author=contact, body=body, is_confidential=True)
        answers.append((comment, answer, history.happened(day(GOVERNMENT_COMMENTED))))
    today = timezone.localdate()
    minimum = datetime.timedelta(days=settings.IRM_PUBLIC_COMMENT_MIN_DAYS - 1)
    review.open_public_comment(opens_on=today, closes_on=today + minimum, by=researcher)
    history.happened(day(OPENED))
    organisation = Organisation.objects.filter(slug="regards-citoyens", members=commenter).first()
    commitments = list(plan.commitments.order_by("number"))
    for index, (commitment_index, body, answer) in enumerate(story.public_comments):
        comment = ReviewComment.objects.post(
            review,
            author=commenter,
            body=body,
            organisation=organisation,
            commitment=commitments[commitment_index] if commitment_index is not None else None,
        )
        answers.append((comment, answer, history.happened(day(OPENED + 3 + 4 * index))))
    for comment, answer, _posted in answers:
        comment.give_answer(answer, by=researcher)
    answered = history.happened(day(ANSWERED))

    # The period closed long ago in the story: moved there, `finalise` judges it closed as it then was.
    Review.objects.filter(pk=review.pk).update(comment_opens_on=day(OPENED), comment_closes_on=day(CLOSED))
    review.finalise(by=researcher)
    history.happened(day(FINALISED))
    if story.revision is not None:
        index, scores = story.revision
        CommitmentAssessment.objects.record(review, commitments[index], scores, by=researcher)
    final = {"summary": story.final_summary, "changes_note": story.changes_note}
    final = {name: value for name, value in final.items() if value}
    if final:
        review.save_fields(final, expected_version=review.version, by=researcher)
    revised = history.happened(day(REVISED))
    review.publish(by=researcher)
    published = history.happened(day(PUBLISHED))

    Review.objects.filter(pk=review.pk).update(
        created_at=started,
        updated_at=revised,
        shared_at=moment(day(SHARED)),
        finalised_at=moment(day(FINALISED)),
        published_at=published,
    )
    review.assessments.update(updated_at=moment(day(ASSESSED)))
    if story.revision is not None:
        review.assessments.filter(commitment=commitments[story.revision[0]]).update(updated_at=revised)
    for comment, _answer, posted in answers:
        ReviewComment.objects.filter(pk=comment.pk).update(created_at=posted, answered_at=answered)
    review.refresh_from_db()
    return review


def results_in_research(plan: ActionPlan | None, researcher: User) -> Review | None:
    """The demo researcher's work in progress, started now as the plan enters its last months."""
    if not should_start(plan, RESULTS):
        return None
    review = Review.objects.start(plan, RESULTS, by=researcher)
    assess(
        review,
        [
            {
                "completion": "substantial",
                "early_results": "marginal",
                "explanation": "The supreme courts publish their decisions; the courts of appeal have started.",
            }
        ],
        researcher,
    )
    review.save_fields(
        {"summary": "Draft: the first commitment is well advanced. To do: interviews with the register's users."},
        expected_version=review.version,
        by=researcher,
    )
    return review


def overdue_results_report(plan: ActionPlan | None, researcher: User, today: datetime.date) -> Review | None:
    """A results report started after the plan ended and never finished: overdue, and flagged to staff."""
    if not should_start(plan, RESULTS):
        return None
    history = History()
    review = Review.objects.start(plan, RESULTS, by=researcher)
    assess(
        review,
        [
            {
                "completion": "limited",
                "early_results": "did_not_change",
                "explanation": "Two programmes of twenty publish their beneficiaries.",
            }
        ],
        researcher,
    )
    started = history.happened(plan.end_date + datetime.timedelta(days=20))
    Review.objects.filter(pk=review.pk).update(created_at=started, updated_at=started)
    review.assessments.update(updated_at=started)
    review.flag_overdue(today)
    return review


def results_in_public_comment(
    plan: ActionPlan | None, researcher: User, contact: User, commenter: User, today: datetime.date
) -> Review | None:
    """The draft results report put out for public comment today, for three weeks, so anyone can comment."""
    if not should_start(plan, RESULTS):
        return None
    history = History()
    review = Review.objects.start(plan, RESULTS, by=researcher)
    started = history.happened(today - datetime.timedelta(days=40))
    assess(
        review,
        [
            {
                "completion": "limited",
                "early_results": "marginal",
                "explanation": "The data standard is published; the platform covers a third of federal works.",
            }
        ],
        researcher,
    )
    review.save_fields(
        {
            "summary": (
                "The plan's short implementation, after its late delivery, left little time: the open data of public "
                "works was only partly delivered.\n\nCivil society used what was published to follow works in "
                "three states."
            ),
            **MET,
            "minimum_requirements_note": "The forum now meets every quarter; its rules were published in 2024.",
        },
        expected_version=review.version,
        by=researcher,
    )
    history.happened(today - datetime.timedelta(days=30))
    review.share_with_government(by=researcher)
    shared = history.happened(today - datetime.timedelta(days=14))
    comment = ReviewComment.objects.post(
        review,
        author=contact,
        body="The platform now covers half of the federal works: the figures of the last quarter are attached.",
    )
    posted = history.happened(today - datetime.timedelta(days=10))
    comment.give_answer("Thank you: the draft uses the last quarter's figures.", by=researcher)
    answered = history.happened(today - datetime.timedelta(days=3))
    review.open_public_comment(opens_on=today, closes_on=today + datetime.timedelta(weeks=3), by=researcher)
    Review.objects.filter(pk=review.pk).update(created_at=started, shared_at=shared)
    ReviewComment.objects.filter(pk=comment.pk).update(created_at=posted, answered_at=answered)
    ReviewComment.objects.post(
        review,
        author=commenter,
        body="Could the report say which states' works are on the platform? Coverage seems very uneven.",
    )
    review.refresh_from_db()
    return review


def seed_mexico_fourth_plan(mexico: Government, poc: User) -> ActionPlan | None:
    """Mexico's plan before its late fifth one, delivered on time four years before it: dated history.

    More than a year passed between its end and the next plan: the accountability rules find that cycle
    contrary to process, and with the late fifth plan, two cycles in a row.
    """
    fifth = mexico.action_plans.filter(number=5).first()
    if fifth is None:
        return None
    return seed_ended_plan(
        mexico,
        poc,
        number=4,
        cycle=fifth.cycle_year - 4,
        title="Cuarto Plan de Acción Nacional de Gobierno Abierto",
        commitments=MEXICO_EARLIER,
        progress=(MilestoneStatus.LIMITED, "Avance parcial."),
        days_early=10,
    )


def mexican_researcher(mexico: Government, staff: User) -> User:
    """The IRM researcher for Mexico (not a demo login), assigned to its fourth and fifth plans."""
    researcher, created = User.objects.get_or_create(
        username="irm_mex",
        defaults={"first_name": "Lucía", "last_name": "Ramírez", "email": "irm.mex@example.org"},
    )
    if created:
        researcher.set_unusable_password()
        researcher.save(update_fields=["password"])
    for plan in mexico.action_plans.filter(number__in=[4, 5]).order_by("number"):
        if ResearcherAssignment.objects.filter(user=researcher, plan=plan).exists():
            continue
        history = History()
        assignment = ResearcherAssignment.assign(
            researcher, mexico, by=staff, plan=plan, conflict_of_interest="None declared."
        )
        # Assigned when the plan was delivered, before the review started.
        assigned = history.happened(timezone.localdate(plan.submitted_at) + datetime.timedelta(days=10))
        ResearcherAssignment.objects.filter(pk=assignment.pk).update(assigned_at=assigned)
    return researcher


CASE_STEPS = [
    (7, CaseStatus.ACKNOWLEDGED, "The Support Unit acknowledged the letter and shared it with the government."),
    (
        30,
        CaseStatus.UNDER_REVIEW,
        "The Criteria and Standards subcommittee found the concern eligible and opened a review.",
    ),
    (
        90,
        CaseStatus.STAGE_ONE,
        "The subcommittee asked the government to consult civil society on the draft regulation and offered "
        "the Support Unit's help; it will report on progress in six months.",
    ),
]


def seed_response_policy_case(staff: User, today: datetime.date) -> ResponsePolicyCase | None:
    """A letter of concern about Guatemala, filed five months ago and now at stage one (public)."""
    guatemala = Government.objects.filter(iso3="GTM").first()
    if guatemala is None or guatemala.response_policy_cases.exists():
        return None
    filed_on = today - datetime.timedelta(days=150)
    history = History()
    case = ResponsePolicyCase.objects.file(
        guatemala,
        filer_name="Coalition of civil society organisations of the national open government forum",
        filer_type=FilerType.ENTITY,
        concern=(
            "A new regulation lets the authorities cancel the registration of non-governmental organisations "
            "that receive foreign funding, without appeal. Two organisations of the forum have been closed."
        ),
        filed_on=filed_on,
        by=staff,
    )
    history.happened(filed_on)
    for days, status, note in CASE_STEPS:
        step = case.advance(status, by=staff, note=note)
        when = history.happened(filed_on + datetime.timedelta(days=days))
        CaseStep.objects.filter(pk=step.pk).update(created_at=when)
    ResponsePolicyCase.objects.filter(pk=case.pk).update(created_at=moment(filed_on))
    case.refresh_from_db()
    return case
