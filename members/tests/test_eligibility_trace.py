"""The eligibility trace include: each criterion's points, why, and the data used with its source, named once."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from members.models import EligibilityAssessment
from members.scoring import Observation, assess

SOURCES = {
    "budget_proposal": ("publicly_available", "Open Budget Survey", "OBS 2023"),
    "audit_report": ("publicly_available", "Open Budget Survey", "OBS 2023"),
    "ati_law": ("law", "Global Right to Information Rating", ""),
    "civil_liberties": ("8.53", "EIU Democracy Index", "EIU Democracy Index 2025"),
}


def render(**overrides: tuple[str, str, str]) -> str:
    sources = {**SOURCES, **overrides}
    observations = {name: Observation(name, *values) for name, values in sources.items()}
    result = assess(observations, is_member=True)
    assessment = EligibilityAssessment(year=2025, values_check=result.values_check, trace=result.as_dict())
    text = render_to_string("members/includes/_eligibility_trace.html", {"assessment": assessment})
    return " ".join(text.split())


def data_used(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", html)]


def test_a_source_named_in_its_edition_is_named_once():
    items = data_used(render())
    assert "EIU civil liberties score: 8.53 (EIU Democracy Index 2025)" in items
    assert "Executive budget proposal: publicly available (Open Budget Survey, OBS 2023)" in items
    assert "Access to information law: an access to information law (Global Right to Information Rating)" in items


def test_an_edition_without_a_source_is_shown_alone():
    items = data_used(render(ati_law=("law", "", "RTI Rating 2025")))
    assert "Access to information law: an access to information law (RTI Rating 2025)" in items


def test_each_criterion_is_a_term_with_its_points_and_a_description():
    html = render()
    terms = re.findall(r"<dt[^>]*>(.*?)</dt>", html)
    assert [re.sub(r"<[^>]+>", "", term).strip() for term in terms] == [
        "Fiscal transparency 4 of 4 points",
        "Access to information 4 of 4 points",
        "Asset disclosure not assessed (no data)",
        "Citizen engagement 4 of 4 points",
    ]
    assert html.count("<dd") == 4 and "<table" not in html
    assert "no data</li>" in html  # asset disclosure had none


def test_the_trace_is_shown_in_the_reader_language():
    with translation.override("fr"):
        html = render()
    assert "Transparence budgétaire" in html and "4 points sur 4" in html and "Données utilisées" in html
