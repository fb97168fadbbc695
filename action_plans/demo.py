"""Demo action plans for `seed_demo`: France co-creating its next plan, its earlier plans, Mexico's plans.

Idempotent: a plan that exists (government and number) is left as it is, with everything under it,
so running the seed again creates nothing and sends nothing. Dates are relative to the day of the
first run, so the demo always shows a plan in public comment, one in implementation and one ended.
Past steps are written as dated history; the steps happening "now" (publishing the draft, Mexico's
submission) go through the real transitions.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from members.models import Government, Organisation, User

from .demo_comments import FRANCE_COMMENTS, FRANCE_CURRENT_COMMENTS, FRANCE_CURRENT_REPLIES, add_comments, add_replies
from .models import (
    ActionPlan,
    CivilSocietyAssessment,
    Commitment,
    FindingKind,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    PlanDocument,
    PlanStatus,
    PlanVersion,
    PolicyArea,
    ProcessFinding,
    ShadowPlan,
    due_date_for,
)
from .models.versions import snapshot_of

# (slug, English, French, Spanish): OGP's usual policy areas, the managed list commitments are tagged with.
POLICY_AREAS = [
    ("open-data", "Open data", "Données ouvertes", "Datos abiertos"),
    ("open-contracting", "Open contracting", "Commande publique ouverte", "Contrataciones abiertas"),
    ("fiscal-openness", "Fiscal openness", "Transparence budgétaire", "Apertura fiscal"),
    ("anti-corruption", "Anti-corruption", "Lutte contre la corruption", "Anticorrupción"),
    ("lobbying", "Lobbying transparency", "Transparence du lobbying", "Transparencia del cabildeo"),
    ("beneficial-ownership", "Beneficial ownership", "Bénéficiaires effectifs", "Beneficiarios finales"),
    ("right-to-information", "Right to information", "Droit d'accès à l'information", "Derecho a la información"),
    ("civic-space", "Civic space", "Espace civique", "Espacio cívico"),
    ("public-participation", "Public participation", "Participation citoyenne", "Participación ciudadana"),
    ("digital-governance", "Digital governance", "Gouvernance numérique", "Gobernanza digital"),
    ("climate-environment", "Climate and environment", "Climat et environnement", "Clima y medio ambiente"),
    ("justice", "Open justice", "Justice ouverte", "Justicia abierta"),
]


@dataclass
class DemoCommitment:
    title: str
    short_title: str
    areas: list[str]
    problem: str
    description: str
    theory_of_change: str
    values_relevance: str
    lead_agency: str
    supporting_institutions: str = ""
    additional_information: str = ""
    values: tuple[str, ...] = ("access_to_information",)
    # (deliverable, months after the plan starts, months after, responsible agency)
    milestones: list[tuple[str, int, int, str]] = field(default_factory=list)


FRANCE_NEXT = [
    DemoCommitment(
        title="Publish the data of every public contract above 40,000 euros",
        short_title="Open public procurement",
        areas=["open-contracting", "open-data", "anti-corruption"],
        problem=(
            "Public buyers spend about 170 billion euros a year, but the data on who buys what, from whom and at "
            "what price is scattered across hundreds of buyer profiles and rarely complete.\n\n"
            "Journalists, researchers and small businesses cannot follow a contract from tender to payment, "
            "and the 2022 audit found that a third of the essential data was never published."
        ),
        description=(
            "The government will publish the essential data of every contract above 40,000 euros in the Open "
            "Contracting Data Standard, on data.gouv.fr, within 30 days of signature.\n\n"
            "Amendments and payments will be added as they happen, so that a contract can be followed over "
            "its whole life.\n\n"
            "A public dashboard will show, buyer by buyer, how complete and timely their data is."
        ),
        theory_of_change=(
            "Complete and comparable data lets civil society and auditors spot single-bid tenders, unusual "
            "amendments and late payments, and lets smaller firms find opportunities.\n\n"
            "Publishing completeness per buyer creates a reason for each buyer to improve."
        ),
        values_relevance=(
            "It opens information on public spending and gives the public the means to hold buyers to account."
        ),
        lead_agency="Direction des achats de l'État",
        supporting_institutions="Etalab\nCour des comptes\nTransparency International France",
        additional_information="Linked to the national procurement strategy; budget within existing resources.",
        values=("access_to_information", "public_accountability", "technology_and_innovation"),
        milestones=[
            (
                "Decree making the publication of essential data in OCDS mandatory",
                0,
                4,
                "Direction des affaires juridiques",
            ),
            ("First complete monthly publication on data.gouv.fr", 3, 9, "Etalab"),
            ("Public dashboard of data completeness per buyer", 6, 15, "Direction des achats de l'État"),
        ],
    ),
    DemoCommitment(
        title="Extend the register of interest representatives to local decisions",
        short_title="Lobbying register",
        areas=["lobbying", "anti-corruption"],
        problem=(
            "The register of interest representatives covers contacts with ministers and Parliament, but not "
            "the regions and large cities, where many planning and procurement decisions are taken.\n\n"
            "Reports are filed once a year and are too vague to know which decision a meeting was about."
        ),
        description=(
            "The High Authority for Transparency in Public Life will extend the register to regions, "
            "departments and cities of more than 100,000 inhabitants.\n\n"
            "Interest representatives will report each activity within three months, naming the decision "
            "concerned."
        ),
        theory_of_change=(
            "Knowing who sought to influence which decision lets citizens and journalists weigh the interests "
            "at stake before the decision is taken, not years later."
        ),
        values_relevance="It makes the influence on public decisions visible and open to scrutiny.",
        lead_agency="Haute Autorité pour la transparence de la vie publique",
        supporting_institutions="Association des maires de France\nRegards Citoyens",
        values=("access_to_information", "public_accountability"),
        milestones=[
            ("Public consultation on the draft decree", 0, 3, "Haute Autorité pour la transparence de la vie publique"),
            (
                "Register open to reports on local decisions",
                4,
                12,
                "Haute Autorité pour la transparence de la vie publique",
            ),
        ],
    ),
    DemoCommitment(
        title="Explain the public algorithms that decide on people's rights",
        short_title="Algorithmic transparency",
        areas=["digital-governance", "right-to-information"],
        problem=(
            "Algorithms help decide on university admission, tax audits and social benefits. The law requires "
            "administrations to explain them, yet few inventories have been published.\n\n"
            "People affected rarely know that an algorithm was used, or how to ask for an explanation."
        ),
        description=(
            "Every ministry will publish an inventory of the algorithms it uses for individual decisions, with "
            "their purpose, main criteria and the human review available.\n\n"
            "A single page on each decision letter will tell the person how to ask for the explanation the law "
            "gives them."
        ),
        theory_of_change="Plain inventories and explanations let people question, correct and improve these systems.",
        values_relevance="Access to information on how decisions about people are made, and a way to challenge them.",
        lead_agency="Direction interministérielle du numérique",
        supporting_institutions="Commission d'accès aux documents administratifs\nLa Quadrature du Net",
        values=("access_to_information", "public_accountability", "technology_and_innovation"),
        milestones=[
            ("Common template for algorithm inventories", 0, 3, "Direction interministérielle du numérique"),
            ("Inventories published by every ministry", 3, 14, "Secrétariat général du Gouvernement"),
            ("Explanation notice added to decision letters", 6, 18, "Direction interministérielle du numérique"),
        ],
    ),
    DemoCommitment(
        title="Involve citizens in the ecological planning of each region",
        short_title="Citizen climate assemblies",
        areas=["climate-environment", "public-participation"],
        problem=(
            "Regional ecological plans are drafted by administrations and consulted on late, when the main "
            "choices have already been made.\n\n"
            "Participation is low and does not reflect the population."
        ),
        description=(
            "Each region will convene a citizens' assembly drawn by lot to deliberate on its ecological plan "
            "before it is drafted.\n\n"
            "The region will answer each proposal publicly, saying what it kept and why."
        ),
        theory_of_change="Early deliberation, with a public answer to each proposal, builds plans people support.",
        values_relevance="It opens the drafting of public policy to civic participation, with a reasoned response.",
        lead_agency="Secrétariat général à la planification écologique",
        supporting_institutions="Régions de France\nCommission nationale du débat public",
        values=("civic_participation",),
        milestones=[
            ("Method guide for regional citizens' assemblies", 0, 4, "Commission nationale du débat public"),
            ("Assemblies held in at least 8 regions", 4, 16, "Régions de France"),
        ],
    ),
]

FRANCE_CURRENT = [
    DemoCommitment(
        title="Open the data of the courts' decisions",
        short_title="Open justice data",
        areas=["justice", "open-data"],
        problem="Court decisions are public in principle but hard to find; only a fraction is published online.",
        description=(
            "The courts will publish their decisions, pseudonymised, on a public portal, starting with the "
            "supreme courts and then the courts of appeal."
        ),
        theory_of_change="Access to case law helps people know their rights and lets research improve justice.",
        values_relevance="Access to information held by the judiciary.",
        lead_agency="Ministère de la Justice",
        milestones=[
            ("Decisions of the Cour de cassation published", 0, 6, "Cour de cassation"),
            ("Decisions of the courts of appeal published", 6, 18, "Ministère de la Justice"),
        ],
    ),
    DemoCommitment(
        title="Publish the beneficial owners of companies in an open register",
        short_title="Beneficial ownership",
        areas=["beneficial-ownership", "anti-corruption"],
        problem="Shell companies hide who profits from public contracts and from money laundering.",
        description="The register of beneficial owners will be open to journalists and civil society, as open data.",
        theory_of_change="Knowing who owns a company makes conflicts of interest and laundering harder to hide.",
        values_relevance="Access to information and public accountability of companies working with the state.",
        lead_agency="Direction générale du Trésor",
        values=("access_to_information", "public_accountability"),
        milestones=[
            (
                "Access for journalists and civil society organisations",
                0,
                8,
                "Institut national de la propriété industrielle",
            ),
            ("Register published as open data", 8, 20, "Institut national de la propriété industrielle"),
        ],
    ),
    DemoCommitment(
        title="A single portal for public consultations",
        short_title="Consultation portal",
        areas=["public-participation", "digital-governance"],
        problem="Consultations are spread over dozens of websites and their results are rarely published.",
        description="All national public consultations will be announced and reported on one portal.",
        theory_of_change="One place to take part, and to see what became of contributions, raises participation.",
        values_relevance="Civic participation in the drafting of laws and regulations.",
        lead_agency="Direction interministérielle de la transformation publique",
        values=("civic_participation", "technology_and_innovation"),
        milestones=[
            ("Portal opened", 0, 6, "Direction interministérielle de la transformation publique"),
            ("Results of every consultation published on it", 6, 22, "Secrétariat général du Gouvernement"),
        ],
    ),
]

FRANCE_EARLIER = [
    DemoCommitment(
        title="Publish the budget in open data, by programme and action",
        short_title="Open budget data",
        areas=["fiscal-openness", "open-data"],
        problem="The budget documents are long PDFs that cannot be reused.",
        description="The budget bill and its execution will be published as open data, by programme and action.",
        theory_of_change="Reusable budget data lets parliament and civil society analyse spending choices.",
        values_relevance="Access to fiscal information.",
        lead_agency="Direction du budget",
        milestones=[("Budget bill published as open data", 0, 6, "Direction du budget")],
    ),
    DemoCommitment(
        title="Protect whistleblowers and publish the reports received",
        short_title="Whistleblowers",
        areas=["anti-corruption", "civic-space"],
        problem="Whistleblowers face retaliation and do not know where to report.",
        description="A single reporting channel and a yearly public report on the alerts received.",
        theory_of_change="Safe channels bring more wrongdoing to light.",
        values_relevance="Public accountability.",
        lead_agency="Défenseur des droits",
        values=("public_accountability",),
        milestones=[("Yearly public report on alerts", 6, 18, "Défenseur des droits")],
    ),
]

MEXICO_PLANS = [
    DemoCommitment(
        title="Datos abiertos del gasto en obra pública",
        short_title="Obra pública abierta",
        areas=["open-contracting", "fiscal-openness"],
        problem="La información sobre obras públicas está dispersa y no permite seguir el gasto.",
        description=(
            "Publicar en formato abierto los contratos, avances físicos y pagos de las obras públicas federales.\n\n"
            "Incluir la geolocalización de cada obra."
        ),
        theory_of_change="La ciudadanía podrá vigilar el avance y el costo de las obras en su comunidad.",
        values_relevance="Acceso a la información y rendición de cuentas sobre el gasto público.",
        lead_agency="Secretaría Anticorrupción y Buen Gobierno",
        supporting_institutions="Fundar, Centro de Análisis e Investigación",
        values=("access_to_information", "public_accountability"),
        milestones=[
            ("Estándar de datos de obra pública publicado", 0, 6, "Secretaría Anticorrupción y Buen Gobierno"),
            ("Plataforma con todas las obras federales", 6, 18, "Agencia de Transformación Digital"),
        ],
    ),
    DemoCommitment(
        title="Mecanismo de protección para personas defensoras del medio ambiente",
        short_title="Defensores ambientales",
        areas=["civic-space", "climate-environment"],
        problem="Las personas defensoras del medio ambiente enfrentan amenazas y agresiones.",
        description="Fortalecer el mecanismo de protección con participación de la sociedad civil.",
        theory_of_change="Un mecanismo co-gestionado responde más rápido y con más confianza.",
        values_relevance="Participación cívica y protección del espacio cívico.",
        lead_agency="Secretaría de Gobernación",
        values=("civic_participation",),
        milestones=[("Protocolo de alerta temprana aprobado", 0, 9, "Secretaría de Gobernación")],
    ),
    DemoCommitment(
        title="Transparencia en el uso de algoritmos en programas sociales",
        short_title="Algoritmos públicos",
        areas=["digital-governance", "right-to-information"],
        problem="No se sabe cómo se asignan algunos apoyos sociales.",
        description="Publicar los criterios y algoritmos de asignación de los programas sociales.",
        theory_of_change="Conocer los criterios permite detectar y corregir exclusiones.",
        values_relevance="Acceso a la información y rendición de cuentas.",
        lead_agency="Secretaría de Bienestar",
        values=("access_to_information", "public_accountability"),
        milestones=[("Criterios de asignación publicados", 0, 12, "Secretaría de Bienestar")],
    ),
]


def seed_action_plans(today: datetime.date | None = None) -> list[str]:
    """Create the demo's policy areas and plans if missing; returns one line per plan created."""
    today = today or timezone.localdate()
    seed_policy_areas()
    france, mexico = Government.objects.get(iso3="FRA"), Government.objects.get(iso3="MEX")
    poc, poc_mex = User.objects.get(username="poc"), User.objects.get(username="poc_mex")
    civil = User.objects.get(username="civil")
    # The next plans are due in the coming cycle year; the ones before ran two and four years earlier.
    year = today.year if today <= due_date_for(today.year) else today.year + 1
    created = []
    for plan_seeder in (
        lambda: seed_france_ended(france, poc, year - 4),
        lambda: seed_france_in_implementation(france, poc, civil, year - 2, today),
        lambda: seed_france_in_public_comment(france, poc, civil, year, today),
        lambda: seed_mexico_late(mexico, poc_mex, year - 3),
        lambda: seed_mexico_submitted(mexico, poc_mex, year, today),
    ):
        plan = plan_seeder()
        if plan is not None:
            created.append(f"{plan.government.name}: action plan {plan.number} ({plan.get_status_display()})")
    shadow = seed_france_shadow_plan(france, civil)
    if shadow is not None:
        created.append(f"{france.name}: shadow action plan by {shadow.organisation.name}")
    return created


