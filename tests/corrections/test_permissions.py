"""Who may see and decide what on the desk: the groups the migration creates."""

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.contrib.auth.models import Group
from django.urls import reverse

from factories import make_article, make_author, make_suggestion

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:corrections_suggestion_changelist")


def change_url(suggestion):
    return reverse("admin:corrections_suggestion_change", args=[suggestion.pk])


def test_the_migration_creates_both_groups_with_their_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    authors = set(Group.objects.get(name="Authors").permissions.values_list("codename", flat=True))
    assert {
        "review_suggestion",
        "view_suggestion",
        "change_suggestion",
        "add_changenote",
        "change_changenote",
        "view_changenote",
        "add_article",
        "change_article",
        "view_article",
        "view_revision",
        "view_section",
        "view_author",
    } == editors
    assert authors == {"view_suggestion"}


def test_staff_without_a_desk_group_get_403(client):
    client.force_login(make_user())
    suggestion = make_suggestion()
    assert client.get(QUEUE).status_code == 403
    assert client.get(change_url(suggestion)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.fixture
def author_client(client):
    user = make_author_user()
    client.force_login(user)
    client.author = make_author(user=user)
    return client


def test_authors_see_only_suggestions_on_their_own_articles(author_client):
    mine = make_suggestion(
        article=make_article(authors=[author_client.author]),
        email="reader@example.org",
        notify_consent=True,
        ip_hash="f" * 64,
    )
    theirs = make_suggestion()

    response = author_client.get(QUEUE)

    assert list(response.context["cl"].result_list) == [mine]
    assert author_client.get(change_url(theirs)).status_code in (302, 404)
    page = author_client.get(change_url(mine))
    assert page.status_code == 200
    html = page.content.decode()
    assert "reader@example.org" not in html
    assert "f" * 64 not in html


@pytest.mark.parametrize(
    "lookup",
    ["email__startswith", "ip_hash__startswith", "token__startswith", "user_agent__contains"],
)
def test_hidden_reader_data_cannot_be_probed_through_queue_filters(author_client, lookup):
    make_suggestion(
        article=make_article(authors=[author_client.author]),
        email="secret@example.org",
        notify_consent=True,
        ip_hash="a" * 64,
        user_agent="Secret browser",
    )
    response = author_client.get(f"{QUEUE}?{lookup}=s")
    # Refused outright, rather than answering "1 match" or "0 matches" to a guess.
    assert response.status_code == 400


def test_authors_do_not_learn_the_titles_of_other_articles(author_client):
    other = make_article(title="Secret draft about the harbour", published=False)
    make_suggestion(article=make_article(), quote="harbour wall")
    response = author_client.get(f"{QUEUE}?article={other.pk}")
    assert response.status_code == 200
    assert "Secret draft" not in response.content.decode()


def test_authors_cannot_decide(author_client):
    mine = make_suggestion(article=make_article(authors=[author_client.author]))

    page = author_client.get(change_url(mine)).content.decode()
    assert 'value="accept"' not in page
    response = author_client.post(
        change_url(mine), {"CHANGE_FORM-action": "mark_spam", "_selected_action": [mine.pk]}
    )

    mine.refresh_from_db()
    assert mine.status == "new"
    assert response.status_code in (302, 400, 403)


def test_editors_see_the_reader_details(client):
    client.force_login(make_editor())
    suggestion = make_suggestion(email="reader@example.org", notify_consent=True)
    assert "reader@example.org" in client.get(change_url(suggestion)).content.decode()


def test_superusers_see_everything(client):
    client.force_login(make_user(is_superuser=True))
    suggestions = [make_suggestion(), make_suggestion()]
    assert set(client.get(QUEUE).context["cl"].result_list) == set(suggestions)
