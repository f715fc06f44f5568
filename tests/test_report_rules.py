"""The pure rules of the visit report: verdict, travel, dwell time, photos, draft, flags."""

from __future__ import annotations

import io
import json
import string
import struct
import zlib
from zoneinfo import ZoneInfo

import pytest
from PIL import ExifTags, Image
from pydantic import ValidationError

from bot.config import ReportConfig, VerificationConfig
from bot.domain import Household, Verdict, Visit
from bot.files.photo_analysis import NotAnImage, analyse, phash_distance
from bot.rules.report import (
    DraftPhoto,
    ReportDraft,
    SharedLocation,
    compose_visit,
    conditions_complete,
    next_mark,
    photo_warnings,
    travel_flag,
)
from bot.rules.travel import Fix, dwell_seconds, farthest_m, implied_speed_kmh, is_impossible_travel
from bot.rules.verdict import distance_m, judge
from bot.texts import TEXTS
from tests.support.report import HOME, camera_exif, north_of, picture

WIB = ZoneInfo("Asia/Jakarta")
NOW = 1_764_212_400


@pytest.mark.parametrize(
    ("distance", "accuracy", "expected"),
    [
        (None, 5, Verdict.NO_REFERENCE),
        (40, 10, Verdict.VERIFIED),
        (90, 10, Verdict.VERIFIED),  # the far edge (100 m) is still inside
        (95, 10, Verdict.UNCERTAIN),
        (105, 10, Verdict.UNCERTAIN),  # the near edge (95 m) is inside
        (111, 10, Verdict.OUTSIDE),
        (150, 1000, Verdict.UNCERTAIN),  # accuracy capped at 100: the near edge is 50 m
        (250, 1000, Verdict.OUTSIDE),  # capped: the near edge is 150 m
        (99, None, Verdict.VERIFIED),  # no accuracy given: an exact fix
    ],
)
def test_verdict_uses_the_capped_accuracy_circle(
    distance: float | None, accuracy: float | None, expected: Verdict
) -> None:
    assert judge(distance, accuracy, radius_m=100, accuracy_cap_m=100) is expected


def test_distance_is_geodesic() -> None:
    # One degree of latitude near 6° S is about 110.6 km on the WGS-84 ellipsoid.
    assert distance_m(-6.0, 106.0, -7.0, 106.0) == pytest.approx(110_590, rel=1e-3)


def test_travel_speed_and_the_impossible_limit() -> None:
    assert implied_speed_kmh(1000, 60) == pytest.approx(60)
    assert not is_impossible_travel(100_000, 3600, 120)
    assert is_impossible_travel(100_000, 1800, 120)
    assert is_impossible_travel(5_000, 0, 120)  # same second, far apart
    assert not is_impossible_travel(0, 0, 120)


def test_dwell_counts_only_time_between_fixes_inside_the_radius() -> None:
    fixes = [Fix(0, 10), Fix(60, 20), Fix(120, 500), Fix(180, 30), Fix(240, 40)]
    assert dwell_seconds(fixes, 100) == 60 + 60
    assert dwell_seconds(list(reversed(fixes)), 100) == 120
    assert farthest_m(fixes) == 500
    assert farthest_m([]) is None


def test_photo_facts_and_exif() -> None:
    content = picture(1, exif=camera_exif("2025:11:27 09:30:00", -6.125, 106.15))
    facts = analyse(content, WIB)
    assert facts.size_bytes == len(content) and len(facts.sha256) == 64 and len(facts.phash) == 16
    assert (facts.width, facts.height) == (128, 128)
    assert facts.taken_at == NOW - 30 * 60
    assert facts.latitude == pytest.approx(-6.125, abs=1e-5)
    assert facts.longitude == pytest.approx(106.15, abs=1e-5)
    plain = analyse(picture(1), WIB)
    assert plain.taken_at is None and plain.latitude is None


