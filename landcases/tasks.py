"""Celery adapters of the registers: ids in, a service call out (idempotent)."""

from celery import shared_task

from .services.imports import plan_import_run
from .services.land_user_import import land_user_import_run


@shared_task(acks_late=True, name="landcases.plan_import")
def plan_import(job_id: int) -> dict:
    return {"status": plan_import_run(job_id=job_id).status}


@shared_task(acks_late=True, name="landcases.land_user_import")
def land_user_import(job_id: int) -> dict:
    return {"status": land_user_import_run(job_id=job_id).status}


@shared_task(acks_late=True, name="landcases.parcel_import")
def parcel_import(job_id: int) -> dict:
    from .services.parcel_imports import parcel_import_run

    return {"status": parcel_import_run(job_id=job_id).status}


@shared_task(name="landcases.expire_parcel_imports")
def expire_parcel_imports() -> int:
    from .services.parcel_imports import parcel_import_expire

    return parcel_import_expire()
