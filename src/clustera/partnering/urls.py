from django.urls import path

from clustera.partnering import views

app_name = "partnering"

urlpatterns = [
    path("organisations/<int:pk>/interest/", views.express_interest, name="express_interest"),
    path("organisations/<int:pk>/suggestions/", views.suggestions_panel, name="suggestions"),
    path("organisations/<int:pk>/offer-answers/", views.offer_answers_panel, name="offer_answers"),
    path("partners/", views.partner_search, name="partner_search"),
    path("technology-centres/finder/", views.centre_finder, name="centre_finder"),
    path("notifications/", views.notifications, name="notifications"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
    path("conversations/<int:pk>/action/", views.conversation_action, name="conversation_action"),
    path("conversations/forwarding/", views.forwarding_queue, name="forwarding_queue"),
    path("marketplace/", views.marketplace_page, name="marketplace"),
    path("marketplace/<int:pk>/", views.offer, name="offer"),
    path("marketplace/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("marketplace/<int:pk>/action/", views.offer_action, name="offer_action"),
]
