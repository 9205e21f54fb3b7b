"""Mapping of individual records onto the shared vocabulary."""

from __future__ import annotations

import pytest
from recommender.exercises import Exercise

import recommender_free_exercise_db as plugin
from recommender_free_exercise_db import map_records
from recommender_free_exercise_db._mapping import slug


@pytest.fixture(scope="module")
def by_id() -> dict[str, Exercise]:
    """The shipped exercises keyed by id."""
    return {e.id: e for e in plugin.load_pack()[0].exercises}


def _record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": "Test_Curl",
        "name": "Test Curl",
        "force": "pull",
        "level": "beginner",
        "mechanic": "isolation",
        "equipment": "dumbbell",
        "primaryMuscles": ["biceps"],
        "secondaryMuscles": ["forearms"],
        "category": "strength",
    }
    record.update(overrides)
    return record


def _tagged(by_id: dict[str, Exercise], tag: str, *, having: tuple[str, ...] = (), lacking: tuple[str, ...] = ()) -> None:
    """Each exercise of ``having`` carries ``tag`` and none of ``lacking`` does; all that do not are named at once."""
    assert [ex_id for ex_id in having if tag not in by_id[ex_id].contraindications] == []
    assert [ex_id for ex_id in lacking if tag in by_id[ex_id].contraindications] == []


def test_ids_are_lower_case_slugs(by_id: dict[str, Exercise]) -> None:
    """Upstream ids become lower-case slugs."""
    assert by_id["3_4_sit-up"].name == "3/4 Sit-Up"
    assert slug("3_4_Sit-Up") == "3_4_sit-up"
    assert slug("Bradford/Rocky Presses") == "bradford-rocky-presses"


def test_barbell_squat(by_id: dict[str, Exercise]) -> None:
    """A barbell squat loads the knees and the spine."""
    squat = by_id["barbell_squat"]
    assert {"knee_loaded_flexion", "spine_axial_load"} <= set(squat.contraindications)
    assert squat.pattern == "squat"
    assert squat.areas == ("legs",)
    assert squat.equipment == ("barbell",)


def test_jump_squat_is_high_impact(by_id: dict[str, Exercise]) -> None:
    """A plyometric jump carries the impact tags."""
    jump = by_id["freehand_jump_squat"]
    assert {"high_impact", "knee_impact", "ankle_impact"} <= set(jump.contraindications)


def test_upper_body_plyometrics_spare_the_knees(by_id: dict[str, Exercise]) -> None:
    """A plyometric push-up is high-impact but lands on the hands."""
    tags = set(by_id["plyo_kettlebell_pushups"].contraindications)
    assert "high_impact" in tags
    assert not {"knee_impact", "ankle_impact"} & tags


def test_wood_chop_is_not_a_hop(by_id: dict[str, Exercise]) -> None:
    """Keywords match whole words: 'chop' is not 'hop'."""
    tags = set(by_id["standing_cable_wood_chop"].contraindications)
    assert "spine_loaded_rotation" in tags
    assert "high_impact" not in tags


def test_olympic_lifts(by_id: dict[str, Exercise]) -> None:
    """What is left of olympic weightlifting (pulls, deadlifts, shrugs) is high-impact, axially loaded and never beginner."""
    for ex_id in ("clean_deadlift", "snatch_deadlift", "clean_shrug"):
        ex = by_id[ex_id]
        assert {"high_impact", "spine_axial_load"} <= set(ex.contraindications), ex_id
        assert ex.level != "beginner", ex_id


def test_sit_up_flexes_the_spine_lying_down(by_id: dict[str, Exercise]) -> None:
    """A sit-up is loaded spinal flexion on the back."""
    assert {"spine_loaded_flexion", "supine"} <= set(by_id["sit-up"].contraindications)
    assert by_id["sit-up"].areas == ("core",)


def test_plank_is_a_hold(by_id: dict[str, Exercise]) -> None:
    """A plank is a 30-second breath-holding risk on the wrists."""
    plank = by_id["plank"]
    assert {"breath_hold", "wrist_loaded_extension"} <= set(plank.contraindications)
    assert plank.seconds_per_set == 30
    assert plank.pattern == "anti_extension"