def seed_france_shadow_plan(france: Government, civil: User) -> ShadowPlan | None:
    """Regards Citoyens' own proposal for France, published through the real methods (once)."""
    organisation = Organisation.objects.get(slug="regards-citoyens")
    if ShadowPlan.objects.filter(government=france, organisation=organisation).exists():
        return None
    shadow = ShadowPlan.objects.start(
        france,
        organisation,
        {
            "title": "An open parliament, proposed by citizens",
            "summary": "What we would like the next plan to commit to, written with our volunteers.",
        },
        by=civil,
    )
    shadow.add_commitment(
        {
            "title": "Publish every parliamentary amendment as open data the day it is tabled",
            "short_title": "Open amendments",
            "problem": "Amendments are published late and in formats that are hard to reuse.",
            "description": "Both chambers publish every amendment, its authors and its fate as open data.",
            "access_to_information": True,
            "public_accountability": True,
            "lead_agency": "Assemblée nationale and Sénat",
        },
        [{"description": "Amendments of both chambers available through one open API"}],
        by=civil,
    )
    shadow.publish(by=civil)
    return shadow


def seed_policy_areas() -> None:
    for slug, name, name_fr, name_es in POLICY_AREAS:
        PolicyArea.objects.update_or_create(slug=slug, defaults={"name": name, "name_fr": name_fr, "name_es": name_es})


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, kept within shorter months (31 August + 6 months is 28 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def new_plan(government: Government, number: int, cycle_year: int, title: str, **fields: Any) -> ActionPlan | None:
    """The plan's row, unless the government already has a plan with that number (then None: leave it be)."""
    if ActionPlan.objects.filter(government=government, number=number).exists():
        return None
    start = due_date_for(cycle_year) + datetime.timedelta(days=1)
    return ActionPlan.objects.create(
        government=government,
        number=number,
        cycle_year=cycle_year,
        title=title,
        start_date=start,
        end_date=due_date_for(cycle_year + 2),
        co_creation_timeline=fields.pop("timeline", ""),
        **fields,
    )


def add_commitments(plan: ActionPlan, commitments: list[DemoCommitment]) -> list[Commitment]:
    areas = {area.slug: area for area in PolicyArea.objects.all()}
    rows = []
    for number, item in enumerate(commitments, start=1):
        flags = {value: True for value in item.values}
        commitment = Commitment.objects.create(
            plan=plan,
            number=number,
            title=item.title,
            short_title=item.short_title,
            problem=item.problem,
            description=item.description,
            theory_of_change=item.theory_of_change,
            values_relevance=item.values_relevance,
            additional_information=item.additional_information,
            lead_agency=item.lead_agency,
            supporting_institutions=item.supporting_institutions,
            start_date=plan.start_date,
            end_date=months_after(plan.start_date, max(end for _d, _s, end, _a in item.milestones) + 1)
            - datetime.timedelta(days=1),
            **flags,
        )
        commitment.policy_areas.set([areas[slug] for slug in item.areas])
        for position, (deliverable, begins, ends, agency) in enumerate(item.milestones, start=1):
            Milestone.objects.create(
                commitment=commitment,
                number=position,
                description=deliverable,
                start_date=months_after(plan.start_date, begins),
                end_date=months_after(plan.start_date, ends),
                responsible_agency=agency,
            )
        rows.append(commitment)
    return rows


def dated_version(plan: ActionPlan, by: User, when: datetime.datetime, note: str) -> PlanVersion:
    """A version published in the story's past, numbered after the plan's earlier ones."""
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.versions.count() + 1,
        snapshot=snapshot_of(plan),
        note=note,
        published_by=by,
        published_at=when,
    )


