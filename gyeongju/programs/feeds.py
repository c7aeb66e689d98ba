"""Atom feeds: every change site-wide, one program's changes, and the explorer's current search."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gyeongju.core.dates import format_datetime
from gyeongju.core.seo import absolute

from .filters import ProgramFilterForm
from .history import program_timeline, program_timelines
from .models import Program

RECENT_PROGRAMS = 20
PROGRAM_ITEMS = 50


class ChangeItem:
    """One timeline entry of one program, as a feed item."""

    def __init__(self, program, item):
        self.program = program
        self.item = item

    @property
    def title(self):
        subjects = ", ".join(dict.fromkeys(f"{e.subject} {e.action}" for e in self.item.events))
        return f"{self.program.name}: {subjects}"

    @property
    def description(self):
        lines = [f"변경 일시: {format_datetime(self.item.when)}"]
        if self.item.reason:
            lines.append(f"변경 사유: {self.item.reason}")
        for event in self.item.events:
            for change in event.changes:
                old = f"{change.old} → " if change.old else ""
                lines.append(f"{event.subject} · {change.label}: {old}{change.new}")
        return "\n".join(lines)

    @property
    def link(self):
        day = timezone.localdate(self.item.when).isoformat()  # the Seoul day of the change
        return absolute(
            reverse("programs:detail", kwargs={"slug": self.program.slug}) + f"?as_of={day}"
        )

    @property
    def guid(self):
        history = reverse("programs:history", kwargs={"slug": self.program.slug})
        return f"{settings.SITE_URL}{history}#change-{int(self.item.when.timestamp())}"


def latest_changes(programs, per_program=1):
    programs = list(programs)
    timelines = program_timelines(programs)  # a fixed number of queries for all of them
    items = []
    for program in programs:
        for entry in timelines[program.pk][:per_program]:
            items.append(ChangeItem(program, entry))
    return sorted(items, key=lambda i: i.item.when, reverse=True)


class PlainTextAtom1Feed(Atom1Feed):
    """Summaries are staff's plain text: sent as type="text" (Django sends type="html", which a
    feed reader would render, so a name or reason with markup in it would become markup)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ChangeFeed(Feed):
    """Links and ids on the canonical SITE_URL (as the sitemaps), whatever host was asked."""

    feed_type = PlainTextAtom1Feed
    author_name = "경주시"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute(request.get_full_path())
        return feed

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.item.when

    def item_updateddate(self, item):
        return item.item.when

    def item_categories(self, item):
        return [item.program.category.name]


class UpdatesFeed(ChangeFeed):
    title = f"{settings.SITE_NAME}: 전체 업데이트"
    subtitle = "예산, 일정, 성과가 바뀐 사업을 알려 드립니다."

    def link(self):
        return absolute(reverse("programs:list"))

    def items(self):
        programs = Program.public_objects.select_related("category").order_by("-updated_at", "pk")
        return latest_changes(programs[:RECENT_PROGRAMS])


class ProgramFeed(ChangeFeed):
    def get_object(self, request, slug):
        program = Program.public_objects.select_related("category").filter(slug=slug).first()
        if program is None:
            raise Http404("사업을 찾을 수 없습니다.")
        return program

    def title(self, program):
        return f"{program.name}: 변경 알림"

    def subtitle(self, program):
        return f"{settings.SITE_NAME}의 {program.name} 예산, 일정, 성과 변경 기록"

    def link(self, program):
        return absolute(program.get_absolute_url())

    def items(self, program):
        return [ChangeItem(program, entry) for entry in program_timeline(program)[:PROGRAM_ITEMS]]


class SearchFeed(ChangeFeed):
    def get_object(self, request):
        return ProgramFilterForm(request.GET)

    def title(self, form):
        chips = ", ".join(chip["label"] for chip in form.chips())
        return f"{settings.SITE_NAME}: 사업 검색 알림" + (f" ({chips})" if chips else "")

    subtitle = "이 검색 조건에 맞는 사업의 예산, 일정, 성과가 바뀌면 알려 드립니다."

    def link(self, form):
        query = form.query_without_page()
        return absolute(reverse("programs:list") + (f"?{query}" if query else ""))

    def items(self, form):
        programs = form.filter(Program.public_objects.select_related("category"))
        programs = programs.order_by("-updated_at", "pk")[:RECENT_PROGRAMS]
        return latest_changes(programs)
