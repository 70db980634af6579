"""Codes of the consistency checks (spec §3): what the checks find across rows and sheets."""

from __future__ import annotations

from tec_desktop.codes.model import ERROR, INFO, NONE, WARNING, finding

_ALSO = "[ Also on {also:rows}.]"  # a problem repeated on other rows is one finding, naming them
_NO_ACTION = (
    "but no owner-led corrective action. Add one on the Actions sheet that is open at the end of {month} "
    "or opened in it."
)
_REVIEW = "Contracts are revisited monthly:"

REFERENCES = (
    finding(
        "id-duplicate",
        ERROR,
        "ID used twice",
        "{column} '{value}' is also on row {first_row}. Every row needs its own {column}.",
    ),
    finding(
        "email-duplicate",
        ERROR,
        "Email address used twice",
        "{column} '{value}' is also on row {first_row}. Each person needs their own email address.",
    ),
    finding(
        "seam-unknown",
        ERROR,
        "Seam ID not on Seams",
        "{column} '{value}' is not on the Seams sheet. Use a Seam ID from Seams, or add the seam there." + _ALSO,
        forms={
            "near": "{column} '{value}' is not on the Seams sheet. Did you mean '{near}'? Seam IDs must match "
            "exactly." + _ALSO,
            "invisible": "{column} '{value}' is not on the Seams sheet: it holds an invisible character, "
            "{invisible}. Delete it (retype the ID) so that it reads '{near}'." + _ALSO,
        },
    ),
    finding(
        "person-unknown",
        ERROR,
        "Person not on People",
        "{column} '{value}' is not on the People sheet. Use a name or email from People, or add the person "
        "there." + _ALSO,
        forms={
            "invisible": "{column} '{value}' is not on the People sheet: it holds an invisible character, "
            "{invisible}. Delete it (retype the name) so that it names {near}." + _ALSO,
        },
    ),
    finding(
        "person-ambiguous",
        ERROR,
        "Person reference that fits two people",
        "{column} '{value}' fits two people on People: it is the Name on row {name_row} and the Email of "
        "{other} on row {email_row}. A Name must not be another person's email address: correct the Name on "
        "row {name_row}." + _ALSO,
        forms={
            "not-their-email": "{column} '{value}' is an email address, but on People it is only the Name on row "
            "{name_row}, whose Email is {email}. Write the email address of the person you mean, and correct "
            "the Name on row {name_row}." + _ALSO,
        },
    ),
    finding(
        "link-unknown",
        WARNING,
        "Linked ID that does not exist",
        "Linked item ID '{value}' is not on the Handoffs sheet.",
        forms={"misses": "Linked miss {ids:ID|IDs} {ids:list} {ids:is|are} not on the Misses sheet."},
    ),
)

DATES = (
    finding(
        "date-order",
        ERROR,
        "Dates out of order",
        "{later} ({later_date}) is before {earlier} ({earlier_date}).",
        forms={
            "typo": "{earlier} ({earlier_date}) is later than today and after {later} ({later_date}). "
            "Is the year a typo?",
        },
    ),
    finding(
        "date-in-future",
        WARNING,
        "Date later than today",
        "{column} ({date}) is later than today ({today}). Is the year a typo?",
    ),
    finding(
        "contract-review-stale",
        WARNING,
        "Contract not reviewed lately",
        "the contract of {seam} was last reviewed on {reviewed}, more than {days} days before the end of "
        f"{{month}} ({{month_end}}). {_REVIEW} review it and update Last reviewed.",
        forms={"never": f"Last reviewed is empty for {{seam}}. {_REVIEW} enter the date of its last review."},
    ),
)