def final_version(plan: ActionPlan, by: User, when: datetime.datetime) -> None:
    dated_version(plan, by, when, "Final plan as submitted")


def report_progress(milestone: Milestone, status: str, note: str, on: datetime.date, by: User) -> None:
    MilestoneProgress.objects.create(milestone=milestone, status=status, note=note, reported_on=on, reported_by=by)
    milestone.status, milestone.status_updated_at = status, moment(on)
    milestone.save(update_fields=["status", "status_updated_at"])


def seed_ended_plan(
    government: Government,
    poc: User,
    *,
    number: int,
    cycle: int,
    title: str,
    commitments: Any,
    progress: tuple[str, str],
    days_early: int,
) -> ActionPlan | None:
    """A plan delivered `days_early` days before its due date, implemented and ended: history, dated when it
    happened. Each milestone ends with `progress` (status, note). None if the plan is already there."""
    submitted = moment(due_date_for(cycle) - datetime.timedelta(days=days_early))
    plan = new_plan(
        government,
        number,
        cycle,
        title,
        status=PlanStatus.ENDED,
        submitted_at=submitted,
        submitted_by=poc,
        implementation_started_at=submitted + datetime.timedelta(days=4),
        ended_at=moment(due_date_for(cycle + 2) + datetime.timedelta(days=1), 2),
        created_by=poc,
        created_at=submitted - datetime.timedelta(days=200),
    )
    if plan is None:
        return None
    status, note = progress
    for commitment in add_commitments(plan, commitments):
        for milestone in commitment.milestones.all():
            report_progress(milestone, status, note, milestone.end_date, poc)
    final_version(plan, poc, submitted)
    return plan