def test_exif_time_with_an_offset_is_read_in_that_offset() -> None:
    exif = camera_exif("2025:11:27 11:30:00")
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.OffsetTimeOriginal] = "+08:00"
    assert analyse(picture(2, exif=exif), WIB).taken_at == NOW + 30 * 60


def test_perceptual_hash_survives_recompression_but_tells_pictures_apart() -> None:
    original = analyse(picture(5), WIB).phash
    assert phash_distance(original, analyse(picture(5, quality=50), WIB).phash) <= 4
    assert phash_distance(original, analyse(picture(6), WIB).phash) > 10
    assert phash_distance("ff00", "0f01") == 5


def test_bytes_that_are_no_image_are_refused() -> None:
    with pytest.raises(NotAnImage):
        analyse(b"GIF89a but not really", WIB)


def _household(position: tuple[float, float] | None = HOME) -> Household:
    lat, lon = position if position else (None, None)
    return Household(
        id=3,
        dtks_id="3604000000000003",
        kk_number=None,
        head_nik=None,
        head_name="Siti",
        address=None,
        region_code="3604",
        kecamatan=None,
        desa="Sukamaju",
        latitude=lat,
        longitude=lon,
        coordinates_source=None,
        companion_id=1,
        active=True,
        created_at=0,
        updated_at=0,
    )


def _location(position: tuple[float, float] = HOME, *, live: bool = True, at: int = NOW) -> SharedLocation:
    return SharedLocation(position[0], position[1], 10, 3600 if live else None, at, 7, 70)


def _photo(**values: object) -> DraftPhoto:
    base: dict[str, object] = {
        "file_id": "f",
        "file_unique_id": "u",
        "path": "p.jpg",
        "sha256": "s",
        "size_bytes": 1,
        "phash": "0" * 16,
        "width": 1,
        "height": 1,
        "message_id": 1,
    }
    return DraftPhoto(**{**base, **values})  # type: ignore[arg-type]


def test_draft_survives_a_json_round_trip() -> None:
    draft = ReportDraft(
        "key",
        NOW,
        location=_location(),
        household_id=3,
        photos=[_photo()],
        conditions={"school": "checked"},
        track=[[NOW + 60, -6.1, 106.1, None]],
    )
    again = ReportDraft.from_json(draft.to_json())
    assert again == draft
    assert ReportDraft.from_json(json.loads(draft.to_json())) == draft, "earlier versions stored a dict"


def test_photo_warnings() -> None:
    verification = VerificationConfig()
    location = _location()
    assert photo_warnings(_photo(), location, verification) == []
    flags = photo_warnings(
        _photo(
            reused_visit_id=9,
            reuse_reason="sha256",
            exif_taken_at=NOW - 7200,
            exif_latitude=HOME[0] + 0.01,
            exif_longitude=HOME[1],
        ),
        location,
        verification,
    )
    assert [(f.flag, f.detail, f.related_visit_id) for f in flags] == [
        ("reused_photo", "sha256", 9),
        ("exif_time_skew", "120 min", None),
        ("exif_far", "1106 m", None),
    ]


def _visit(position: tuple[float, float], started_at: int) -> Visit:
    return Visit(
        id=5,
        household_id=1,
        companion_id=1,
        region_code="3604",
        started_at=started_at,
        reported_at=started_at,
        latitude=position[0],
        longitude=position[1],
        accuracy_m=5,
        live=True,
        distance_m=1,
        verdict=Verdict.VERIFIED,
        conditions={},
        note=None,
        flags=(),
        review_status=None,
    )


def test_travel_flag_refers_to_the_previous_report() -> None:
    verification = VerificationConfig()
    assert travel_flag(_location(), None, verification) is None
    assert travel_flag(_location(), _visit(north_of(HOME, 20_000), NOW - 3600), verification) is None
    flag = travel_flag(_location(), _visit(north_of(HOME, 20_000), NOW - 300), verification)
    assert flag is not None and (flag.flag, flag.related_visit_id) == ("impossible_travel", 5)
    assert flag.detail == "240 km/h"


