"""The 자료 오류 신고 form: what is wrong, an optional e-mail, and a field only robots fill in."""

from django import forms

from gyeongju.facilities.models import Facility
from gyeongju.organisations.models import Organisation
from gyeongju.places.models import Place
from gyeongju.programs.models import Program

# What a report may be about: the form's hidden "kind" → the record's model.
KINDS = {
    "program": Program,
    "facility": Facility,
    "organisation": Organisation,
    "place": Place,
}
MESSAGE_MAX = 2000


class ErrorReportForm(forms.Form):
    message = forms.CharField(
        label="무엇이 틀렸나요?",
        min_length=5,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "무엇이 틀렸는지 적어 주세요.",
            "min_length": "조금 더 자세히 적어 주세요(5자 이상).",
            "max_length": f"{MESSAGE_MAX:,}자 이내로 적어 주세요.",
        },
    )
    email = forms.EmailField(
        label="답변 받을 전자우편(선택)",
        required=False,
        max_length=254,
        error_messages={"invalid": "전자우편 주소 형식이 올바르지 않습니다. 예: name@example.kr"},
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by form-filling robots.
    website = forms.CharField(label="이 칸은 비워 두세요", required=False)
    kind = forms.CharField(required=False, max_length=20)
    object_id = forms.IntegerField(required=False, min_value=1)
    page = forms.CharField(required=False, max_length=300)

    @property
    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def clean_message(self):
        return self.cleaned_data["message"].strip()

    def clean_page(self):
        """A path on this site only (never another host: the thank-you page links back to it)."""
        page = (self.cleaned_data.get("page") or "").strip()
        if not page.startswith("/") or page.startswith("//") or "\\" in page:
            return ""
        return page

    def record(self):
        """The public record the report is about, or None (unknown, or not public)."""
        model = KINDS.get(self.cleaned_data.get("kind") or "")
        object_id = self.cleaned_data.get("object_id")
        if model is None or object_id is None:
            return None
        return model.public_objects.filter(pk=object_id).first()
