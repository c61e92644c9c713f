"""Paging long lists of organisations: capped counts, keyset pages, a capped page number.

At 100,000 organisations an exact ``count(*)`` and a deep ``OFFSET`` each read every row
before the page; these helpers keep a list's cost to the rows it shows:

- a count stops at :data:`COUNT_CAP` and says "more than" beyond (``capped_count``);
- the API pages by keyset (``after=`` the last organisation's id, in the ``(name, id)`` order
  that the ``registry_org_name_id`` index serves), see ``after_organisation``;
- the directory's page numbers stop at the capped count (:class:`CappedPaginator`).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

#: Lists count their rows up to this many, then say "more than" this.
COUNT_CAP = 10_000


def capped_count(queryset: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """How many rows ``queryset`` holds, counting no further than ``cap``: ``(count, more)``.

    ``more`` is true when there are more than ``cap`` rows (``count`` is then ``cap``);
    ``cap`` defaults to :data:`COUNT_CAP`.
    """
    cap = COUNT_CAP if cap is None else cap
    found = queryset.order_by().values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


def after_organisation(
    queryset: QuerySet[Any], visible: QuerySet[Any], organisation_id: int
) -> QuerySet[Any] | None:
    """The rows of ``queryset`` (ordered by name, then id) after organisation ``organisation_id``.

    The organisation must be in ``visible`` (what the caller may see); None when it is not,
    so a private organisation's place in the order is never revealed.
    """
    found = visible.filter(pk=organisation_id).values_list("name", "id").first()
    if found is None:
        return None
    name, pk = found
    # (name, id) > (last name, last id), spelled so that the (name, id) index serves it
    return queryset.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk)).filter(name__gte=name)


def window(queryset: QuerySet[Any], start: int, stop: int) -> QuerySet[Any]:
    """Rows ``start`` to ``stop`` of ``queryset``, in its order.

    Past the first page the ids are picked first (from the index alone, without the joined
    tables), then only those rows are read with their joins: an ``OFFSET`` of 10,000 on the
    joined query would read and join 10,000 rows to throw them away.
    """
    if start <= 0:
        return queryset[:stop]
    return queryset.filter(pk__in=queryset.values("pk")[start:stop])


class CappedPaginator(Paginator):
    """A paginator whose count stops at :data:`COUNT_CAP` (``more`` says there are more)."""

    more = False

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        count, self.more = capped_count(self.object_list)
        return count

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(window(self.object_list, bottom, top), number, self)
