"""The desk (Django's admin) reads as natural Ukrainian, not as Ukrainian nouns dropped into
English sentences ("Додати стаття", "За статус", "10 статті"), and stays natural English.

Each phrase is checked on the page an editor opens, in both languages, with the wrong form
Django's stock admin would print.
"""

import html
import re
from datetime import datetime

import pytest
from desk_users import make_user
from django.urls import reverse
from django.utils import timezone

from factories import make_article, make_author, make_change_note, make_section, make_suggestion
from newsroom.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(make_user(is_superuser=True))
    return client


def page_text(response) -> str:
    """What the editor reads: the text, the window title and the buttons' labels."""
    assert response.status_code == 200
    content = response.content.decode()
    content = re.sub(r"<script.*?</script>", " ", content, flags=re.DOTALL)
    content = re.sub(r'(?:title|value|aria-label)="([^"]*)"', r"> \1 <", content)
    content = re.sub(r"</?(?:a|span|strong|em)\b[^>]*>", "", content)  # inline: no space
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)))


def read(client, url, language="uk", **params) -> str:
    return page_text(client.get(url, params, headers={"Accept-Language": language}))


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:{model}_{view}", args=args)


# --------------------------------------------------------------------------- page titles


@pytest.mark.parametrize(
    ("model", "ukrainian", "wrong", "english"),
    [
        (
            "newsroom_article",
            "Виберіть статтю, щоб змінити",
            "Виберіть стаття",
            "Select article to change",
        ),
        ("newsroom_section", "Виберіть розділ, щоб змінити", "розділ щоб", "section to change"),
        ("newsroom_author", "Виберіть автора, щоб змінити", "Виберіть автор ", "author to change"),
        ("newsroom_revision", "Виберіть версію для перегляду", "Вибрати версія", "revision to"),
        (
            "corrections_changenote",
            "Виберіть примітку про зміну для перегляду",
            "Вибрати примітка",
            "Select change note to view",
        ),
    ],
)
def test_list_titles_decline_the_noun(desk, model, ukrainian, wrong, english):
    make_change_note(article=make_article())
    make_author()

    ukrainian_page = read(desk, url(model, "changelist"))

    assert ukrainian in ukrainian_page
    assert wrong not in ukrainian_page
    assert english in read(desk, url(model, "changelist"), "en")


def test_the_lookup_window_asks_to_select_one_not_to_change(desk):
    # The change note form's magnifier next to "article" opens the list in a lookup window.
    make_article()

    ukrainian = read(desk, url("newsroom_article", "changelist"), _popup="1", _to_field="id")
    english = read(desk, url("newsroom_article", "changelist"), "en", _popup="1", _to_field="id")

    assert "Виберіть статтю |" in ukrainian
    assert "щоб змінити" not in ukrainian
    assert "Select article |" in english
    assert "to change" not in english


@pytest.mark.parametrize(
    ("model", "ukrainian", "wrong", "english"),
    [
        ("newsroom_article", "Додати статтю", "Додати стаття", "Add article"),
        ("newsroom_author", "Додати автора", "Додати автор ", "Add author"),
        # "Розділ" reads the same in both cases; what Django gets wrong here is the list's
        # title, which wants a comma before "щоб".
        ("newsroom_section", "Додати розділ", "Виберіть розділ щоб змінити", "Add section"),
        (
            "corrections_changenote",
            "Додати примітку про зміну",
            "Додати примітка",
            "Add change note",
        ),
    ],
)
def test_add_button_and_add_page_decline_the_noun(desk, model, ukrainian, wrong, english):
    listing = read(desk, url(model, "changelist"))
    adding = read(desk, url(model, "add"))

    assert ukrainian in listing
    assert f"{ukrainian} |" in adding  # the window title
    assert adding.count(ukrainian) >= 3  # window title, breadcrumb and heading
    assert wrong not in listing + adding
    assert english in read(desk, url(model, "changelist"), "en")
    assert f"{english} |" in read(desk, url(model, "add"), "en")


