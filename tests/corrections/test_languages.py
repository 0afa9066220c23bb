"""An article in another language gets its form, messages, record and emails in that language."""

import re
from io import StringIO

import pytest
from desk_users import make_editor
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from corrections import services
from corrections.models import ChangeNote, Suggestion
from factories import (
    issued_form_key,
    make_article,
    make_author,
    make_change_note,
    make_suggestion,
)
from newsroom.models import Article

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
UKRAINIAN_BODY = (
    "Пором до острова Гарра вийде в рейс о 6:40.\n\n"
    "Квиток для дитини коштуватиме £1,20 в обидва боки."
)


@pytest.fixture
def article():
    return make_article(
        language="uk",
        title="Пором до Гарри",
        body=UKRAINIAN_BODY,
        authors=[make_author(email="author@newsroom.example")],
    )


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def post_data(article, **changes):
    return {
        "article": article.pk,
        "revision": article.current_revision_id,
        "quote": "о 6:40",
        "replacement": "о 6:15",
        "explanation": "",
        "kind": "factual",
        "input_method": "keyboard",
        "idempotency_key": issued_form_key(article),
    } | changes


def test_the_dialogs_form_speaks_the_articles_language(client, article):
    response = client.get(article.get_absolute_url() + "suggest/", headers=HTMX)
    html = response.content.decode()
    assert "Надіслати пропозицію" in html and "Вид помилки" in html
    assert "Send suggestion" not in html


def test_form_errors_are_in_the_articles_language(client, article):
    data = post_data(article, replacement="", email="not an address", notify_consent="on")
    response = client.post(article.get_absolute_url() + "suggest/", data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Напишіть, що не так, або запропонуйте виправлення вище." in html
    # Django's own validation messages come from its Ukrainian catalogue.
    assert "Введіть коректну email адресу." in html
    assert "Enter a valid" not in html


def test_too_quick_and_damaged_forms_are_refused_in_the_articles_language(client, article):
    data = post_data(article, idempotency_key=issued_form_key(article, age=0), revision="x")
    html = client.post(article.get_absolute_url() + "suggest/", data).content.decode()
    assert html_lang_of(html) == "uk"
    assert "Перезавантажте сторінку" in html


def html_lang_of(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html)[1]


def test_the_thank_you_and_status_page_speak_the_articles_language(client, article):
    response = client.post(article.get_absolute_url() + "suggest/", post_data(article))
    assert response.status_code == 201
    assert "Дякуємо" in response.content.decode()
    suggestion = Suggestion.objects.get()
    status = client.get(f"/corrections/s/{suggestion.token}/")
    html = status.content.decode()
    assert html_lang(status) == "uk"
    assert "Ваша пропозиція" in html and "Нова" in html
    assert re.search(r"надіслано \d+ [а-яєії]+ \d{4}, \d\d:\d\d", html)


def test_the_changelog_and_its_feed_speak_the_articles_language(client, article):
    make_change_note(article=article, text="Виправлено час відправлення порома.")
    changelog = client.get(article.get_absolute_url() + "changes/")
    assert html_lang(changelog) == "uk"
    assert "Історія змін" in changelog.content.decode()
    assert "Виправлення" in changelog.content.decode()
    feed = client.get(article.get_absolute_url() + "changes/feed/").content.decode()
    assert "Зміни в статті «Пором до Гарри»" in feed
    assert 'xml:lang="uk"' in feed


def test_the_security_check_page_speaks_the_articles_language(article):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(article.get_absolute_url() + "suggest/", post_data(article))
    assert response.status_code == 403
    assert html_lang(response) == "uk"
    assert "Спробуйте ще раз" in response.content.decode()


def test_the_corrections_page_marks_a_note_in_another_language(client, article):
    make_change_note(article=article, text="Виправлено час відправлення порома.")
    html = client.get("/corrections/").content.decode()
    assert '<p class="change-note__text" lang="uk">' in html
    assert '<h2 class="notes-list__article" lang="uk">' in html


def test_emails_about_the_article_are_in_its_language(django_capture_on_commit_callbacks, article):
    suggestion = make_suggestion(
        article=article, quote="о 6:40", email="reader@example.org", notify_consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_created(suggestion)
        services.suggestion_accept(
            suggestion=suggestion,
            editor=make_editor(),
            note_kind=ChangeNote.Kind.CLARIFICATION,
            note_text="Уточнено час.",
        )
    to_desk, to_reader = mail.outbox
    assert to_desk.subject == "Читач запропонував виправлення до статті «Пором до Гарри»"
    assert to_reader.subject == "Ваша пропозиція щодо статті «Пором до Гарри»"
    assert "Редакція прийняла її й опублікувала примітку до статті:" in to_reader.body
    assert 'lang="uk"' in to_reader.alternatives[0][0]


def test_the_desk_speaks_the_editors_language_whatever_the_article(client, article):
    make_suggestion(article=article, quote="о 6:40")
    client.force_login(make_editor())
    ukrainian = client.get(
        "/admin/corrections/suggestion/", headers={"Accept-Language": "uk"}
    ).content.decode()
    english = client.get(
        "/admin/corrections/suggestion/", headers={"Accept-Language": "en"}
    ).content.decode()
    # The app's and the model's names in the breadcrumbs and the title.
    assert "Виправлення" in ukrainian and "Пропозиції" in ukrainian
    assert "Corrections" in english and "Suggestions" in english
    assert "Пропозиції" not in english
    # Django 6.1's own strings its Ukrainian lacks come from locale/django.
    assert ">Виконати</button>" in ukrainian and ">Run</button>" in english


def test_the_demo_has_an_article_in_ukrainian_with_a_published_correction():
    for _ in range(2):  # seed_demo stays idempotent
        call_command("seed_demo", stdout=StringIO())
    (article,) = Article.objects.filter(language="uk")
    (note,) = article.change_notes.all()
    assert note.kind == ChangeNote.Kind.CORRECTION
    assert "о 10:00" in article.current_revision.canonical_text
    assert "о 9:30" not in article.current_revision.canonical_text
    assert article.suggestions.get().status == Suggestion.Status.ACCEPTED


def test_the_desks_draft_note_is_written_in_the_articles_language(article):
    suggestion = make_suggestion(article=article, quote="о 6:40", replacement="о 6:15")
    with translation.override("en"):  # the editor's language
        correction = services.note_draft(suggestion, kind=ChangeNote.Kind.CORRECTION)
        minor = services.note_draft(suggestion, kind=ChangeNote.Kind.MINOR_FIX)
    assert correction == (
        "У попередній версії статті було написано «о 6:40»; це виправлено на «о 6:15»."
    )
    assert minor == "Дрібні виправлення правопису, граматики чи стилю."
