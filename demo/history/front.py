"""The Fatherland Front's supervision of the demo road and the board's responses (some
resolved, some open), and the corrections a real record carries: a re-dated delivery, a
corrected payment, minutes signed after a finding, a re-dated dialogue and a voided opinion."""

from __future__ import annotations

from datetime import timedelta

from consultations.models import Event
from consultations.services import Subject, event_values

from .money import TYPO_VND
from .script import OTHER_CONCERNS, SCRIPTS
from .story import Story


def finding(story: Story, on, kind: str, content: str, i: int | None) -> Event:
    """A finding or recommendation, recorded by the Front's own member."""
    values = {"body": "fatherland_front", "finding_kind": kind, "content": content}
    return story.area_act("supervision", i, on, values, actor=story.front)


def respond(story: Story, found: Event, on, content: str, resolves: bool) -> None:
    subject = Subject(area=found.area) if found.area_id else Subject()
    values = {"finding": found.id, "content": content, "resolves": resolves}
    act = story.out.act("supervision_response", subject, on, values, after=found.recorded_at)
    story.out.write(story.board, act)


def supervise(story: Story) -> None:
    a0, a1, a2 = SCRIPTS[0], SCRIPTS[1], SCRIPTS[2]
    day, after = story.day, story.after
    f = finding(
        story,
        day(a0.draft_plan, 12),
        "recommendation",
        "Đề nghị rà soát đơn giá bồi thường cây thanh long, cây điều trong dự thảo phương án "
        "cho sát giá thị trường trước khi tổ chức lấy ý kiến.",
        0,
    )
    respond(
        story,
        f,
        day(a0.draft_plan, 24),
        "Đã khảo sát giá thị trường và điều chỉnh đơn giá cây thanh long, cây điều trong dự "
        "thảo phương án; bảng đơn giá điều chỉnh được niêm yết bổ sung.",
        True,
    )
    unsigned = story.marks.get("unsigned-0")
    if unsigned is not None:
        f = finding(
            story,
            after(unsigned.happened_on, 8),
            "finding",
            f"Biên bản họp lấy ý kiến ngày {unsigned.happened_on:%d/%m/%Y} chưa có chữ ký "
            "của đại diện các hộ dân dự họp.",
            0,
        )
        fixed_on = after(unsigned.happened_on, 16)
        # The households' representative signs the minutes afterwards: a signature of its own.
        signed = story.out.act(
            "minutes_signed",
            Subject(area=unsigned.area),
            fixed_on,
            {"meeting": unsigned.root_id, "role": "household_representative"},
            after=f.recorded_at,
        )
        signature = story.out.write(story.board, signed)
        respond(
            story,
            f,
            fixed_on,
            "Đã mời đại diện các hộ dân ký bổ sung biên bản; biên bản đã được cập nhật.",
            True,
        )
        story.marks["signature"] = signature
    f = finding(
        story,
        day(a1.dialogue, 5),
        "finding",
        "Một cuộc họp lấy ý kiến không có đại diện Mặt trận Tổ quốc tham dự; nhiều hộ không "
        "đồng ý phương án chưa được tổ chức đối thoại.",
        1,
    )
    respond(
        story,
        f,
        day(a1.dialogue, 13),
        "Đã lập lịch đối thoại các hộ còn lại trong tháng 12/2026; sẽ mời Mặt trận dự tất cả "
        "các buổi đối thoại.",
        False,
    )
    assert a2.inventory is not None
    f = finding(
        story,
        day(a2.inventory[0], 77),
        "recommendation",
        "Đề nghị tăng cường vận động, thuyết phục các hộ chưa hợp tác kiểm đếm trước khi "
        "ban hành quyết định kiểm đếm bắt buộc.",
        2,
    )
    respond(
        story,
        f,
        day(a2.inventory[0], 87),
        "Tổ vận động gồm UBND xã, Mặt trận và Ban đã gặp từng hộ; quyết định kiểm đếm bắt "
        "buộc chỉ ban hành sau thời hạn vận động theo quy định.",
        True,
    )
    finding(
        story,
        day(SCRIPTS[3].notice, 21),
        "recommendation",
        "Đề nghị niêm yết thông báo thu hồi đất và danh sách người sử dụng đất tại nhà văn hóa "
        "tất cả các thôn đoạn Km6–Km8, kể cả các xóm ven biển.",
        None,
    )


def _standing(**filters) -> Event:
    return Event.objects.get(superseded_by__isnull=True, is_void=False, **filters)


def correct(story: Story) -> None:
    out, board = story.out, story.board
    out.flush()
    h = story.marks.get("delivery")
    if h is not None:
        old = _standing(case=h.case, kind="notice_delivered")
        on = min(story.today, old.happened_on + timedelta(days=2))
        out.correct(
            old,
            board,
            happened_on=on,
            reason="Ngày giao ghi nhầm; theo biên bản giao nhận, thông báo được giao ngày "
            f"{on:%d/%m/%Y}.",
        )
    typed = story.marks.get("payment")
    if typed is not None:  # typed in short by TYPO_VND: the receipt says the right amount
        h, receipt = typed
        old = _standing(case=h.case, kind="payment", payload__receipt=receipt)
        values = dict(event_values(old), amount=old.payload["amount"] + TYPO_VND)
        out.correct(
            old, board, values=values, reason="Nhập sai số tiền; sửa theo phiếu chi đã ký nhận."
        )
    meeting = story.marks.get("dialogue")
    if meeting is not None:
        on = min(story.today, meeting.happened_on + timedelta(days=1))
        out.correct_meeting(
            meeting,
            board,
            happened_on=on,
            reason="Ngày họp nhập nhầm; theo biên bản gốc, buổi đối thoại diễn ra ngày "
            f"{on:%d/%m/%Y}.",
        )
    h = story.marks.get("voided")
    if h is not None:
        old = _standing(case=h.case, kind="opinion")
        out.void(old, board, reason="Hộ không dự họp; ý kiến ghi nhầm vào biên bản của hộ liền kề.")
        written = story.after(story.marks["voided-after"], 12)
        values = {"opinion": "other", "channel": "written", "plan": story.plans.get(1)}
        values["concerns"] = story.rng.choice(OTHER_CONCERNS)
        out.write(
            board, out.act("opinion", Subject(case=h.case), written, values, after=old.recorded_at)
        )
        h.opinion = "other"
