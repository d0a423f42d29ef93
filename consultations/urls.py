from django.urls import path

from .views import (
    audit_runs,
    cases,
    exports,
    grievances,
    jobs,
    meetings,
    money,
    oversight,
    plans,
    project,
    record,
    safeguards,
    supervision,
)

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
    # Plans and money (issue 10)
    path("<slug:code>/plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("<slug:code>/plans/<int:plan_id>/lines/new/", plans.line_edit, name="plan_line_new"),
    path(
        "<slug:code>/plans/<int:plan_id>/lines/<int:land_user_id>/",
        plans.line_edit,
        name="plan_line",
    ),
    path(
        "<slug:code>/plans/<int:plan_id>/lines/<int:land_user_id>/delete/",
        plans.line_delete,
        name="plan_line_delete",
    ),
    path("<slug:code>/plans/<int:plan_id>/import/", jobs.plan_import, name="plan_import"),
    path(
        "<slug:code>/plans/<int:plan_id>/import/template.xlsx",
        jobs.plan_import_template,
        name="plan_template",
    ),
    path(
        "<slug:code>/plans/<int:plan_id>/record/<slug:plan_act>/", plans.plan_act, name="plan_act"
    ),
    path("<slug:code>/jobs/<int:job_id>/", jobs.job_detail, name="job"),
    path("<slug:code>/jobs/<int:job_id>/status", jobs.job_status, name="job_status"),
    path("<slug:code>/jobs/<int:job_id>/file.xlsx", jobs.job_file, name="job_file"),
    path("<slug:code>/households/", money.household_register, name="households"),
    path("<slug:code>/households/export/", money.register_export, name="households_export"),
    path("<slug:code>/export/parcels/", exports.parcel_export, name="parcel_export"),
    path(
        "<slug:code>/export/households.xlsx",
        exports.household_list_export,
        name="household_list_export",
    ),
    path("<slug:code>/disbursement/", money.disbursement, name="disbursement"),
    # Issue 11: grievances, meetings' invitations and signatures, safeguards, open recommendations
    path("<slug:code>/grievances/", grievances.grievance_list, name="grievances"),
    path("<slug:code>/grievances/new/", grievances.grievance_new, name="grievance_new"),
    path(
        "<slug:code>/grievances/<int:grievance_id>/", grievances.grievance_detail, name="grievance"
    ),
    path(
        "<slug:code>/grievances/<int:grievance_id>/<slug:step>/",
        grievances.grievance_step,
        name="grievance_step",
    ),
    path("<slug:code>/meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path(
        "<slug:code>/meetings/<int:meeting_id>/signatures/",
        meetings.signatures_add,
        name="signatures_add",
    ),
    path(
        "<slug:code>/meetings/<int:meeting_id>/signatures/<int:signature_id>/confirm/",
        meetings.signature_confirm_view,
        name="signature_confirm",
    ),
    path("<slug:code>/record/invitation/", meetings.invitation_new, name="invitation"),
    path("<slug:code>/safeguards/", safeguards.safeguards, name="safeguards"),
    path("<slug:code>/record/census/", safeguards.census_act, {"what": "census"}, name="census"),
    path("<slug:code>/record/cutoff/", safeguards.census_act, {"what": "cutoff"}, name="cutoff"),
    path(
        "<slug:code>/supervision/open/",
        oversight.open_recommendations_page,
        name="open_recommendations",
    ),
]
