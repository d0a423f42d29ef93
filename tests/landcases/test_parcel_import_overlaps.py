"""The parcel import refuses shapes that overlap (landcases.parcel_staging.OVERLAPS): two shapes
of one file, or a shape and a parcel of the register it does not update; parcels that share
edges and corners, slivers within the tolerance and a re-import of the same file are not
overlaps."""

from datetime import date

import pytest
import shapely

from landcases.models import JobStatus, Parcel
from landcases.parcel_staging import OVERLAP_MIN_M2, OVERLAP_MIN_SHARE
from landcases.services.parcel_imports import Params, parcel_import_run, parcel_import_start
from tests.factories import ORIGIN_E, ORIGIN_N, make_user
from tests.landcases.parcel_files import project_for, zipped_shapefile

pytestmark = pytest.mark.django_db


def square(no: str, x: float, y: float, w: float = 20, h: float = 20, sheet="12") -> dict:
    geom = shapely.box(ORIGIN_E + x, ORIGIN_N + y, ORIGIN_E + x + w, ORIGIN_N + y + h)
    return {
        "geom": geom,
        "MAXA": "22999",
        "SHBANDO": sheet,
        "SHTHUA": no,
        "MDSD": "LUC",
        "DIENTICH": f"{geom.area:.1f}",
    }


def grid(columns: int, rows: int, size: float = 20) -> list[dict]:
    """Squares side by side: each shares its edges and corners with its neighbours."""
    return [
        square(str(j * columns + i + 1), i * size, j * size, size, size)
        for j in range(rows)
        for i in range(columns)
    ]


def run(project, user, rows, language="en", name="ban-do.zip", status=JobStatus.DONE):
    job = parcel_import_start(
        project=project,
        actor=user,
        data=zipped_shapefile(rows),
        name=name,
        params=Params(survey_date=date(2024, 3, 1)),
        language=language,
    )
    job = parcel_import_run(job_id=job.id)
    assert job.status == status, job.report
    return job.report


@pytest.fixture
def place():
    around = [square("0", -100, -100)["geom"], square("0", 300, 300)["geom"]]
    return project_for([{"geom": g} for g in around], "chong-lan"), make_user("canbo")


def rejected(report) -> dict[int, dict]:
    return {r["row"]: r for r in report["rejected"]}


def test_the_tolerance_is_one_square_metre_and_one_percent():
    assert OVERLAP_MIN_M2 == 1 and OVERLAP_MIN_SHARE * 100 == 1


def test_two_overlapping_shapes_of_a_file_are_both_refused_and_name_each_other(place):
    project, user = place
    rows = [square("1", 0, 0), square("2", 15, 0), square("3", 0, 20)]  # 2 overlaps 1 by 5 m
    report = run(project, user, rows)
    by_row = rejected(report)
    assert set(by_row) == {1, 2} and {r["code"] for r in by_row.values()} == {"overlap"}
    assert "row 2 of the file (parcel 12/2) by 100.0 m²" in by_row[1]["reason"]
    assert "row 1 of the file (parcel 12/1) by 100.0 m²" in by_row[2]["reason"]
    assert report["counts"]["created"] == 1  # 3 shares an edge with 1: not an overlap
    assert list(Parcel.objects.filter(project=project).values_list("parcel_no", flat=True)) == ["3"]


def test_a_shape_overlapping_several_says_the_largest_and_how_many(place):
    project, user = place
    rows = [square("1", 0, 0), square("2", 20, 0), square("3", 10, 5, 20, 10)]
    # Every shape refused: the file is (with the report of each).
    by_row = rejected(run(project, user, rows, language="vi", status=JobStatus.REFUSED))
    assert set(by_row) == {1, 2, 3}
    assert by_row[3]["reason"] == (
        "Hình thửa chồng lấn 100.0 m² lên hình ở dòng 1 của tệp (thửa 12/1). "
        "Tổng cộng thửa này chồng lấn lên 2 hình."
    )


def test_adjoining_parcels_and_slivers_within_the_tolerance_are_accepted(place):
    project, user = place
    rows = grid(4, 3)
    rows += [
        # 5 × 5 m plots overlapping by 0.1 × 5 = 0.5 m² (2 %, but not 1 m²)
        square("50", 200, 0, 5, 5),
        square("51", 204.9, 0, 5, 5),
        # 100 × 100 m fields overlapping by 0.05 × 100 = 5 m² (not 1 % of 10,000 m²)
        square("60", 0, 200, 100, 100),
        square("61", 99.95, 200, 100, 100),
    ]
    report = run(project, user, rows)
    assert report["rejected"] == [] and report["counts"]["created"] == len(rows)


def test_an_overlap_above_both_tolerances_is_refused(place):
    project, user = place
    # 20 × 20 m plots overlapping by 0.1 × 20 = 2 m²: 0.5 % of 400 m², accepted; by
    # 0.3 × 20 = 6 m²: 1.5 %, refused.
    rows = [square("1", 0, 0), square("2", 19.9, 0), square("3", 100, 0), square("4", 119.7, 0)]
    by_row = rejected(run(project, user, rows))
    assert set(by_row) == {3, 4} and "by 6.0 m²" in by_row[3]["reason"]


def test_a_shape_overlapping_a_parcel_of_the_register_is_refused(place):
    project, user = place
    run(project, user, grid(2, 1))
    report = run(project, user, [square("7", 10, 10), square("8", 0, 40)], name="them.zip")
    by_row = rejected(report)
    assert set(by_row) == {1} and by_row[1]["code"] == "overlap"
    assert "register's parcel 12/" in by_row[1]["reason"] and "by 100.0 m²" in by_row[1]["reason"]
    assert "It overlaps 2 shapes in all." in by_row[1]["reason"]
    assert report["counts"]["created"] == 1
    assert Parcel.objects.filter(project=project).count() == 3


def test_a_reimport_of_the_same_file_updates_and_is_no_overlap(place):
    project, user = place
    rows = grid(5, 4)
    assert run(project, user, rows)["counts"]["created"] == 20
    report = run(project, user, rows)
    assert report["rejected"] == [] and report["counts"]["unchanged"] == 20


def test_a_corrected_file_moving_a_shared_edge_is_no_overlap(place):
    """1 grows over the old shape of 2, which shrinks: each is compared with the other's new
    shape, not with the register's old one."""
    project, user = place
    run(project, user, grid(2, 1))
    moved = [square("1", 0, 0, 25, 20), square("2", 25, 0, 15, 20)]
    report = run(project, user, moved, name="sua.zip")
    assert report["rejected"] == [] and report["counts"]["updated"] == 2
    # a parcel of the register the file does not update is compared as it stands
    report = run(
        project, user, [square("1", 0, 0, 30, 20)], name="sua-2.zip", status=JobStatus.REFUSED
    )
    assert rejected(report)[1]["code"] == "overlap"


def test_an_extract_survey_over_the_cadastral_sheet_is_no_overlap(place):
    """A trích đo re-measures land the cadastral sheet shows: the other map kind is not an
    overlap (the natural key tells the two apart)."""
    project, user = place
    run(project, user, grid(2, 1))
    job = parcel_import_start(
        project=project,
        actor=user,
        data=zipped_shapefile(grid(2, 1)),
        name="trich-do.zip",
        params=Params(survey_date=date(2024, 3, 1), map_kind="extract"),
    )
    job = parcel_import_run(job_id=job.id)
    assert job.status == JobStatus.DONE and job.report["counts"]["created"] == 2, job.report