def test_compose_visit_collects_every_flag_once() -> None:
    draft = ReportDraft(
        "key-1",
        NOW,
        location=_location(north_of(HOME, 300), live=False),
        household_id=3,
        photos=[_photo(reused_visit_id=4, reuse_reason="phash"), _photo(reused_visit_id=2)],
        conditions={"school": "problem"},
    )
    visit = compose_visit(
        draft, _household(), companion_id=1, now=NOW + 120, previous=None, verification=VerificationConfig()
    )
    assert visit.verdict is Verdict.OUTSIDE and visit.idempotency_key == "key-1"
    assert [(f.flag, f.related_visit_id) for f in visit.flags] == [
        ("outside", None),
        ("static", None),
        ("reused_photo", 4),
    ]
    assert (visit.started_at, visit.reported_at, visit.live, visit.dwell_s) == (NOW, NOW + 120, False, None)
    assert visit.conditions == {"school": "problem"}


def test_compose_visit_summarises_the_live_track() -> None:
    draft = ReportDraft(
        "key-2",
        NOW,
        location=_location(north_of(HOME, 10)),
        household_id=3,
        track=[[NOW + 60, *north_of(HOME, 20), 5], [NOW + 120, *north_of(HOME, 250), 5]],
    )
    visit = compose_visit(
        draft, _household(), companion_id=1, now=NOW + 130, previous=None, verification=VerificationConfig()
    )
    assert visit.flags == ()
    assert visit.dwell_s == 60
    assert visit.max_distance_m == pytest.approx(250, abs=1)
    assert [round(p.distance_m or 0) for p in visit.track] == [20, 250]


def test_a_household_without_coordinates_gets_no_reference() -> None:
    draft = ReportDraft("key-3", NOW, location=_location(), household_id=3)
    visit = compose_visit(
        draft, _household(None), companion_id=1, now=NOW, previous=None, verification=VerificationConfig()
    )
    assert visit.verdict is Verdict.NO_REFERENCE and visit.distance_m is None
    assert [f.flag for f in visit.flags] == ["no_reference"]


def test_condition_marks_cycle_and_must_all_be_set() -> None:
    assert [next_mark(None), next_mark("checked"), next_mark("problem"), next_mark("not_applicable")] == [
        "checked",
        "problem",
        "not_applicable",
        "checked",
    ]
    report = ReportConfig(conditions=["school", "posyandu"])
    assert not conditions_complete({"school": "checked"}, report)
    assert conditions_complete({"school": "checked", "posyandu": "not_applicable"}, report)


@pytest.mark.parametrize(
    "values",
    [
        {"conditions": ["sekolah_minggu"]},
        {"conditions": ["school", "school"]},
        {"photos_min": 3, "photos_max": 2},
        {"phash_max_distance": 8},
    ],
)
def test_report_configuration_is_checked(values: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError):
        ReportConfig(**values)


def test_an_image_too_large_to_decode_safely_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(NotAnImage):
        analyse(picture(3, size=64), WIB)  # 256×256 = 65,536 pixels: more than twice the limit


def test_report_texts_have_the_same_placeholders_in_both_languages() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    report_keys = [
        key for key in TEXTS if key.startswith(("report.", "command.lapor", "command.riwayat", "command.kpmsaya"))
    ]
    assert len(report_keys) > 50
    for key in report_keys:
        indonesian, english = TEXTS[key]
        assert fields(indonesian) == fields(english), key


def test_a_picture_with_damaged_exif_keeps_its_picture_facts() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, "PNG")
    content = buffer.getvalue()
    junk = b"JUNKJUNKJUNK"  # an eXIf chunk whose TIFF header is garbage: Pillow raises SyntaxError
    chunk = struct.pack(">I", len(junk)) + b"eXIf" + junk + struct.pack(">I", zlib.crc32(b"eXIf" + junk))
    at = content.index(b"IDAT") - 4
    facts = analyse(content[:at] + chunk + content[at:], WIB)
    assert (facts.width, facts.height) == (64, 48) and facts.taken_at is None and facts.latitude is None
