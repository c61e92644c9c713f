from django.urls import path

from clustera.partnerships import (
    downloads,
    evaluation_pages,
    views,
    workspace_items,
    workspace_pages,
)

app_name = "partnerships"

urlpatterns = [
    path("calls/", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/documents/", views.call_document, name="call_document"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/evaluation/", evaluation_pages.panel, name="evaluation_panel"),
    path("calls/<int:pk>/evaluation/evaluators/", evaluation_pages.appoint, name="appoint"),
    path("calls/<int:pk>/evaluation/assign/", evaluation_pages.assign, name="assign"),
    path(
        "calls/<int:pk>/evaluation/<int:application_id>/decide/",
        evaluation_pages.decide,
        name="decide",
    ),
    path("calls/<int:pk>/results/", evaluation_pages.publish_results, name="publish_results"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/invite/", views.invite, name="invite"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/documents/", views.application_document, name="application_document"
    ),
    path("calls/<int:pk>/documents/<int:document_id>/", downloads.call_document, name="call_file"),
    path(
        "applications/<int:pk>/documents/<int:document_id>/",
        downloads.application_document,
        name="application_file",
    ),
    path(
        "partnerships/<int:pk>/documents/<int:document_id>/",
        downloads.workspace_document,
        name="workspace_file",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/answer/", views.answer_invitation, name="answer_invitation"),
    path("applications/<int:pk>/workspace/", workspace_pages.open_workspace, name="open_workspace"),
    path("partnerships/", workspace_pages.partnership_list, name="partnerships"),
    path("partnerships/new/", workspace_pages.partnership_new, name="partnership_new"),
    path("partnerships/<int:pk>/", workspace_pages.partnership_detail, name="partnership"),
    path("partnerships/<int:pk>/dossier/", workspace_pages.dossier, name="dossier"),
    path("partnerships/<int:pk>/do/<slug:action>/", workspace_pages.act, name="act"),
    path(
        "partnerships/<int:pk>/items/<slug:kind>/<int:item_id>/",
        workspace_items.item,
        name="item",
    ),
    path("partnerships/<int:pk>/steps/<int:step_id>/gaps/", workspace_pages.gaps, name="gaps"),
    path(
        "partnership-invitations/",
        workspace_pages.workspace_invitations,
        name="workspace_invitations",
    ),
    path("evaluations/", evaluation_pages.my_evaluations, name="my_evaluations"),
    path("evaluations/<int:pk>/", evaluation_pages.score, name="score"),
]
