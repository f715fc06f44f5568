"""The pure rules: reading coordinates and checking household fields."""

from __future__ import annotations

import pytest

from bot.regions import province
from bot.rules.coordinates import (
    CoordinateError,
    CoordinateProblem,
    parse_coordinates,
    read_coordinates,
    visit_position_problem,
)
from bot.rules.households import (
    RuleError,
    mask_number,
    normalize_dtks_id,
    normalize_kk,
    normalize_name,
    normalize_nik,
    normalize_region,
    normalize_text,
)

BOX = province("36").box


@pytest.mark.parametrize(
    "text",
    [
        "-6.0512, 106.1107",
        "-6,0512, 106,1107",
        "-6,0512; 106,1107",
        "-6.0512 106.1107",
        "-6,0512 106,1107",
        "-6.0512,106.1107",
        "  -6.0512 ,  106.1107 ",
        "https://www.google.com/maps/place/Pejaten/@-6.0512,106.1107,17z/data=!3m1!4b1",
        "https://www.google.com/maps?q=-6.0512,106.1107",
        "https://maps.google.com/?ll=-6.0512%2C106.1107&z=16",
        "https://www.google.com/maps/place/X/@-6.2,106.3,15z/data=!4m6!3m5!1s0x0:0x0!8m2!3d-6.0512!4d106.1107",
        "https://www.google.com/maps/search/-6.0512,+106.1107",
    ],
)
def test_coordinates_are_read_from_typed_text_and_map_links(text: str) -> None:
    assert read_coordinates(text, BOX) == pytest.approx((-6.0512, 106.1107))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0, 0", CoordinateProblem.ZERO),
        ("0.0000, 0.0000", CoordinateProblem.ZERO),
        ("106.1107, -6.0512", CoordinateProblem.SWAPPED),
        ("-7.8, 110.36", CoordinateProblem.OUTSIDE),
        ("6.0512, 106.1107", CoordinateProblem.OUTSIDE),
        ("-600, 1061", CoordinateProblem.UNREADABLE),
        ("-95.0, 106.1", CoordinateProblem.OUT_OF_RANGE),
        ("rumah pak RT", CoordinateProblem.UNREADABLE),
        ("https://maps.app.goo.gl/AbCdEf123", CoordinateProblem.SHORT_LINK),
        ("https://www.google.com/maps/place/Pejaten", CoordinateProblem.UNREADABLE),
    ],
)
def test_wrong_coordinates_are_recognised(text: str, problem: CoordinateProblem) -> None:
    with pytest.raises(CoordinateError) as caught:
        read_coordinates(text, BOX)
    assert caught.value.problem is problem


def test_decimal_comma_pairs_split_at_the_right_comma() -> None:
    assert parse_coordinates("-6,12,106,45") == (-6.12, 106.45)
    assert parse_coordinates("-6,106") == (-6.0, 106.0)


def test_kk_must_have_sixteen_digits_and_the_province_code() -> None:
    assert normalize_kk("3604 0112 0315 0012", "36") == "3604011203150012"
    assert normalize_kk("3604.0112.0315.0012", "36") == "3604011203150012"
    with pytest.raises(RuleError) as short:
        normalize_kk("360401120315", "36")
    assert short.value.reason == "kk_digits"
    with pytest.raises(RuleError) as elsewhere:
        normalize_kk("3204011203150012", "36")
    assert elsewhere.value.reason == "kk_province" and elsewhere.value.values == {"province": "36"}


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+62812", "-1+1", "@SUM(A1)", "\t=1"])
def test_formula_looking_text_is_refused(cell: str) -> None:
    for check in (normalize_name, normalize_text, normalize_dtks_id):
        with pytest.raises(RuleError) as caught:
            check(cell)
        assert caught.value.reason == "formula"


def test_names_and_texts_are_tidied() -> None:
    assert normalize_name("  Siti   Aminah ") == "Siti Aminah"
    assert normalize_text("   ") is None
    with pytest.raises(RuleError):
        normalize_name("12345")
    with pytest.raises(RuleError) as long_name:
        normalize_name("A" * 101)
    assert long_name.value.values == {"limit": 100}


def test_region_codes_accept_the_dotted_form() -> None:
    codes = frozenset({"3601", "3604"})
    assert normalize_region("36.04", codes) == "3604"
    with pytest.raises(RuleError):
        normalize_region("3201", codes)


def test_nik_and_dtks_formats() -> None:
    assert normalize_nik("3604015507800003") == "3604015507800003"
    with pytest.raises(RuleError):
        normalize_nik("36040155078")
    assert normalize_dtks_id(" 3604000000000123 ") == "3604000000000123"
    with pytest.raises(RuleError):
        normalize_dtks_id("ab")


def test_numbers_are_masked_but_for_the_ends() -> None:
    assert mask_number("3604011203150012") == "3604********0012"
    assert mask_number(None) is None
    assert mask_number("1234") == "****"


@pytest.mark.parametrize(
    ("latitude", "longitude", "problem"),
    [
        (0.0, 0.0, CoordinateProblem.ZERO),
        (-6.05, 106.11, None),
        (BOX.max_lat + 0.0018, 106.11, None),  # ~200 m beyond the box: a household on its edge is within reach
        (BOX.max_lat + 0.0036, 106.11, CoordinateProblem.OUTSIDE),  # ~400 m
        (-7.8, 110.36, CoordinateProblem.OUTSIDE),
    ],
)
def test_a_visit_position_must_be_within_reach_of_the_province(
    latitude: float, longitude: float, problem: CoordinateProblem | None
) -> None:
    assert visit_position_problem(latitude, longitude, BOX, reach_m=250) is problem
