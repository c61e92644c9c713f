"""The partnerships API's one router: the reads (``api``) and the writes (``api_applications``,
``api_workspace``) register on it, since a path shared by a read and a write must be on one."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["partnerships"])
