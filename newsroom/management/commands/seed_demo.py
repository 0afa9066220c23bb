import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from newsroom import demo_content
from newsroom.models import Article, Author, Revision, Section
from newsroom.services import article_save
from newsroom.signals import demo_seeded

LEAD_IMAGE_SIZE = (1200, 675)


def lead_image(palette: tuple[str, str]) -> bytes:
    """An abstract horizon in the article's colours: our own picture, no stock photo."""
    top, bottom = (Image.new("RGB", (1, 1), colour).getpixel((0, 0)) for colour in palette)
    width, height = LEAD_IMAGE_SIZE
    image = Image.new("RGB", LEAD_IMAGE_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse([width * 0.62, height * 0.18, width * 0.78, height * 0.46], fill=bottom)
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=70)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the invented demo newsroom. Safe to run again: it updates what it made."

    @transaction.atomic
    def handle(self, *args, **options):
        sections = {
            data["slug"]: Section.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "position": position,
                },
            )[0]
            for position, data in enumerate(demo_content.SECTIONS)
        }
        authors = {
            data["slug"]: Author.objects.update_or_create(
                slug=data["slug"], defaults={"name": data["name"], "bio": data["bio"]}
            )[0]
            for data in demo_content.AUTHORS
        }
        now = timezone.now()
        created = 0
        for data in demo_content.ARTICLES:
            article = Article.objects.filter(slug=data["slug"]).first()
            if article is None:
                created += 1
                article = Article(
                    slug=data["slug"],
                    status=Article.Status.PUBLISHED,
                    # Keep the first publication time on later runs, so URLs stay put.
                    published_at=now - timedelta(days=data["days_ago"], hours=created),
                )
            image = data["image"]
            # An article edited since it was seeded (a demo correction, or an editor trying
            # the desk) keeps its text, caption, credit, byline and section: a rerun must
            # not silently undo a recorded change.
            byline = None
            if article.current_revision is None or article.current_revision.number == 1:
                article.title = data["title"]
                article.standfirst = data["standfirst"]
                article.body = data["body"]
                article.lead_image_caption = image["caption"]
                article.lead_image_credit = image["credit"]
                article.section = sections[data["section"]]
                byline = [authors[slug] for slug in data["authors"]]
            # The demo's articles are written in English but one, whatever the site speaks.
            article.language = data.get("language", "en")
            # The demo pictures are abstract, so describe them as they are, not the scene.
            article.lead_image_alt = image.get(
                "alt_abstract", "Abstract illustration: a sun above a coloured horizon"
            )
            if not article.lead_image:
                article.lead_image.save(
                    f"{data['slug']}.webp", ContentFile(lead_image(image["palette"])), save=False
                )
            first = article.current_revision is None
            article_save(article=article, authors=byline)
            if first:
                # A demo article was published days ago; so was its first version.
                Revision.objects.filter(article=article).update(created_at=article.published_at)
        self.stdout.write(
            f"Demo newsroom ready: {len(sections)} sections, {len(authors)} authors, "
            f"{len(demo_content.ARTICLES)} articles ({created} new)."
        )
        demo_seeded.send(sender=self.__class__, stdout=self.stdout)