def test_static_holds_are_prescribed_in_seconds(by_id: dict[str, Exercise]) -> None:
    """Upstream's static exercises are holds, so a plan gives them in seconds, not as "2 x 10-15" reps; moving
    ones such as isometric wipers and glute bridges stay in reps."""
    for ex_id in ("plank", "side_bridge", "isometric_neck_exercise_-_sides", "downward_facing_balance"):
        assert by_id[ex_id].unit == "seconds", ex_id
    for ex_id in ("isometric_wipers", "butt_lift_bridge", "sit-up"):
        assert by_id[ex_id].unit == "reps", ex_id


def test_shoulders_and_rear_delts(by_id: dict[str, Exercise]) -> None:
    """Upstream 'shoulders' is front and side delts, or rear delts for rear-delt work."""
    assert by_id["side_lateral_raise"].muscles == ("front_delts", "side_delts")
    assert by_id["reverse_flyes"].muscles == ("rear_delts",)
    assert by_id["reverse_flyes"].pattern == "pull_horizontal"


def test_overhead_and_pull_up_bar(by_id: dict[str, Exercise]) -> None:
    """Pull-ups need a bar and put the arms overhead."""
    pullups = by_id["pullups"]
    assert pullups.equipment == ("pull_up_bar",)
    assert "shoulder_overhead" in pullups.contraindications
    assert pullups.pattern == "pull_vertical"


def test_bench_press_needs_a_bench(by_id: dict[str, Exercise]) -> None:
    """A dumbbell bench press lists the bench and lies on the back."""
    press = by_id["dumbbell_bench_press"]
    assert press.equipment == ("dumbbells", "bench")
    assert "supine" in press.contraindications


def test_every_bench_press_lies_on_the_back(by_id: dict[str, Exercise]) -> None:
    """Reverse-grip, reverse-band and neck presses are bench presses lying on the back (pregnancy leaves them out),
    and the neck press needs a bench; a reverse fly, done bent over or seated, is not supine."""
    for name in ("reverse_triceps_bench_press", "reverse_band_bench_press", "neck_press"):
        assert "supine" in by_id[name].contraindications, name
    assert "bench" in by_id["neck_press"].equipment
    assert "supine" not in by_id["reverse_flyes"].contraindications
    assert "supine" not in by_id["reverse_machine_flyes"].contraindications


def test_single_leg_work_takes_longer(by_id: dict[str, Exercise]) -> None:
    """Unilateral sets take 70 s and standing ones are balance work."""
    split = by_id["split_squat_with_dumbbells"]
    assert split.seconds_per_set == 70
    assert "balance_single_leg" in split.contraindications
    assert by_id["barbell_curl"].seconds_per_set == 40


def test_expert_becomes_advanced(by_id: dict[str, Exercise]) -> None:
    """Upstream 'expert' maps to our 'advanced'."""
    assert by_id["handstand_push-ups"].level == "advanced"


def test_ez_bar_is_a_barbell(by_id: dict[str, Exercise]) -> None:
    """An EZ bar counts as a barbell."""
    assert by_id["ez-bar_curl"].equipment == ("barbell",)


def test_areas_come_from_primary_muscles_only(by_id: dict[str, Exercise]) -> None:
    """Secondary muscles add detail but no areas."""
    deadlift = by_id["barbell_deadlift"]
    assert deadlift.areas == ("back",)
    assert "hamstrings" in deadlift.muscles


def test_unknown_equipment_is_reported_not_raised() -> None:
    """Unmapped equipment skips the record and names the value."""
    exercises, report = map_records([_record(name="Foam Roll Thing", equipment="foam roll"), _record()])
    assert [e.id for e in exercises] == ["test_curl"]
    assert report == ("skipped 'Foam Roll Thing': equipment 'foam roll' has no equivalent",)


def test_malformed_records_never_raise() -> None:
    """Garbage input becomes report lines, not exceptions."""
    records: list[object] = [
        "not a record",
        None,
        {},
        _record(equipment=None),
        _record(equipment="other"),
        _record(level="godlike"),
        _record(primaryMuscles=["spleen"]),
        _record(primaryMuscles="biceps"),
        _record(primaryMuscles=[]),
        _record(name="   "),
        _record(id="Spleen_Curl", secondaryMuscles=["spleen"]),
        _record(id="Wobbly_Curl", mechanic="wobbly"),
    ]
    exercises, report = map_records(records)
    assert len(exercises) == 2  # the two with only a secondary or mechanic problem
    assert len(report) == len(records)
    assert any("primary muscle 'spleen'" in line for line in report)
    assert any("dropped secondary muscle 'spleen'" in line for line in report)
    assert any("level 'godlike'" in line for line in report)
    assert any("mechanic for 'Test Curl': 'wobbly'" in line for line in report)


