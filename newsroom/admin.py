from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Revision, Section
from .services import article_save


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
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
class ArticleAdmin(admin.ModelAdmin):
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
        # The authors too: the admin saves them after this, too late for the revision.
        form.revision = article_save(
            article=obj, user=request.user, authors=form.cleaned_data.get("authors")
        )


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
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
