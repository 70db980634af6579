"""Very long sheets (issue 16, item 21): refused for their size, with the size message, before the
reader spends a gigabyte on them; and long sheets within the limits are not refused at all."""

import pytest
from big_sheet import with_long_sheet

from tec_desktop.errors import UnreadableWorkbook
from tec_desktop.workbook import container

from builder import write_workbook

HANDOFFS = {"handoffs"}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return write_workbook(tmp_path_factory.mktemp("size") / "small.xlsx")


@pytest.fixture(scope="module")
def huge(small, tmp_path_factory):
    """800,000 rows of 6 cells: 4.8 million cells."""
    return with_long_sheet(small, tmp_path_factory.mktemp("size") / "huge.xlsx", "Handoffs", 800_000, 6)


def test_a_million_rows_of_2_cells_are_within_the_limits(small, tmp_path):
    """2.08 million cells on rows up to 1,040,001: once refused as 'written in a way Excel does not write
    them' (26 columns were assumed, and 7-digit rows sent the sheet to the slow walk)."""
    path = with_long_sheet(small, tmp_path / "long.xlsx", "Handoffs", 1_040_000, 2)
    info = container.inspect(path, HANDOFFS)
    assert [s.name for s in info.sheets][4] == "Handoffs"


def test_more_filled_cells_than_a_sheet_may_hold_get_the_size_message(huge):
    path = huge
    with pytest.raises(UnreadableWorkbook) as caught:
        container.inspect(path, HANDOFFS)
    assert str(caught.value) == (
        "huge.xlsx: the sheet Handoffs has more than 4,000,000 filled cells; TEC Desktop reads at most 200 "
        "columns and 4,000,000 cells per sheet. Delete empty or unused rows and columns (extra columns can move "
        "to another workbook), or move old years to an archive workbook."
    )


def test_a_sheet_the_reader_does_not_read_is_not_measured(huge):
    container.inspect(huge, {"people"})
