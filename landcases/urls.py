from django.urls import path

from .views import (
    areas,
    land_user_import,
    land_users,
    members,
    parcel_import,
    parcels,
    plans,
    projects,
    setup,
)

app_name = "landcases"
urlpatterns = [
    path("", projects.project_list, name="projects"),
    path("new/", setup.project_create, name="project_create"),
    path("<slug:code>/", projects.project_detail, name="project"),
    path("<slug:code>/edit/", setup.project_edit, name="project_edit"),
    path("<slug:code>/areas/new/", areas.area_create, name="area_create"),
    path("<slug:code>/areas/<int:area_id>/edit/", areas.area_edit, name="area_edit"),
    path("<slug:code>/plans/", plans.plan_index, name="plans"),
    path("<slug:code>/plans/new/", plans.plan_create, name="plan_create"),
    path("<slug:code>/plans/<int:plan_id>/edit/", plans.plan_edit, name="plan_edit"),
    path("<slug:code>/members/", members.member_index, name="members"),
    path("<slug:code>/members/<int:membership_id>/edit/", members.member_edit, name="member_edit"),
    path(
        "<slug:code>/members/<int:membership_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path("<slug:code>/parcels/", parcels.parcel_index, name="parcels"),
    path("<slug:code>/parcels/new/", parcels.parcel_create, name="parcel_create"),
    path("<slug:code>/parcels/import/", parcel_import.parcel_import, name="parcel_import"),
    path(
        "<slug:code>/parcels/import/<int:job_id>/",
        parcel_import.parcel_import_job,
        name="parcel_import_job",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/status",
        parcel_import.parcel_import_status,
        name="parcel_import_status",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/report.json",
        parcel_import.parcel_import_report,
        name="parcel_import_report",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/check/",
        parcel_import.parcel_import_check,
        name="parcel_import_check",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/accept/",
        parcel_import.parcel_import_accept,
        name="parcel_import_accept",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/cancel/",
        parcel_import.parcel_import_cancel,
        name="parcel_import_cancel",
    ),
    path(
        "<slug:code>/parcels/import/<int:job_id>/revise/",
        parcel_import.parcel_import_revise,
        name="parcel_import_revise",
    ),
    path("<slug:code>/parcels/<int:parcel_id>/", parcels.parcel_detail, name="parcel"),
    path("<slug:code>/parcels/<int:parcel_id>/edit/", parcels.parcel_edit, name="parcel_edit"),
    path(
        "<slug:code>/parcels/<int:parcel_id>/holdings/new/",
        parcels.holding_create,
        name="holding_create",
    ),
    path("<slug:code>/land-users/", land_users.land_user_index, name="land_users"),
    path("<slug:code>/land-users/new/", land_users.land_user_create, name="land_user_create"),
    path(
        "<slug:code>/land-users/import/",
        land_user_import.land_user_import,
        name="land_user_import",
    ),
    path(
        "<slug:code>/land-users/import/template.xlsx",
        land_user_import.land_user_import_template,
        name="land_user_import_template",
    ),
    path(
        "<slug:code>/land-users/import/<int:job_id>/",
        land_user_import.land_user_import_job,
        name="land_user_import_job",
    ),
    path(
        "<slug:code>/land-users/import/<int:job_id>/status",
        land_user_import.land_user_import_status,
        name="land_user_import_status",
    ),
    path(
        "<slug:code>/land-users/import/<int:job_id>/errors.xlsx",
        land_user_import.land_user_import_errors,
        name="land_user_import_errors",
    ),
    path(
        "<slug:code>/land-users/<int:land_user_id>/", land_users.land_user_detail, name="land_user"
    ),
    path(
        "<slug:code>/land-users/<int:land_user_id>/edit/",
        land_users.land_user_edit,
        name="land_user_edit",
    ),
    path(
        "<slug:code>/land-users/<int:land_user_id>/sensitive/",
        land_users.land_user_sensitive_edit,
        name="land_user_sensitive",
    ),
]