def test_change_and_view_pages_decline_the_noun(desk):
    article = make_article(title="Flood gates hold")
    note = make_change_note(article=article)
    revision = article.revisions.get()

    assert "Редагувати статтю" in read(desk, url("newsroom_article", "change", article.pk))
    assert "Змінити стаття" not in read(desk, url("newsroom_article", "change", article.pk))
    assert "Редагувати розділ" in read(desk, url("newsroom_section", "change", article.section_id))
    assert "Перегляд примітки про зміну" in read(
        desk, url("corrections_changenote", "change", note.pk)
    )
    assert "Перегляд версії" in read(desk, url("newsroom_revision", "change", revision.pk))
    assert "Переглянути версія" not in read(desk, url("newsroom_revision", "change", revision.pk))
    assert "Change article" in read(desk, url("newsroom_article", "change", article.pk), "en")
    assert "View change note" in read(desk, url("corrections_changenote", "change", note.pk), "en")


def test_related_links_name_the_model_without_a_wrong_case(desk):
    make_section()

    adding = read(desk, url("newsroom_article", "add"))

    assert "Додати ще одну розділ" not in adding
    assert "Змінити обрану розділ" not in adding
    assert "Додати новий запис: розділ" in adding
    assert "Змінити вибраний запис: розділ" in adding
    assert "Add another section" in read(desk, url("newsroom_article", "add"), "en")


# --------------------------------------------------------------------------- filters and dates


def test_filters_are_headed_by_their_name_not_a_broken_preposition(desk):
    make_article()

    listing = read(desk, url("newsroom_article", "changelist"))

    assert "Фільтр: статус" in listing
    assert "Фільтр: мова" in listing
    assert "За статус" not in listing and "За мова" not in listing
    assert "By status" in read(desk, url("newsroom_article", "changelist"), "en")


def test_the_date_hierarchy_is_ukrainian_with_days_in_the_genitive(desk):
    day = timezone.make_aware(datetime(2025, 11, 16, 12))
    make_article(published_at=day)

    listing = read(
        desk,
        url("newsroom_article", "changelist"),
        published_at__year=day.year,
        published_at__month=11,
    )

    assert "Фільтр за датою: час публікації" in listing
    assert "Filter by" not in listing
    assert "16 листопада" in listing
    assert "16 Листопад" not in listing
    english = read(
        desk,
        url("newsroom_article", "changelist"),
        "en",
        published_at__year=day.year,
        published_at__month=11,
    )
    assert "Filter by publication time" in english
    assert "16 November" in english


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("count", "ukrainian", "english"),
    [
        (1, "1 стаття", "1 article"),
        (3, "3 статті", "3 articles"),
        (5, "5 статей", "5 articles"),
        (11, "11 статей", "11 articles"),
        (21, "21 стаття", "21 articles"),
    ],
)
def test_the_article_count_takes_ukrainian_plural_forms(desk, count, ukrainian, english):
    section = make_section()
    for _ in range(count):
        make_article(section=section)

    listing = read(desk, url("newsroom_article", "changelist"))

    assert re.search(rf"\b{ukrainian}\b", listing)
    assert re.search(rf"\b{english}\b", read(desk, url("newsroom_article", "changelist"), "en"))


def test_every_desk_list_counts_in_ukrainian(desk):
    article = make_article()
    for _ in range(5):
        make_change_note(article=article)
        make_section()
        make_author()
    # 5 revisions: the plural Django's own "%s версії" gets wrong.
    for _ in range(4):
        make_article(section=article.section)

    assert "5 приміток про зміни" in read(desk, url("corrections_changenote", "changelist"))
    assert "6 розділів" in read(desk, url("newsroom_section", "changelist"))
    assert "5 авторів" in read(desk, url("newsroom_author", "changelist"))
    revisions = read(desk, url("newsroom_revision", "changelist"))
    assert "5 версій" in revisions
    assert "5 версії" not in revisions


def test_the_full_suggestion_list_counts_in_ukrainian(desk):
    article = make_article()
    for quote in ["Tuesday", "winter", "March", "repair", "cost"]:
        make_suggestion(article=article, quote=quote)

    listing = read(desk, url("corrections_suggestion", "changelist"), status="all")

    assert "5 пропозицій" in listing
    assert "5 пропозиції" not in listing


def test_the_action_bar_reads_naturally(desk):
    make_article()

    listing = read(desk, url("newsroom_article", "changelist"))

    # As Django's script says once a row is ticked: "Обрано 1 з 1".
    assert "Обрано 0 з 1" in listing
    assert "0 з 1 обрано" not in listing


