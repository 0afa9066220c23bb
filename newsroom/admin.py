from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Article, Author, Revision, Section
from .services import article_save


class NamedPages:
    """A model's admin pages titled and counted in whole phrases, one per language.

    Django builds them from the model's name ("Add %s", "10 articles"), which Ukrainian
    cannot take as it is: the noun is declined ("Додати статтю") and a count has three
    plural forms ("3 статті", "5 статей"). A title not given keeps Django's own.
    """

    # Keys: "select_to_change", "select_to_view" (the list), "select" (the list in a
    # lookup window, picking one for another record's field), "add", "change", "view".
    titles = {}
    # ngettext_lazy("%(count)s article", "%(count)s articles", "count"), read by the
    # admin's pagination template (templates/admin/pagination.html).
    count_label = None

    def changelist_view(self, request, extra_context=None):
        if IS_POPUP_VAR in request.GET:
            key = "select"
        elif self.has_change_permission(request):
            key = "select_to_change"
        else:
            key = "select_to_view"
        context = {"add_title": self.titles.get("add")}
        if key in self.titles:
            context["title"] = self.titles[key]
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        key = "add" if add else "change" if self.has_change_permission(request, obj) else "view"
        if key in self.titles:
            context["title"] = self.titles[key]
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Section)
class SectionAdmin(NamedPages, admin.ModelAdmin):
    titles = {
        "select_to_change": _("Select section to change"),
        "select_to_view": _("Select section to view"),
        "add": _("Add section"),
        "change": _("Change section"),
        "view": _("View section"),
    }
    count_label = ngettext_lazy("%(count)s section", "%(count)s sections", "count")
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(NamedPages, admin.ModelAdmin):
    titles = {
        "select_to_change": _("Select author to change"),
        "select_to_view": _("Select author to view"),
        "add": _("Add author"),
        "change": _("Change author"),
        "view": _("View author"),
    }
    count_label = ngettext_lazy("%(count)s author", "%(count)s authors", "count")
    list_display = ["name", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "title", "created_at", "created_by", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(Article)
class ArticleAdmin(NamedPages, admin.ModelAdmin):
    titles = {
        "select_to_change": _("Select article to change"),
        "select": _("Select article"),
        "select_to_view": _("Select article to view"),
        "add": _("Add article"),
        "change": _("Change article"),
        "view": _("View article"),
    }
    count_label = ngettext_lazy("%(count)s article", "%(count)s articles", "count")
    list_display = ["title", "section", "status", "published_at"]
    list_filter = ["status", "section", "language"]
    list_select_related = ["section"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors"]
    inlines = [RevisionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body", "section", "authors"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "language"]}),
    ]

    class Media:
        js = [forms.Script("newsroom/autocomplete_labels.js", type="module")]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.FileField):
            # The admin shows a file input under a legend, which names no field: without
            # its own label a screen reader announces an unnamed "Choose file" button.
            formfield.widget.attrs["aria-label"] = formfield.label
        return formfield

    def save_model(self, request, obj, form, change):
        # Keep the revision on the form so subclasses can attach what they record with it.
        # The authors too: the form would save them after this (save_related), too late
        # for the revision.
        form.revision = article_save(
            article=obj, user=request.user, authors=form.cleaned_data.get("authors")
        )

    def save_related(self, request, form, formsets, change):
        # save_model saved the byline (the form's one many-to-many field) with its
        # revision; form.save_m2m() would only read it back and find nothing to change.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Revision)
class RevisionAdmin(NamedPages, admin.ModelAdmin):
    titles = {"select_to_view": _("Select revision to view"), "view": _("View revision")}
    count_label = ngettext_lazy("%(count)s revision", "%(count)s revisions", "count")
    list_display = ["article", "number", "created_at", "created_by"]
    list_select_related = ["article", "created_by"]
    readonly_fields = [field.name for field in Revision._meta.fields]
    search_fields = ["article__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
