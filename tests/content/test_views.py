"""Content pages: lists with filters and bounded queries, the item page, the editor, panels,
following and the site search."""

from __future__ import annotations

import pytest

from clustera.content.models import DigestPreference, Follow, Item

from .conftest import make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/news/", "/case-studies/", "/publications/"])
def test_list_pages_run_a_bounded_number_of_queries(
    client, registry, django_assert_max_num_queries, url
):
    for number in range(30):
        kind = {"/news/": "news", "/case-studies/": "case_study"}.get(url, "policy_brief")
        make_item(registry, kind=kind, title=f"Item {number}", slug=f"item-{number}")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<span class="tag">') == 20


def test_the_news_list_filters_and_links_its_feeds(client, items):
    page = client.get("/news/?technology=KET2").content.decode()
    assert items["published"].title in page and items["draft"].title not in page
    assert "/news/feed.rss?technology=KET2" in page
    assert items["published"].title not in client.get("/news/?technology=KET1").content.decode()


def test_the_item_page_renders_sanitised_markdown(client, registry):
    item = make_item(registry, title="Unsafe", body="# Head\n\n**bold** <script>alert(1)</script>")
    page = client.get(f"/content/{item.slug}/").content.decode()
    assert "<strong>bold</strong>" in page and "alert(1)" not in page


def test_a_missing_translation_is_shown_in_the_original_with_a_notice(client, registry, items):
    original = items["published"]
    make_item(registry, title="Lumen ouvre un labo", language="fr", original=original)
    french = client.get(f"/content/{original.slug}/?lang=fr").content.decode()
    assert "Lumen ouvre un labo" in french and "translation-notice" not in french
    german = client.get(f"/content/{original.slug}/?lang=de").content.decode()
    assert original.title in german and 'id="translation-notice"' in german


def test_the_editor_previews_then_saves_and_shows_errors_on_their_field(client, roles, registry):
    client.force_login(roles["orgadmin"])
    form = {
        "kind": "news",
        "title": "Preview me",
        "body": "**strong** <script>x()</script>",
        "language": "en",
        "organisation": registry["ORG2"].pk,
        "action": "preview",
    }
    preview = client.post("/content/new/", form).content.decode()
    assert (
        "<strong>strong</strong>" in preview and "x()" not in preview.split("Preview</h2>")[1][:200]
    )
    assert not Item.objects.filter(title="Preview me").exists()
    wrong = client.post("/content/new/", {**form, "kind": "guide", "action": "review"})
    assert "organisation admins propose news only" in wrong.content.decode()
    saved = client.post("/content/new/", {**form, "action": "review"})
    item = Item.objects.get(title="Preview me")
    assert saved.status_code == 302 and item.status == "review"


def test_the_organisation_panel_lists_linked_items_and_offers_follow(
    client, roles, items, registry
):
    pk = registry["ORG2"].pk
    anonymous = client.get(f"/content/linked/organisation/{pk}/").content.decode()
    assert items["published"].title in anonymous and "Follow" not in anonymous
    client.force_login(roles["plain"])
    panel = client.get(f"/content/linked/organisation/{pk}/").content.decode()
    assert "Follow</button>" in panel and "Propose news" not in panel
    client.force_login(roles["orgadmin"])
    panel = client.get(f"/content/linked/organisation/{pk}/").content.decode()
    assert f"/content/new/?organisation={pk}" in panel
    form = client.get(f"/content/new/?organisation={pk}").content.decode()
    assert f'<option value="{pk}" selected>' in form
    profile = client.get(f"/organisations/{pk}/").content.decode()
    assert f"/content/linked/organisation/{pk}/" in profile


def test_the_region_panel_is_found_by_code(client, items):
    assert items["published"].title in client.get("/content/linked/region/XA111/").content.decode()
    # a region's panel and list hold what is linked to the regions within it
    assert items["published"].title in client.get("/content/linked/region/XA1/").content.decode()
    assert items["published"].title in client.get("/news/?region=XA").content.decode()
    assert client.get("/content/linked/region/NOPE/").status_code == 404


def test_follow_unfollow_and_digest_preference(client, roles, registry):
    client.force_login(roles["plain"])
    pk = registry["ORG2"].pk
    client.post("/follow/", {"target": "organisation", "target_id": pk})
    assert Follow.objects.filter(user=roles["plain"], target_id=pk).exists()
    assert "Lumen Optics" in client.get("/following/").content.decode()
    client.post("/following/", {"period": "daily"})
    assert DigestPreference.objects.get(user=roles["plain"]).period == "daily"
    client.post("/follow/", {"target": "organisation", "target_id": pk, "unfollow": "1"})
    assert not Follow.objects.exists()


def test_search_groups_organisations_and_content(client, items, registry):
    make_item(registry, kind="case_study", title="Laser case", slug="laser-case")
    page = client.get("/search/?q=laser").content.decode()
    assert "Lumen Optics" in page  # the organisation: "Laser optics and sensors"
    assert items["published"].title in page and "Laser case" in page
    assert page.index("<h2>News</h2>") < page.index("<h2>Case studies</h2>")
    assert items["draft"].title not in client.get("/search/?q=draft").content.decode()


