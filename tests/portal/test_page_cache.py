"""The page cache for visitors who are not signed in (clustera.portal.page_cache, issue 18)."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.test import Client, RequestFactory

from clustera.portal import page_cache
from clustera.registry.models import Organisation

ROOT = Path(__file__).resolve().parents[2]
TOKENS = re.compile(
    r'name="csrfmiddlewaretoken" value="([^"]+)"|&quot;X-CSRFToken&quot;: &quot;([^&]+)&quot;'
    r'|"X-CSRFToken": "([^"]+)"'
)


@pytest.fixture
def cache_on(settings):
    settings.CLUSTERA_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _public_pages(registry) -> list[str]:
    pk = registry["ORG2"].pk
    return [
        "/",
        "/directory/",
        "/directory/?technology=KET1",
        f"/organisations/{pk}/",
        "/map/",
        "/search/?q=optics",
        "/observatory/",
        "/observatory/regions/XA111/",
        "/news/",
        "/publications/",
        "/events/",
        "/fr/directory/",
        f"/de/organisations/{pk}/",
    ]


def _tokens(html: str) -> list[str]:
    return [next(g for g in match.groups() if g) for match in TOKENS.finditer(html)]


def test_anonymous_pages_are_served_from_the_cache(client, registry, cache_on):
    org = registry["ORG2"]
    first = client.get(f"/organisations/{org.pk}/")
    assert first["X-Page-Cache"] == "miss"
    # a change not committed yet (the test's transaction): the cached page is served as it was
    Organisation.objects.filter(pk=org.pk).update(name="Renamed Optics")
    second = client.get(f"/organisations/{org.pk}/")
    assert second["X-Page-Cache"] == "hit"
    assert "Lumen Optics" in second.content.decode()
    assert "Renamed Optics" not in second.content.decode()
    assert "Cookie" in second["Vary"] and "Accept-Language" in second["Vary"]
    page_cache.bump_version()
    third = client.get(f"/organisations/{org.pk}/")
    assert third["X-Page-Cache"] == "miss" and "Renamed Optics" in third.content.decode()


def test_a_write_through_the_orm_makes_cached_pages_stale(
    client, registry, cache_on, django_capture_on_commit_callbacks
):
    org = registry["ORG2"]
    assert client.get("/directory/")["X-Page-Cache"] == "miss"
    assert client.get("/directory/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        org.name = "Lumen Photonics"
        org.save()
    assert callbacks, "the save scheduled no version bump"
    fresh = client.get("/directory/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Lumen Photonics" in fresh.content.decode()


def test_signed_in_users_bypass_the_cache_and_are_never_stored(client, registry, users, cache_on):
    org = registry["ORG2"]
    client.force_login(users["orgadmin"])
    for _ in range(2):
        page = client.get(f"/organisations/{org.pk}/")
        assert page.status_code == 200 and "X-Page-Cache" not in page
    assert "Log out" in page.content.decode()
    visitor = Client()
    first = visitor.get(f"/organisations/{org.pk}/")
    assert first["X-Page-Cache"] == "miss"  # the signed-in answers were not stored
    assert "Log out" not in first.content.decode()
    client.get(f"/organisations/{org.pk}/")  # signed in again: a hit would be wrong
    Organisation.objects.filter(pk=org.pk).update(name="Only Fresh For Members")
    assert "Only Fresh For Members" in client.get(f"/organisations/{org.pk}/").content.decode()


def test_api_lists_cached_without_a_token_only_and_still_rate_limited(
    client, registry, bearer, cache_on, settings
):
    assert client.get("/api/organisations?limit=5")["X-Page-Cache"] == "miss"
    assert client.get("/api/organisations?limit=5")["X-Page-Cache"] == "hit"
    with_token = client.get("/api/organisations?limit=5", **bearer("plain"))
    assert with_token.status_code == 200 and "X-Page-Cache" not in with_token
    settings.CLUSTERA_API_RATE_IP = "3/min"
    caches["throttle"].clear()
    answers = [client.get("/api/organisations?limit=5") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["X-Page-Cache"] == "hit"


def test_languages_and_htmx_fragments_are_kept_apart(client, registry, cache_on):
    english = client.get("/directory/")
    french = client.get("/fr/directory/")
    assert english["X-Page-Cache"] == french["X-Page-Cache"] == "miss"
    assert 'lang="fr"' in french.content.decode() and 'lang="en"' in english.content.decode()
    assert client.get("/fr/directory/")["X-Page-Cache"] == "hit"
    assert 'lang="fr"' in client.get("/fr/directory/").content.decode()
    fragment = client.get("/directory/", HTTP_HX_REQUEST="true")
    assert fragment["X-Page-Cache"] == "miss"
    assert "<html" not in fragment.content.decode()
    assert "<html" in client.get("/directory/").content.decode()


def test_ttl_zero_turns_the_cache_off(client, registry, settings):
    settings.CLUSTERA_PAGE_CACHE_SECONDS = 0
    caches["pages"].clear()
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/directory/")


def test_visitors_with_a_session_or_a_waiting_message_bypass_the_cache(client, registry, cache_on):
    assert client.get("/directory/")["X-Page-Cache"] == "miss"
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/directory/")
    del client.cookies["sessionid"]
    client.cookies["messages"] = "a waiting message"
    assert "X-Page-Cache" not in client.get("/directory/")


@pytest.mark.django_db
def test_every_cached_page_carries_only_its_own_visitors_csrf_token(registry, cache_on):
    """Visitor A fills the cache; visitor B gets the page with B's token, never A's."""
    for url in _public_pages(registry):
        a, b = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        first = a.get(url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url
        a_secret = a.cookies["csrftoken"].value
        a_tokens = _tokens(first.content.decode())
        assert a_tokens, f"{url}: no CSRF token on the page"
        assert all(_unmask_cipher_token(t) == a_secret for t in a_tokens), url
        second = b.get(url)
        assert second["X-Page-Cache"] == "hit", url
        b_secret = b.cookies["csrftoken"].value
        assert b_secret != a_secret
        html = second.content.decode()
        assert page_cache.placeholder() not in html, url
        b_tokens = _tokens(html)
        assert len(b_tokens) == len(a_tokens), url
        assert all(_unmask_cipher_token(t) == b_secret for t in b_tokens), url
        assert not any(t in html for t in a_tokens), url
        # B's page works for B: the language switcher's form posts with B's token
        switched = b.post(
            "/i18n/setlang/",
            {"language": "fr", "next": "/", "csrfmiddlewaretoken": b_tokens[0]},
        )
        assert switched.status_code == 302, url
        refused = b.post(
            "/i18n/setlang/",
            {"language": "fr", "next": "/", "csrfmiddlewaretoken": a_tokens[0]},
        )
        assert refused.status_code == 403, url
    # what is stored holds the placeholder, never a visitor's token
    stored = [pickle.loads(v) for v in caches["pages"]._cache.values()]  # noqa: S301 - LocMem
    pages = [entry[2].decode() for entry in stored if isinstance(entry, tuple)]
    assert len(pages) == len(_public_pages(registry))
    assert all(set(_tokens(html)) == {page_cache.placeholder()} for html in pages)


def _run_middleware(view) -> tuple[HttpResponse, HttpResponse]:
    """Two anonymous requests for /directory/ through the middleware in front of ``view``."""
    middleware = page_cache.PageCacheMiddleware(view)
    answers = []
    for _ in range(2):
        request = RequestFactory().get("/directory/")
        request.META["CSRF_COOKIE"] = "x" * 32
        answers.append(middleware(request))
    return answers[0], answers[1]


def test_answers_that_set_cookies_use_the_real_token_or_fail_are_never_stored(cache_on):
    def sets_cookie(request):
        response = HttpResponse("<p>hello</p>")
        response.set_cookie("tracking", "visitor-a")
        return response

    def real_token(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    def not_found(request):
        return HttpResponse("gone", status=404)

    def fine(request):
        return HttpResponse("<p>public</p>")

    for view in (sets_cookie, real_token, not_found):
        first, second = _run_middleware(view)
        assert "X-Page-Cache" not in first and "X-Page-Cache" not in second, view.__name__
    first, second = _run_middleware(fine)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == b"<p>public</p>"


def test_only_public_addresses_are_cacheable(settings):
    settings.CLUSTERA_PAGE_CACHE_SECONDS = 60
    factory = RequestFactory()
    yes = ["/", "/directory/", "/fr/organisations/3/", "/observatory/regions/FR10/", "/news/"]
    yes += ["/api/organisations", "/events/", "/content/some-item/", "/de/search/"]
    no = ["/organisations/3/edit/", "/accounts/me/", "/admin/", "/content/new/", "/api/me"]
    no += ["/conversations/", "/surveys/needs/", "/observatory/jobs/4/", "/api/projects"]
    assert all(page_cache._cacheable(factory.get(url)) for url in yes)
    assert not any(page_cache._cacheable(factory.get(url)) for url in no)
    assert not page_cache._cacheable(factory.post("/directory/"))
    assert not page_cache._cacheable(
        factory.get("/api/organisations", HTTP_AUTHORIZATION="Bearer x")
    )


def test_bench_load_help_names_its_options():
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / "load.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for option in ("--think", "--clients", "--quick", "--duration"):
        assert option in result.stdout


def test_the_file_cache_counts_its_files_rarely_but_stays_bounded(tmp_path, monkeypatch):
    from clustera.portal import file_cache

    cache = file_cache.SparselyCulledFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20}})
    listings = []
    real = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real())
    for i in range(300):
        cache.set(f"page-{i}", b"x" * 100, 60)
    assert len(listings) <= 300 // file_cache.CULL_EVERY + 1
    assert len(list(tmp_path.glob("*.djcache"))) <= 20 + file_cache.CULL_EVERY
    assert cache.get("page-299") == b"x" * 100


def test_a_broken_cache_never_breaks_a_page_or_a_write(client, registry, cache_on, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    cache = caches["pages"]
    for name in ("get", "set", "incr"):
        monkeypatch.setattr(cache, name, broken)
    answer = client.get("/directory/")
    assert answer.status_code == 200 and "X-Page-Cache" not in answer
    assert "Lumen Optics" in answer.content.decode()
    page_cache.bump_version()  # logs, does not raise


@pytest.mark.parametrize(
    "write", ["update", "bulk_create", "bulk_create_ignoring_conflicts", "raw_sql", "delete"]
)
def test_a_bulk_write_makes_cached_pages_stale_when_it_commits(
    client, registry, cache_on, write, django_capture_on_commit_callbacks
):
    """Writes that send no model signal (observatory computations, imports, gap recomputation
    write so) are seen by the database wrapper: one bump per transaction, after the commit."""
    from django.db import connection, transaction

    from clustera.registry.models import Technology

    assert client.get("/directory/")["X-Page-Cache"] == "miss"
    assert client.get("/directory/")["X-Page-Cache"] == "hit"
    org = registry["ORG2"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            if write == "update":
                Organisation.objects.filter(pk=org.pk).update(name="Lumen Photonics")
                Organisation.objects.filter(pk=org.pk).update(city="Liège")
            elif write.startswith("bulk_create"):  # SQLite: INSERT OR IGNORE INTO ...
                Technology.objects.bulk_create(
                    [Technology(scheme="KET", code="ZZ1", name="Bulk")],
                    ignore_conflicts=write.endswith("conflicts"),
                )
            elif write == "raw_sql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE registry_organisation SET name = %s WHERE id = %s",
                        ["Lumen Photonics", org.pk],
                    )
            else:
                Organisation.objects.filter(pk=org.pk).delete()
        # not committed yet: still the stored page
        assert client.get("/directory/")["X-Page-Cache"] == "hit"
    bumps = [c for c in callbacks if c is page_cache.bump_version]
    assert len(bumps) == 1, callbacks  # once per transaction, however many statements
    bumps[0]()
    assert client.get("/directory/")["X-Page-Cache"] == "miss"


def test_writes_to_quiet_or_private_tables_keep_the_stored_pages(
    client, registry, users, cache_on, django_capture_on_commit_callbacks
):
    from clustera.observatory.models import Job

    assert client.get("/directory/")["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Job.objects.create(kind="report", title="A report")  # a job's status row
        users["member"].__class__.objects.filter(pk=users["member"].pk).update(first_name="X")
    assert page_cache.bump_version not in callbacks
    assert client.get("/directory/")["X-Page-Cache"] == "hit"


def test_every_django_process_watches_its_writes(tmp_path):
    """The watcher starts with Django (clustera.portal.writes), not with the web middleware: the
    task worker (``django db_worker``) and ``clustera`` commands bump the version too."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from clustera.portal.page_cache import _watch_writes\n"
        "connection.ensure_connection()\n"
        "assert _watch_writes in connection.execute_wrappers, connection.execute_wrappers\n"
        "print('watched')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        "CLUSTERA_DATA_DIR": str(tmp_path),
        "CLUSTERA_DATABASE_URL": "",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "watched"


def test_a_registry_import_from_the_command_line_makes_cached_pages_stale(
    client, registry, cache_on, tmp_path, django_capture_on_commit_callbacks
):
    from click.testing import CliRunner

    from clustera.cli import main

    assert client.get("/directory/")["X-Page-Cache"] == "miss"
    assert client.get("/directory/")["X-Page-Cache"] == "hit"
    source = tmp_path / "organisations.csv"
    source.write_text("id,name,type,country\nNEWORG,Fresh Imports Ltd,sme,BE\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = CliRunner().invoke(main, ["registry", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert page_cache.bump_version in callbacks  # the import's batches, once committed
    fresh = client.get("/directory/")
    assert fresh["X-Page-Cache"] == "miss"
