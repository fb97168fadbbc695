from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Follow `next` and `previous` (an opaque `cursor`); `?page_size=` up to `max_page_size`, PAGE_SIZE by default.

    No page numbers and no count: at two million comments, counting alone took a second and a deep page
    skipped as many rows as its offset, while a cursor reads the next rows from the primary key's index.
    Ordered by id, so a page never repeats or skips an object added while a client walks the list.
    """

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 200