def test_an_editor_adds_a_translation_shown_to_its_readers(client, roles, items):
    client.force_login(roles["editor"])
    original = items["published"]
    form = client.get(f"/content/new/?original={original.pk}").content.decode()
    assert "Translate" in form and original.title in form
    response = client.post(
        f"/content/new/?original={original.pk}",
        {
            "kind": "news",
            "title": "Lumen eröffnet ein Labor",
            "body": "Text",
            "language": "de",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    assert Item.objects.get(title="Lumen eröffnet ein Labor").original == original
    client.logout()
    page = client.get(f"/content/{original.slug}/?lang=de").content.decode()
    assert "Lumen eröffnet ein Labor" in page and "translation-notice" not in page


def test_a_filtered_list_offers_to_follow_its_technology(client, roles, items):
    from clustera.registry.models import Technology

    assert "Log in</a> to follow Photonics" in client.get("/news/?technology=KET2").content.decode()
    client.force_login(roles["plain"])
    assert "Follow Photonics" in client.get("/news/?technology=KET2").content.decode()
    technology = Technology.objects.get(code="KET2")
    client.post(
        "/follow/",
        {"target": "technology", "target_id": technology.pk, "next": "/news/?technology=KET2"},
    )
    assert Follow.objects.filter(user=roles["plain"], target="technology").exists()
    assert "Unfollow Photonics" in client.get("/news/?technology=KET2").content.decode()


def test_follow_never_redirects_to_another_site(client, roles, registry):
    client.force_login(roles["plain"])
    response = client.post(
        "/follow/",
        {
            "target": "organisation",
            "target_id": registry["ORG2"].pk,
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/following/"


def test_an_image_needs_its_description_shown_on_the_field(client, roles, registry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(roles["editor"])
    form = {"kind": "news", "title": "With image", "body": "x", "language": "en", "action": "draft"}
    picture = SimpleUploadedFile("lab.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    page = client.post("/content/new/", {**form, "image": picture}).content.decode()
    field = page.split('id="id_image_alt"')[1][:300]
    assert "describe the image" in field and not Item.objects.filter(title="With image").exists()
    picture.seek(0)
    client.post("/content/new/", {**form, "image": picture, "image_alt": "The laser lab"})
    item = Item.objects.get(title="With image")
    image = item.images.get()
    assert image.alt == "The laser lab"
    page = client.get(f"/content/{item.slug}/").content.decode()
    assert f'src="/content/{item.slug}/images/{image.pk}/" alt="The laser lab"' in page
    served = client.get(f"/content/{item.slug}/images/{image.pk}/")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    client.logout()  # a draft's image is as private as the draft
    assert client.get(f"/content/{item.slug}/images/{image.pk}/").status_code == 404


def test_search_and_panels_run_a_bounded_number_of_queries(
    client, registry, django_assert_max_num_queries
):
    for number in range(25):
        make_item(registry, title=f"Laser item {number}", slug=f"laser-{number}")
    with django_assert_max_num_queries(12):
        assert client.get("/search/?q=laser").status_code == 200
    with django_assert_max_num_queries(5):
        client.get(f"/content/linked/organisation/{registry['ORG2'].pk}/")


def test_html_and_svg_uploads_are_refused_on_their_field(client, roles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(roles["editor"])
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    html = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    form = {"kind": "guide", "title": "Bad files", "language": "en", "action": "draft"}
    page = client.post(
        "/content/new/", {**form, "image": svg, "image_alt": "x", "attachment": html}
    ).content.decode()
    assert page.count("File extension") == 2 and not Item.objects.filter(title="Bad files")


def test_a_publication_document_is_downloaded_from_its_item(client, roles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(roles["editor"])
    document = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
    client.post(
        "/content/new/",
        {
            "kind": "policy_brief",
            "title": "Brief with file",
            "language": "en",
            "action": "publish",
            "attachment": document,
        },
    )
    item = Item.objects.get(title="Brief with file")
    assert (
        f"/content/{item.slug}/attachment/" in client.get(f"/content/{item.slug}/").content.decode()
    )
    response = client.get(f"/content/{item.slug}/attachment/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 brief"
    assert "attachment" in response["Content-Disposition"]


def test_the_accessibility_statement_shows_the_date_of_the_last_check(client, settings):
    from clustera.content.views import ACCESSIBILITY_CHECKED

    settings.CLUSTERA_ACCESSIBILITY_CHECKED = ""
    page = client.get("/accessibility/").content.decode()
    assert f'<time datetime="{ACCESSIBILITY_CHECKED.isoformat()}">' in page
    settings.CLUSTERA_ACCESSIBILITY_CHECKED = "2027-03-01"
    page = client.get("/accessibility/").content.decode()
    assert '<time datetime="2027-03-01">1 March 2027</time>' in page
    assert "observatory map" in page and "keyboard" in page


def test_a_wrong_accessibility_date_setting_names_the_setting(monkeypatch):
    import importlib.util

    import clustera.portal.settings.base as base
    from clustera.errors import InvalidInputError

    monkeypatch.setenv("CLUSTERA_SECRET_KEY", "x" * 50)  # nothing written to the data folder
    monkeypatch.setenv("CLUSTERA_ACCESSIBILITY_CHECKED", "last tuesday")
    spec = importlib.util.spec_from_file_location("settings_under_test", base.__file__)
    assert spec is not None and spec.loader is not None
    with pytest.raises(InvalidInputError) as raised:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert raised.value.field == "CLUSTERA_ACCESSIBILITY_CHECKED"
    assert raised.value.value == "last tuesday"
