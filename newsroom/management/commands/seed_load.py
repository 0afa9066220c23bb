import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from newsroom.demo_content import LOAD_WORDS
from newsroom.markdown import render_markdown
from newsroom.models import Article, Revision, Section, text_digest
from newsroom.text import canonical_text

BATCH_SIZE = 500


def filler_paragraphs(rng: random.Random, paragraphs: int, words: int) -> str:
    return "\n\n".join(
        " ".join(rng.choices(LOAD_WORDS, k=words)).capitalize() + "." for _ in range(paragraphs)
    )


class Command(BaseCommand):
    help = "Bulk-create generated articles (and their first revisions) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=0)
        parser.add_argument("--paragraphs", type=int, default=8)
        parser.add_argument("--words", type=int, default=60, help="words per paragraph")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, **options):
        # Reproducible filler text, not security: a seeded generator is what we want.
        rng = random.Random(options["seed"])  # noqa: S311
        section, _ = Section.objects.get_or_create(
            slug="load", defaults={"name": "Load test", "position": 99}
        )
        start = Article.objects.count()
        now = timezone.now()
        articles = []
        for index in range(start, start + options["articles"]):
            body = filler_paragraphs(rng, options["paragraphs"], options["words"])
            articles.append(
                Article(
                    title=f"Generated article {index}",
                    slug=f"generated-article-{index}",
                    standfirst=" ".join(rng.choices(LOAD_WORDS, k=20)).capitalize() + ".",
                    body=body,
                    body_html=render_markdown(body),
                    section=section,
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=index),
                )
            )
        Article.objects.bulk_create(articles, batch_size=BATCH_SIZE)
        articles = list(Article.objects.filter(section=section, current_revision=None))
        revisions = []
        for article in articles:
            text = canonical_text(article.body_html)
            revisions.append(
                Revision(
                    article=article,
                    number=1,
                    title=article.title,
                    standfirst=article.standfirst,
                    body_html=article.body_html,
                    canonical_text=text,
                    section_name=section.name,
                    sha256=text_digest(text),
                )
            )
        Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
        for article, revision in zip(articles, revisions, strict=True):
            article.current_revision = revision
        Article.objects.bulk_update(articles, ["current_revision"], batch_size=BATCH_SIZE)
        self.stdout.write(f"Created {len(articles)} articles in section “{section.name}”.")