def seed_france_ended(france: Government, poc: User, cycle: int) -> ActionPlan | None:
    """An earlier plan, delivered on time, implemented and ended."""
    return seed_ended_plan(
        france,
        poc,
        number=3,
        cycle=cycle,
        title="Third national action plan for open government",
        commitments=FRANCE_EARLIER,
        progress=(MilestoneStatus.COMPLETE, "Done and published."),
        days_early=3,
    )


def seed_france_in_implementation(
    france: Government, poc: User, civil: User, cycle: int, today: datetime.date
) -> ActionPlan | None:
    """The plan being implemented: delivered 12 days late (before 1 January, so it keeps its end date)."""
    submitted = moment(due_date_for(cycle) + datetime.timedelta(days=12))
    plan = new_plan(
        france,
        4,
        cycle,
        "Fourth national action plan for open government",
        timeline=(
            "Autumn: open call for commitment proposals and regional workshops.\n"
            "Spring: the forum drafts the commitments; public comment for a month.\n"
            "Summer: reasoned response to every comment, then the final plan."
        ),
        timeline_published_at=submitted - datetime.timedelta(days=300),
        status=PlanStatus.IN_IMPLEMENTATION,
        submitted_at=submitted,
        submitted_by=poc,
        implementation_started_at=submitted + datetime.timedelta(hours=16),
        created_by=poc,
        created_at=submitted - datetime.timedelta(days=240),
    )
    if plan is None:
        return None
    commitments = add_commitments(plan, FRANCE_CURRENT)
    # Its public comment period, in the spring of its cycle year: comments on the draft, every one answered.
    plan.comment_opens_on, plan.comment_closes_on = datetime.date(cycle, 5, 2), datetime.date(cycle, 6, 1)
    plan.save(update_fields=["comment_opens_on", "comment_closes_on"])
    draft = dated_version(plan, poc, moment(plan.comment_opens_on, 9), "Draft for public comment")
    comments = add_comments(
        plan,
        draft,
        commitments,
        FRANCE_CURRENT_COMMENTS,
        author=civil,
        responder=poc,
        first_posted=moment(plan.comment_opens_on + datetime.timedelta(days=3)),
        answered_at=moment(datetime.date(cycle, 7, 10)),
    )
    add_replies(comments, FRANCE_CURRENT_REPLIES, author=civil, at=moment(datetime.date(cycle, 7, 12)))
    final_version(plan, poc, submitted)
    PlanDocument.objects.create(
        plan=plan,
        title="Plan d'action national pour un gouvernement ouvert",
        url="https://www.modernisation.gouv.fr/gouvernement-ouvert",
        added_by=poc,
        added_at=submitted,
    )
    # Progress as of the milestones due so far: some done, some late, some not started.
    for commitment in commitments:
        for milestone in commitment.milestones.all():
            if milestone.end_date < today:
                status = MilestoneStatus.COMPLETE if milestone.number == 1 else MilestoneStatus.SUBSTANTIAL
                report_progress(milestone, status, "Reported at the forum's semester review.", milestone.end_date, poc)
            elif milestone.start_date <= today:
                report_progress(milestone, MilestoneStatus.LIMITED, "Work has started.", today, poc)
    CivilSocietyAssessment.objects.create(
        commitment=commitments[1],
        author=civil,
        organisation=civil.organisations.order_by("name").first(),
        status=MilestoneStatus.LIMITED,
        note="Access for journalists exists on paper, but requests take months to be answered.",
        assessed_on=today,
    )
    return plan


