"""Public project pages, made from awarded applications (grants/services)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models import PartnerLink

from .common import long_text

PUBLIC_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class ProjectIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=PUBLIC_TEXT_FEATURES)

    subpage_types = ["grants.ProjectPage"]
    template = "grants/project_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from grants.projects_listing import project_listing
        from grants.projects_share import share_card

        context = super().get_context(request, *args, **kwargs)
        context.update(project_listing(self, request))
        context["share"] = share_card(self, request, description=self.intro)
        return context

    class Meta:
        verbose_name = _("project list")
        verbose_name_plural = _("project lists")


class ProjectPage(Page):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")

    application = models.ForeignKey(
        "grants.GrantApplicationPage",
        verbose_name=_("grant application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_pages",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    summary = long_text(_("summary"), blank=True)
    goals = RichTextField(_("goals"), blank=True, features=PUBLIC_TEXT_FEATURES)
    results = RichTextField(_("results"), blank=True, features=PUBLIC_TEXT_FEATURES)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the page and in share cards."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("goals"),
        index.FilterField("status"),
    ]
    parent_page_types = ["grants.ProjectIndexPage"]
    subpage_types = []
    template = "grants/project_page.html"
    # The application link is set by grants.projects_services and not edited here.
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")])],
            heading=_("Period"),
        ),
        FieldPanel("image"),
        InlinePanel("funders", heading=_("Funders"), label=_("Funder")),
        FieldPanel("goals"),
        InlinePanel("partners", heading=_("Partners"), label=_("Partner")),
        InlinePanel("updates", heading=_("Project news"), label=_("Project update")),
        FieldPanel("results"),
    ]

    def get_context(self, request, *args, **kwargs):
        from grants.projects_share import share_card

        context = super().get_context(request, *args, **kwargs)
        context["share"] = share_card(
            self, request, description=self.summary or self.goals, image=self.image
        )
        context["funder_list"] = list(self.funders.select_related("logo").all())
        context["partner_list"] = list(self.partners.all())
        context["update_list"] = sorted(
            self.updates.all(), key=lambda update: update.date, reverse=True
        )
        return context

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")


class ProjectFunder(Orderable):
    """A funder as the project must acknowledge it (a publicity duty of every grant)."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("funder"), max_length=200)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledgement = long_text(
        _("required wording"),
        blank=True,
        help_text=_("For example: “Projektą finansuoja Lietuvos kultūros taryba”."),
    )
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta(Orderable.Meta):
        verbose_name = _("funder")
        verbose_name_plural = _("funders")


class ProjectPartner(PartnerLink, Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")

    class Meta(PartnerLink.Meta, Orderable.Meta):
        pass


class ProjectUpdate(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = RichTextField(_("text"), blank=True, features=PUBLIC_TEXT_FEATURES)

    class Meta(Orderable.Meta):
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
