from django.urls import path

from clustera.content import feeds, views

app_name = "content"

urlpatterns = [
    path("news/", views.section_list, {"section": "news"}, name="news"),
    path("case-studies/", views.section_list, {"section": "case-studies"}, name="case_studies"),
    path("publications/", views.section_list, {"section": "publications"}, name="publications"),
    path("news/feed.rss", feeds.SectionFeed(), {"section": "news"}, name="news_rss"),
    path("news/feed.atom", feeds.SectionAtomFeed(), {"section": "news"}, name="news_atom"),
    path(
        "case-studies/feed.rss",
        feeds.SectionFeed(),
        {"section": "case-studies"},
        name="case_studies_rss",
    ),
    path(
        "case-studies/feed.atom",
        feeds.SectionAtomFeed(),
        {"section": "case-studies"},
        name="case_studies_atom",
    ),
    path(
        "publications/feed.rss",
        feeds.SectionFeed(),
        {"section": "publications"},
        name="publications_rss",
    ),
    path(
        "publications/feed.atom",
        feeds.SectionAtomFeed(),
        {"section": "publications"},
        name="publications_atom",
    ),
    path("content/new/", views.item_new, name="new"),
    path("content/queue/", views.queue, name="queue"),
    path("content/linked/region/<str:code>/", views.region_panel, name="region_panel"),
    path("content/linked/<str:target>/<int:pk>/", views.linked_panel, name="linked"),
    path("content/<slug:slug>/", views.item_page, name="item"),
    path("content/<slug:slug>/edit/", views.item_edit, name="edit"),
    path("content/<slug:slug>/publish/", views.item_publish, name="publish"),
    path("content/<slug:slug>/attachment/", views.attachment, name="attachment"),
    path("content/<slug:slug>/images/<int:pk>/", views.image, name="image"),
    path("following/", views.following, name="following"),
    path("follow/", views.follow, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("search/", views.search_page, name="search"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
]
