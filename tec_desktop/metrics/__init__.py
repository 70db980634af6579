"""The month's seam metrics (SPEC §4), the business-day clock, and the meeting's lists (the agenda)."""
