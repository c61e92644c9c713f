from django.urls import path

from clustera.events import organiser_views, views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("month/", views.month, name="month"),
    path("map/", views.event_map, name="map"),
    path("map.json", views.map_data, name="map_data"),
    path("feed.ics", views.feed, name="feed"),
    path("new/", organiser_views.new_event, name="new"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/requests/", views.my_requests, name="requests"),
    path("<int:pk>/requests/send/", views.send_request, name="send_request"),
    path("<int:pk>/requests/<int:request_id>/answer/", views.answer, name="answer"),
    path("<int:pk>/requests/<int:request_id>/book/", views.book, name="book"),
    path("<int:pk>/availability/", views.availability, name="availability"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/<int:meeting_id>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/badge/", views.badge, name="badge"),
    path("<int:pk>/manage/", organiser_views.manage, name="manage"),
    path(
        "<int:pk>/manage/registrations/<int:registration_id>/",
        organiser_views.decide,
        name="decide",
    ),
    path("<int:pk>/manage/sessions/", organiser_views.add_session, name="add_session"),
    path("<int:pk>/manage/questions/", organiser_views.add_question, name="add_question"),
    path("<int:pk>/manage/types/<int:type_id>/", organiser_views.type_rules, name="type_rules"),
    path("<int:pk>/manage/translations/", organiser_views.translations, name="translations"),
    path("<int:pk>/manage/schedule/", organiser_views.schedule, name="schedule"),
    path("<int:pk>/manage/statistics.csv", organiser_views.statistics_csv, name="statistics_csv"),
    path("<int:pk>/table-plan/", organiser_views.table_plan, name="table_plan"),
    path("<int:pk>/table-plan/<int:meeting_id>/lock/", organiser_views.lock, name="lock"),
    path("<int:pk>/check-in/", organiser_views.check_in, name="check_in"),
    path("<int:pk>/check-in/<str:token>/", organiser_views.check_in, name="check_in_token"),
]