# --------------------------------------------------------------------- header, delete, messages


def test_the_header_link_to_the_site(desk):
    listing = read(desk, url("newsroom_section", "changelist"))

    assert "Переглянути сайт" in listing
    assert "Дивитися сайт" not in listing
    assert "View site" in read(desk, url("newsroom_section", "changelist"), "en")


def test_the_delete_confirmation_is_ukrainian(desk):
    note = make_change_note(article=make_article())

    page = read(desk, url("corrections_changenote", "delete", note.pk))

    assert "Ви впевнені, що хочете видалити цей запис (примітка про зміну:" in page
    assert "Are you sure" not in page
    assert "Are you sure you want to delete the change note" in read(
        desk, url("corrections_changenote", "delete", note.pk), "en"
    )


def test_a_protected_delete_is_explained_in_ukrainian(desk):
    article = make_article()

    page = read(desk, url("newsroom_section", "delete", article.section_id))

    assert "Не вдається видалити цей запис" in page
    assert "Deleting the" not in page
    assert "would require deleting" in read(
        desk, url("newsroom_section", "delete", article.section_id), "en"
    )


def saved(client, path, data, language="uk") -> str:
    """The page the editor lands on after a form, with Django's message on it."""
    headers = {"Accept-Language": language}
    response = client.post(path, data, headers=headers)
    assert response.status_code == 302, page_text(response)
    return read(client, response["Location"], language)


def test_messages_after_saving_agree_whatever_the_gender(desk):
    added = saved(
        desk,
        url("newsroom_section", "add"),
        {"name": "Порт", "slug": "port", "position": 1, "_continue": "1"},
    )
    section_id = Section.objects.get(slug="port").pk
    changed = saved(
        desk,
        url("newsroom_section", "change", section_id),
        {"name": "Порт і узбережжя", "slug": "port", "position": 1},
    )
    deleted = saved(desk, url("newsroom_section", "delete", section_id), {"post": "yes"})

    assert "Додано: розділ «Порт». Нижче можна продовжити редагування." in added
    assert "Зміни збережено: розділ «Порт і узбережжя»." in changed
    assert "Видалено: розділ «Порт і узбережжя»." in deleted
    assert "було" not in added + changed
    assert "був видалений" not in deleted


def test_messages_in_english_are_unchanged(desk):
    page = saved(
        desk, url("newsroom_section", "add"), {"name": "Port", "slug": "port", "position": 1}, "en"
    )

    assert "The section “Port” was added successfully." in page


def test_deleting_several_at_once_reads_naturally(desk):
    sections = [make_section(), make_section()]
    selected = {"action": "delete_selected", "_selected_action": [s.pk for s in sections]}
    headers = {"Accept-Language": "uk"}

    confirmation = page_text(
        desk.post(url("newsroom_section", "changelist"), selected, headers=headers)
    )
    deleted = saved(desk, url("newsroom_section", "changelist"), {**selected, "post": "yes"})

    assert "Видалення кількох записів" in confirmation
    assert "Ви впевнені, що хочете видалити вибрані записи (розділи)?" in confirmation
    assert "Так, видалити" in confirmation and "я впевнений" not in confirmation
    assert "Видалено: розділи (2)." in deleted
    assert "Успішно видалено" not in deleted


def test_saving_a_list_in_place_says_what_was_saved(desk):
    first, second = make_section(position=1), make_section(position=2)
    rows = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": first.pk,
        "form-0-position": 3,
        "form-1-id": second.pk,
        "form-1-position": 4,
        "_save": "1",
    }

    page = saved(desk, url("newsroom_section", "changelist"), rows)

    assert "Зміни збережено: розділи (2)." in page
    assert "були успішно змінені" not in page


def test_the_queue_filters_are_headed_in_the_nominative(desk):
    make_suggestion(article=make_article())

    queue = read(desk, url("corrections_suggestion", "changelist"))

    assert "Фільтр: прив’язка до тексту" in queue
    assert "Фільтр: давність" in queue
    assert "прив’язкою" not in queue
    assert "By anchored" in read(desk, url("corrections_suggestion", "changelist"), "en")
