from django.urls import register_converter


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

# An article's address; every page about one article (its changelog, the suggestion form)
# lives below it.
ARTICLE_PREFIX = "<slug:section>/<int:year>/<dd:month>/<dd:day>/<slug:slug>/"
