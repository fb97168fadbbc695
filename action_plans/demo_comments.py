"""Demo comments for `seed_demo`: the public comment France's plans received, with the government's answers.

Written as dated rows, as the rest of the demo's history, not through `Comment.objects.post`, which posts now and
only while a period is open: in the story they were posted days or years ago, and nobody is emailed about them.
"""

from __future__ import annotations

import datetime

from members.models import User

from .models import ActionPlan, Comment, Commitment, Disposition, PlanVersion, ReasonedResponse

# (commitment index or None for the whole plan, paragraph index of "description" or None, text, answer)
DemoComment = tuple[int | None, int | None, str, tuple[str, str] | None]

FRANCE_COMMENTS: list[DemoComment] = [
    (
        None,
        None,
        "Thank you for this draft. Could the plan say how civil society will take part in monitoring each "
        "commitment, not only in drafting it?",
        (
            Disposition.INCLUDED,
            "The multi-stakeholder forum will review progress on every commitment each semester; this is now "
            "stated in the introduction of the plan.",
        ),
    ),
    (
        0,
        0,
        "40,000 euros leaves out most contracts of small towns. Please lower the threshold to 25,000 euros, as in "
        "the procurement code.",
        (
            Disposition.PARTLY_INCLUDED,
            "The threshold will follow the procurement code from the second year; the first year keeps 40,000 "
            "euros so that buyers' systems can adapt.",
        ),
    ),
    (
        1,
        1,
        "Three months is too long: a meeting reported after the decision is of little use. We propose one month.",
        None,
    ),
    (
        2,
        None,
        "The inventories should be published as open data, in one common format, so that they can be compared.",
        None,
    ),
]


# The comments France's current plan received in its public comment period, all answered before submission
# (a plan is submitted only once every comment has its reasoned response); public now, in the API and open data.
FRANCE_CURRENT_COMMENTS: list[DemoComment] = [
    (
        0,
        0,
        "Pseudonymisation should not become a reason to wait: please give the courts of appeal a deadline.",
        (
            Disposition.INCLUDED,
            "The second milestone now sets a deadline: the decisions of the courts of appeal are published within "
            "18 months of the start of the plan.",
        ),
    ),
    (
        1,
        None,
        "Access for journalists alone is not enough: publish the register as open data, with a way for people at "
        "risk to have their entry withheld.",
        (
            Disposition.PARTLY_INCLUDED,
            "The register will be published as open data in the second year. Withholding an entry is decided case "
            "by case by the registry, as the law provides, so the plan cannot set the rule itself.",
        ),
    ),
    (
        None,
        None,
        "Could the plan add a commitment on the transparency of public subsidies to associations?",
        (
            Disposition.OUT_OF_SCOPE,
            "No ministry could lead this commitment in this cycle; the forum has put it on the list for the next plan.",
        ),
    ),
]
# (index of the comment replied to, text): the conversation that followed a response.
FRANCE_CURRENT_REPLIES = [
    (1, "Thank you. We will follow the second milestone at the forum's semester reviews and report on it."),
]


def add_comments(
    plan: ActionPlan,
    version: PlanVersion,
    commitments: list[Commitment],
    comments: list[DemoComment],
    *,
    author: User,
    responder: User,
    first_posted: datetime.datetime,
    answered_at: datetime.datetime,
) -> list[Comment]:
    """Comments by `author` on `version`, one a day from `first_posted`, answered (those with an answer) at
    `answered_at` by `responder`."""
    organisation = author.organisations.order_by("name").first()
    rows = []
    for index, (commitment_index, paragraph, body, answer) in enumerate(comments):
        commitment = commitments[commitment_index] if commitment_index is not None else None
        comment = Comment.objects.create(
            plan=plan,
            commitment=commitment,
            version=version,
            field="description" if paragraph is not None else "",
            paragraph_index=paragraph,
            paragraph_text=commitment.paragraphs("description")[paragraph]
            if commitment and paragraph is not None
            else "",
            author=author,
            organisation=organisation,
            body=body,
            created_at=first_posted + datetime.timedelta(days=index),
        )
        if answer is not None:
            disposition, reason = answer
            ReasonedResponse.objects.create(
                comment=comment,
                disposition=disposition,
                reason=reason,
                commitment=commitment,
                responded_by=responder,
                responded_at=answered_at,
            )
        rows.append(comment)
    return rows


def add_replies(threads: list[Comment], replies: list[tuple[int, str]], *, author: User, at: datetime.datetime) -> None:
    """Replies by `author` in the conversations `threads[index]` opened (one level deep, as `Comment.post` does)."""
    for index, body in replies:
        thread = threads[index]
        Comment.objects.create(
            plan=thread.plan,
            commitment=thread.commitment,
            version=thread.version,
            parent=thread,
            author=author,
            organisation=thread.organisation,
            body=body,
            created_at=at,
        )