def seed_france_in_public_comment(
    france: Government, poc: User, civil: User, cycle: int, today: datetime.date
) -> ActionPlan | None:
    """The draft of the next plan, published and open for public comment now, with comments, some answered."""
    plan = new_plan(
        france,
        5,
        cycle,
        "Fifth national action plan for open government",
        created_by=poc,
        timeline=(
            "January: call for proposals and public workshops in five regions.\n"
            "March: the multi-stakeholder forum selects the commitments.\n"
            "May: the draft is published for public comment for a month.\n"
            "July: reasoned response to every comment; final plan submitted by 31 August."
        ),
        timeline_published_at=timezone.now(),
    )
    if plan is None:
        return None
    commitments = add_commitments(plan, FRANCE_NEXT)
    version = plan.publish_version(by=poc, note="Draft for public comment")
    # The period opened a week ago and people have commented since: dated history, so nobody is
    # emailed now about an opening that (in the story) happened before their comments.
    plan.status = PlanStatus.PUBLIC_COMMENT
    plan.comment_opens_on, plan.comment_closes_on = (
        today - datetime.timedelta(days=7),
        today + datetime.timedelta(days=23),
    )
    plan.save(update_fields=["status", "comment_opens_on", "comment_closes_on"])
    add_comments(
        plan,
        version,
        commitments,
        FRANCE_COMMENTS,
        author=civil,
        responder=poc,
        first_posted=moment(today - datetime.timedelta(days=6)),
        answered_at=moment(today - datetime.timedelta(days=1)),
    )
    return plan


