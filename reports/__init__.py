"""The PDF scorecards (ReportLab lives only here): the leadership pack and one per owner."""
