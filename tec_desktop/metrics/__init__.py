"""The month's seam metrics (spec §4), the business-day clock, and the meeting's lists (the agenda)."""