def test_duplicate_ids_are_made_unique() -> None:
    """Two records whose ids slug to the same value both survive."""
    exercises, report = map_records([_record(id="Curl"), _record(id="curl")])
    assert [e.id for e in exercises] == ["curl", "curl-2"]
    assert any(line.startswith("renamed") for line in report)


def test_missing_mechanic_is_inferred() -> None:
    """A null mechanic becomes compound with two muscles, isolation with one."""
    two, _ = map_records([_record(mechanic=None)])
    one, _ = map_records([_record(mechanic=None, secondaryMuscles=[])])
    assert two[0].mechanic == "compound"
    assert one[0].mechanic == "isolation"


def test_heavy_barbell_lifts_invite_breath_holding(by_id: dict[str, Exercise]) -> None:
    """Barbell squats, deadlifts, bench and overhead presses, and the leg press carry breath_hold, as in the
    built-in pack, so hypertension, heart disease and pregnancy leave them out whatever their category."""
    _tagged(by_id, "breath_hold", having=(
        "barbell_squat",
        "front_barbell_squat",
        "barbell_deadlift",
        "barbell_bench_press_-_medium_grip",
        "standing_military_press",
        "barbell_shoulder_press",
        "smith_machine_squat",
        "hack_squat",
        "leg_press",
    ))
    # Lighter hinges and the calf press on the leg press machine are not maximal efforts.
    _tagged(by_id, "breath_hold", lacking=("romanian_deadlift", "calf_press_on_the_leg_press_machine"))


def test_good_mornings_and_barbell_rows_load_the_spine(by_id: dict[str, Exercise]) -> None:
    """Every good morning, band ones too, and bent-over barbell and T-bar rows carry spine_axial_load, as the
    built-in pack's good morning and barbell row do, so a low-back problem leaves them out."""
    _tagged(by_id, "spine_axial_load", having=(
        "band_good_morning",
        "band_good_morning_pull_through",
        "stiff_leg_barbell_good_morning",
        "bent_over_barbell_row",
        "reverse_grip_bent-over_rows",
        "bent_over_two-arm_long_bar_row",
        "t-bar_row_with_handle",
        "smith_machine_bent_over_row",
    ))
    # A row with the chest on a pad or a hand on a bench does not load the spine.
    _tagged(by_id, "spine_axial_load", lacking=("lying_t-bar_row", "one-arm_dumbbell_row"))


def test_exercises_whose_names_hide_lying_down(by_id: dict[str, Exercise]) -> None:
    """Exercises done on the back or face down whose names do not say so still carry supine or prone, so a
    pregnancy leaves them out (upstream's instructions: "lie on a flat bench", "lay on the bench face down")."""
    _tagged(by_id, "supine", having=(
        "ball_leg_curl",
        "bottoms_up",
        "close-grip_dumbbell_press",
        "close-grip_ez-bar_press",
        "dumbbell_tricep_extension_-pronated_grip",
        "one_arm_pronated_dumbbell_triceps_extension",
        "one_arm_supinated_dumbbell_triceps_extension",
        "kettlebell_turkish_get-up_lunge_style",
        "kettlebell_turkish_get-up_squat_style",
    ))
    _tagged(by_id, "prone", having=("anti-gravity_press", "straight_raises_on_incline_bench", "incline_bench_pull", "dumbbell_incline_row"))
    assert "supine" not in by_id["bottoms-up_clean_from_the_hang_position"].contraindications


def test_slams_side_bends_and_swung_twists_load_the_trunk(by_id: dict[str, Exercise]) -> None:
    """A medicine-ball slam and loaded side bends bend the trunk against resistance, and pirate ships and the bent
    press twist it, so osteoporosis and a low-back problem leave them out, as they do the built-in pack's slam."""
    _tagged(by_id, "spine_loaded_flexion", having=(
        "one-arm_medicine_ball_slam",
        "dumbbell_side_bend",
        "barbell_side_bend",
        "one-arm_high-pulley_cable_side_bends",
        "weighted_ball_side_bend",
    ))
    _tagged(by_id, "spine_loaded_rotation", having=("kettlebell_pirate_ships", "bent_press"))


