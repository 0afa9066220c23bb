import pytest

from factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_article_page_renders_without_console_errors_or_csp_violations(page):
    article = make_article(title="Lifeboat crew honoured")
    page.goto(article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Lifeboat crew honoured"
    assert page.locator("[data-correctable][data-part=body]").count() == 1
    assert page.console_errors == []
