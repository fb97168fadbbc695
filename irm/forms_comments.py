"""Forms for commenting on an IRM draft and answering comments. Who may comment when, the length and the
emptiness rules are the model's (`ReviewComment.objects.post`, `give_answer`): the view shows its errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .models import Review
from .models.review_comments import REVIEW_COMMENT_MAX_LENGTH

CONFIDENTIAL_HELP = _(
    "Only the IRM researchers and the OGP Support Unit read a confidential comment: it is not published, "
    "and the government and the public never see it. The IRM may still take it into account."
)


class ReviewCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REVIEW_COMMENT_MAX_LENGTH}),
    )
    commitment = forms.ModelChoiceField(
        label=_("About commitment"), queryset=None, required=False, empty_label=_("The whole report")
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False, empty_label=_("Myself")
    )
    is_confidential = forms.BooleanField(label=_("Confidential"), required=False, help_text=CONFIDENTIAL_HELP)

    def __init__(self, *args: Any, review: Review, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if review.is_assessing:
            commitments = self.fields["commitment"]
            commitments.queryset = review.plan.commitments.order_by("number")
            commitments.label_from_instance = lambda commitment: f"{commitment.number}. {commitment.title}"
        else:
            # A co-creation brief is about the process, and the plan's live draft may hold unpublished commitments.
            del self.fields["commitment"]
        organisations = list(user.organisations.order_by("name")) if user.is_authenticated else []
        if organisations:
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            # The choices come from the list already read, not from a second query at render time.
            self.fields["organisation"].choices = [("", _("Myself"))] + [(o.pk, o.name) for o in organisations]
        else:
            del self.fields["organisation"]


class ReviewAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The IRM's answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the comment in the final report."),
    )