def test_reverse_crunches_and_leg_raises_flex_the_loaded_trunk(by_id: dict[str, Exercise]) -> None:
    """Reverse crunches (bottoms up, hip raises, pull-ins, tucks), leg raises, heel touchers and butt-ups bend the
    trunk against the weight of the legs or hips, so osteoporosis and a low-back problem leave them out, as they do
    the built-in pack's reverse crunch and hanging leg raise."""
    _tagged(by_id, "spine_loaded_flexion", having=(
        "bottoms_up",
        "bent-knee_hip_raise",
        "smith_machine_hip_raise",
        "leg_pull-in",
        "flat_bench_leg_pull-in",
        "seated_flat_bench_leg_pull-in",
        "exercise_ball_pull-in",
        "seated_leg_tucks",
        "flat_bench_lying_leg_raise",
        "hanging_leg_raise",
        "alternate_heel_touchers",
        "butt-ups",
    ))
    # A glute bridge lifts the hips without bending the trunk.
    assert "spine_loaded_flexion" not in by_id["butt_lift_bridge"].contraindications


def test_wrist_curls_load_the_wrist(by_id: dict[str, Exercise]) -> None:
    """Wrist curls, finger curls and wrist rotations move a load through the bent-back wrist, so a wrist problem
    leaves them out; a biceps curl, with the wrist held straight, does not carry the tag."""
    _tagged(by_id, "wrist_loaded_extension", having=(
        "palms-down_dumbbell_wrist_curl_over_a_bench",
        "palms-up_barbell_wrist_curl_over_a_bench",
        "seated_palm-up_barbell_wrist_curl",
        "cable_wrist_curl",
        "standing_palms-up_barbell_behind_the_back_wrist_curl",
        "finger_curls",
        "wrist_rotations_with_straight_bar",
    ))
    assert "wrist_loaded_extension" not in by_id["dumbbell_bicep_curl"].contraindications


def test_presses_to_the_neck_load_the_shoulder_at_end_range(by_id: dict[str, Exercise]) -> None:
    """A neck or guillotine press lowers the bar to the neck with the elbows flared out, the shoulder at the end of
    its range under load, so a shoulder problem leaves it out; a medium-grip bench press is unchanged."""
    _tagged(by_id, "shoulder_end_range", having=("neck_press", "barbell_guillotine_bench_press"))
    assert "shoulder_end_range" not in by_id["barbell_bench_press_-_medium_grip"].contraindications


def test_barbell_lifts_caught_at_speed_are_left_out(by_id: dict[str, Exercise]) -> None:
    """Plans dose every exercise as sets near fatigue, which no snatch, clean or jerk with a bar suits, whatever
    upstream's category: they are skipped with the reason in the report.  Pulls, a front squat with a clean grip
    and kettlebell cleans and snatches stay."""
    from recommender_free_exercise_db import load_pack

    gone = ("snatch", "clean_and_jerk", "power_clean", "clean_and_press", "smith_machine_hang_power_clean", "squat_jerk",
            "hang_snatch", "split_jerk", "snatch_balance")
    assert [ex_id for ex_id in gone if ex_id in by_id] == []
    _, report = load_pack()
    assert "skipped 'Power Clean': a barbell lift caught at speed, which sets near fatigue do not suit" in report
    for ex_id in ("clean_pull", "snatch_deadlift", "front_squat_clean_grip", "one-arm_kettlebell_snatch", "two-arm_kettlebell_clean"):
        assert ex_id in by_id, ex_id


def test_floor_push_ups_are_face_down_as_the_built_in_ones(by_id: dict[str, Exercise]) -> None:
    """The built-in pack tags its floor push-ups prone, so pregnancy leaves them out: this pack's floor push-ups are
    tagged alike, while incline push-ups (hands on a bench) and handstand push-ups are not face down."""
    _tagged(by_id, "prone", having=("pushups", "push-up_wide", "single-arm_push-up", "clock_push-up", "push-ups_with_feet_elevated", "push_up_to_side_plank"))
    _tagged(by_id, "prone", lacking=("incline_push-up", "handstand_push-ups"))
