from django.urls import path

from .views import audit_runs, cases, project, record, supervision

app_name = "consultations"
urlpatterns = [
    path("<slug:code>/progress/", project.progress, name="progress"),
    path("<slug:code>/cases/<int:land_user_id>/", cases.case_detail, name="case"),
    path(
        "<slug:code>/cases/<int:land_user_id>/erase-remarks/",
        cases.erase_remarks,
        name="erase_remarks",
    ),
    path("<slug:code>/cases/<int:land_user_id>/<slug:act>/", cases.case_act, name="case_act"),
    path("<slug:code>/record/notice/", record.area_act, {"act": "notice"}, name="notice_issue"),
    path("<slug:code>/record/posting/", record.area_act, {"act": "posting"}, name="posting_start"),
    path(
        "<slug:code>/record/notice-delivered/",
        record.collective_delivery,
        name="collective_delivery",
    ),
    path("<slug:code>/record/posting/<int:event_id>/end/", record.posting_end, name="posting_end"),
    path("<slug:code>/record/meeting/", record.meeting, name="meeting"),
    path(
        "<slug:code>/record/meeting/attendees/",
        record.meeting_candidates,
        name="meeting_candidates",
    ),
    path("<slug:code>/events/<int:event_id>/correct/", record.correct, name="correct"),
    path("<slug:code>/evidence/<int:evidence_id>/", cases.evidence_file, name="evidence"),
    path("<slug:code>/audit/runs/", audit_runs.audit_runs, name="audit_runs"),
    path("<slug:code>/audit/runs/<int:run_id>/", audit_runs.audit_run, name="audit_run"),
    path("<slug:code>/supervision/", supervision.supervision, name="supervision"),
    path("<slug:code>/supervision/<int:event_id>/respond/", supervision.respond, name="respond"),
]
