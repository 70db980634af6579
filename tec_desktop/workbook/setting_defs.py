"""The Settings sheet: its two columns and every setting it may hold (spec §2)."""

from __future__ import annotations

from tec_desktop.workbook.columns import CHOICE, NUMBER, TEXT, Column, SettingDef, Sheet

C = Column

SETTINGS = Sheet(
    "Settings",
    (
        C("Setting", "setting", TEXT, True, help="The name of the setting.", example="Organization", width=24),
        # Optional as a cell: settings.py names the setting whose value is empty, and defaults the rest.
        C("Value", "value", TEXT, False, help="Its value.", example="Northwind Logistics", width=40),
    ),
    help="One row per setting. Organization and Reporting month are required; the others have defaults.",
)

SETTING_DEFS = (
    SettingDef(
        "Organization",
        "organization",
        TEXT,
        True,
        None,
        "Your organization's name, printed on every page and used as the PDF author.",
        "Northwind Logistics",
    ),
    SettingDef(
        "Reporting month",
        "reporting_month",
        TEXT,
        True,
        None,
        "The month the scorecards are for: 2026-10, or any date in that month.",
        "2026-10",
    ),
    SettingDef(
        "Work week",
        "work_week",
        TEXT,
        False,
        "Mon Tue Wed Thu Fri",
        "The days your teams work; the business-day clock skips the others.",
        "Mon Tue Wed Thu Fri",
    ),
    SettingDef(
        "Adherence target",
        "adherence_target",
        NUMBER,
        False,
        0.90,
        "Share of items that should meet their SLA (0.90 = 90%). Also used for decisions and dependencies.",
        "0.90",
    ),
    SettingDef(
        "Rework target",
        "rework_target",
        NUMBER,
        False,
        0.10,
        "Highest acceptable share of completed items reworked for missing requirements.",
        "0.10",
    ),
    SettingDef(
        "Amber band",
        "amber_band",
        NUMBER,
        False,
        0.10,
        "How far from a target a metric may be before it turns red (0.10 = 10 points).",
        "0.10",
    ),
    SettingDef(
        "Report title",
        "report_title",
        TEXT,
        False,
        "Seam scorecards",
        "The title on the scorecards and in the email subject.",
        "Seam scorecards",
    ),
    SettingDef("Paper size", "paper_size", CHOICE, False, "A4", "A4 or Letter, for the PDF scorecards.", "A4"),
    SettingDef(
        "Language",
        "language",
        TEXT,
        False,
        "en",
        "The main language of your workbook's text, written into the PDFs for screen readers and search: "
        "a code such as en, en-GB, de, fr or es-MX. The scorecards' own words are in English.",
        "en",
    ),
)