SLAS = (
    finding(
        "sla-target",
        ERROR,
        "SLA target not above 0",
        "Target (business days) is {target}; it must be more than 0.",
        forms={"decision": "SLA (business days) is {target}; it cannot be negative."},
    ),
    finding(
        "sla-duplicate",
        ERROR,
        "Two SLAs for one seam and request type",
        "seam {seam} already has an SLA for '{request_type}' on row {first_row}. "
        "Keep one row per seam and request type.",
    ),
    finding(
        "sla-missing-for-seam",
        WARNING,
        "Active seam without an SLA",
        "{seam} is Active but has no SLA. Add its service levels on the SLAs sheet.",
    ),
    finding(
        "sla-missing-for-handoff",
        WARNING,
        "Handoffs without an SLA",
        "there is no SLA for seam {seam} and request type '{request_type}' ({count} {count:handoff|handoffs}, "
        "{rows:rows}). Add a row on SLAs, or correct the request type.",
    ),
)

ROWS = (
    finding(
        "rework-reason-missing",
        WARNING,
        "Rework without a reason",
        "Reworked is Yes but Rework reason is empty. Choose Missing requirements, Quality, Scope change or Other.",
        forms={
            "no-column": "{count} {count:handoff is|handoffs are} Reworked, but the sheet has no Rework reason "
            "column, so rework for missing requirements cannot be counted. Add the column.",
        },
    ),
    finding(
        "completed-without-start",
        WARNING,
        "Completed without Started",
        "Completed is {completed} but Started is empty. Enter when work started so that queue time can be measured.",
    ),
    finding(
        "closed-date-missing",
        WARNING,
        "Finished action without Closed date",
        "Status is {status} but Closed is empty. Enter the date it was finished.",
        forms={"dropped": "Status is {status} but Closed is empty. Enter the date it was dropped."},
    ),
    finding(
        "email-invalid",
        WARNING,
        "Invalid email address",
        "'{email}' is not a valid email address, so nothing can be sent to it.",
    ),
    finding(
        "person-inactive",
        WARNING,
        "Inactive owner",
        "{column} {name} is marked inactive on People (row {person_row}). Hand the {what} to an active person.",
    ),
    finding(
        "action-owner-outside",
        WARNING,
        "Action owner not on the seam",
        "Owner {owner} ({team}) is neither the accountable owner of {seam} ({accountable}) nor on its teams "
        "({from_team}, {to_team}). Corrective actions are owner-led: give it to someone on the seam.",
    ),
    finding(
        "action-missing",
        WARNING,
        "No corrective action",
        "{seam} has {misses} {misses:miss|misses} in {month} " + _NO_ACTION,
        forms={
            "red": "{seam} is Red " + _NO_ACTION,
            "red-and-misses": "{seam} is Red and has {misses} {misses:miss|misses} in {month} " + _NO_ACTION,
        },
    ),
    finding(
        "text-long",
        WARNING,
        "Text too long to print in full",
        "{column} is {length} characters long; the scorecards print its first {limit} and '…'. Shorten it, or "
        "keep the detail elsewhere and link to it.",
    ),
    finding(
        "metrics-unavailable",
        INFO,
        "Status could not be worked out",
        "The seams' Red/Amber/Green status could not be worked out, so 'no corrective action' was judged on "
        "misses only. Details were written to {log}.",
        place=NONE,
    ),
)

# The monthly review (issue 12): owners' comments, the chain miss -> root cause -> action, seams left empty.
REVIEW = (
    finding(
        "comment-month-bad",
        ERROR,
        "Comment month not a month",
        "Month '{value}' is not a month; write it like 2026-10.",
    ),
    finding(
        "comment-duplicate",
        ERROR,
        "Two comments for one seam and month",
        "{seam} already has a comment for {month} on row {first_row}. Keep one comment per seam and month: "
        "put both texts in one cell.",
    ),
    finding(
        "cause-no-action",
        WARNING,
        "Root cause no action answers",
        "the root cause '{cause}' explains {misses} of {total} {total:miss|misses} of Red seam {seam} in {month} "
        "({ids:list}), but no open corrective action answers it. On Actions, give an action this Root cause or "
        "list these misses in its Linked miss IDs.",
    ),
    finding(
        "seam-no-activity",
        WARNING,
        "Seam with nothing recorded",
        "{seam} has nothing recorded for {month}: no handoff, miss, dependency, decision or corrective action, "
        "so its scorecard shows — for every metric. Check that the logs use this Seam ID, or set its Status to "
        "Retired if the seam is no longer used.",
    ),
)
