"""Status colours of spec §4, at and around their boundaries."""

import pytest

from tec_desktop.metrics.status import status_for, target_for, worst
from tec_desktop.workbook.model import Settings

S = Settings(adherence_target=0.9, rework_target=0.1, amber_band=0.1)


@pytest.mark.parametrize(
    "value, status", [(1.0, "green"), (0.9, "green"), (0.8999, "amber"), (0.8, "amber"), (0.7999, "red"), (0.0, "red")]
)
@pytest.mark.parametrize("key", ["sla_adherence", "decision_sla_adherence", "dependency_on_time"])
def test_higher_is_better_against_the_adherence_target(key, value, status):
    assert status_for(key, value, S) == status
    assert target_for(key, S) == 0.9


@pytest.mark.parametrize(
    "value, status", [(0.0, "green"), (0.1, "green"), (0.1001, "amber"), (0.2, "amber"), (0.2001, "red"), (1.0, "red")]
)
def test_rework_is_reversed(value, status):
    assert status_for("rework_rate", value, S) == status
    assert target_for("rework_rate", S) == 0.1


@pytest.mark.parametrize("value, status", [(0, "green"), (1, "amber"), (2, "red"), (17, "red")])
@pytest.mark.parametrize("key", ["decisions_overdue", "actions_overdue"])
def test_overdue_counts(key, value, status):
    assert status_for(key, value, S) == status
    assert target_for(key, S) == 0


def test_float_noise_never_flips_a_colour():
    # 0.8 - 0.1 is 0.7000000000000001 in floating point: a share of exactly 7/10 is still amber
    s = Settings(adherence_target=0.8, amber_band=0.1)
    assert 0.8 - 0.1 > 7 / 10
    assert status_for("sla_adherence", 7 / 10, s) == "amber"
    # and 0.7 + 0.1 is 0.7999999999999999: a rework share of 4/5 with target 0.7 is amber
    assert 0.7 + 0.1 < 4 / 5
    assert status_for("rework_rate", 4 / 5, Settings(rework_target=0.7, amber_band=0.1)) == "amber"


@pytest.mark.parametrize(
    "key", ["items_completed", "queue_time_median", "queue_time_p85", "lead_time_median", "first_pass_ready", "misses"]
)
def test_metrics_without_a_target_have_no_colour(key):
    assert target_for(key, S) is None
    assert status_for(key, 0.5, S) is None


def test_no_value_no_colour():
    assert status_for("sla_adherence", None, S) is None
    assert status_for("actions_overdue", None, S) is None


def test_overall_is_the_worst_colour_ignoring_none():
    assert worst(["green", None, "amber", "green"]) == "amber"
    assert worst(["green", "red", "amber"]) == "red"
    assert worst([None, None]) is None
    assert worst([]) is None
