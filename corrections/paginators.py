"""A paginator for the desk's queue that stops counting.

Django's admin counts every row of a list before showing its first page. A search that
matches a quarter of 100,000 reports then reads 25,000 rows to print one number, and the
queue grows slower as the table grows. Nobody pages through thousands of reports: the
editor narrows the search. So the count stops at COUNT_CAP: beyond it the page says "more
than 1,000", links the pages it knows exist and a next page, never a last page it would
have to guess.
"""

from math import ceil

from django.core.paginator import EmptyPage, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedCountPaginator(Paginator):
    """Counts at most `count_cap` + 1 rows; past that, the total is not known.

    When the count is capped, a page is read with one row more than it shows, which tells
    whether a next page exists, so the editor can still page through (past the counted
    rows too) at the cost of the one query the page needs anyway.
    """

    count_cap = COUNT_CAP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._last_page_seen = 0

    @cached_property
    def count(self) -> int:
        """The number of rows, or `count_cap` + 1 when there are more."""
        # Unordered: a LIMITed count needs any count_cap + 1 matches, not the first ones.
        return self.object_list.order_by()[: self.count_cap + 1].count()

    @property
    def count_is_capped(self) -> bool:
        """True when there are more rows than were counted ("more than 1,000")."""
        return self.count > self.count_cap

    @property
    def num_pages(self) -> int:
        """The number of pages, or, when the count is capped, of the pages known to exist."""
        counted_pages = ceil(max(1, self.count - self.orphans) / self.per_page)
        if not self.count_is_capped:
            return counted_pages if self.count or self.allow_empty_first_page else 0
        return max(counted_pages, self._last_page_seen)

    def page(self, number):
        if not self.count_is_capped:
            return super().page(number)
        number = self._validate_number(number, float("inf"))
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        more_follow = len(rows) > self.per_page
        # num_pages then counts this page's next one, and so Page.has_next() says so.
        self._last_page_seen = max(self._last_page_seen, number + more_follow)
        return self._get_page(rows[: self.per_page], number, self)

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        """As Django's, but with a capped count it ends at the last page known to exist,
        followed by an ellipsis when more are known to follow the pages listed."""
        if not self.count_is_capped:
            yield from super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
            return
        number = self.validate_number(number)
        if number > 1 + on_each_side + on_ends + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
            yield from range(number - on_each_side, number + 1)
        else:
            yield from range(1, number + 1)
        last_listed = min(number + on_each_side, self.num_pages)
        yield from range(number + 1, last_listed + 1)
        if last_listed < self.num_pages:
            yield self.ELLIPSIS