def seed_mexico_late(mexico: Government, poc: User, cycle: int) -> ActionPlan | None:
    """An earlier plan delivered after 1 January: contrary to process, a finding, and a short implementation."""
    delivered = moment(datetime.date(cycle + 1, 1, 20))
    plan = new_plan(
        mexico,
        5,
        cycle,
        "Quinto Plan de Acción Nacional de Gobierno Abierto",
        status=PlanStatus.ENDED,
        submitted_at=delivered,
        submitted_by=poc,
        implementation_started_at=delivered + datetime.timedelta(days=1),
        ended_at=moment(due_date_for(cycle + 2) + datetime.timedelta(days=1), 2),
        missed_deadline_recorded_at=moment(datetime.date(cycle + 1, 1, 1), 2),
        created_by=poc,
        created_at=moment(datetime.date(cycle, 1, 15)),
    )
    if plan is None:
        return None
    add_commitments(plan, MEXICO_PLANS[:1])
    final_version(plan, poc, delivered)
    ProcessFinding.objects.create(
        government=mexico,
        plan=plan,
        cycle_year=cycle,
        kind=FindingKind.NOT_DELIVERED_BY_JANUARY,
        details=f"Not delivered before {cycle + 1}-01-01 (due {due_date_for(cycle).isoformat()}).",
        found_at=plan.missed_deadline_recorded_at,
    )
    return plan


def seed_mexico_submitted(mexico: Government, poc: User, cycle: int, today: datetime.date) -> ActionPlan | None:
    """Mexico's next plan, submitted now (through `submit`) after a comment period that has closed."""
    plan = new_plan(
        mexico,
        6,
        cycle,
        "Sexto Plan de Acción Nacional de Gobierno Abierto",
        created_by=poc,
        timeline="Mesas de co-creación con sociedad civil de febrero a abril; consulta pública en mayo.",
        timeline_published_at=timezone.now(),
    )
    if plan is None:
        return None
    add_commitments(plan, MEXICO_PLANS)
    plan.publish_version(by=poc, note="Borrador para consulta pública")
    # The comment period is past history (a period cannot be opened in the past): written as such.
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.PUBLIC_COMMENT,
        comment_opens_on=today - datetime.timedelta(days=45),
        comment_closes_on=today - datetime.timedelta(days=20),
    )
    plan.refresh_from_db()
    plan.submit(by=poc)
    return plan
