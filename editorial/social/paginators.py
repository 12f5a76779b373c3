"""Pagination of the admin registers that does not count the whole table."""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

from .networks import format_count


class CappedPaginator(WagtailPaginator):
    """Counts at most `cap` + 1 rows, in one query (COUNT over a LIMITed subquery):
    a register of 30,000 deliveries is read 25 at a time, and counting all of them
    on every view costs more than the page itself. Beyond the cap the label reads
    "1 000+" and the last pages are reached by filtering."""

    cap = 1_000

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        # Django cuts the last page at `count`; beyond the cap that is not the end.
        if not self.is_capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)

    @property
    def is_capped(self):
        return self.count > self.cap

    @cached_property
    def items_count_label(self):
        if self.is_capped:
            return f"{format_count(self.cap)}+ {self.verbose_name_plural}"
        return super().items_count_label

    def count_label(self):
        """The count for "N out of M" texts: a number, or "1 000+" beyond the cap."""
        return f"{format_count(self.cap)}+" if self.is_capped else self.count
