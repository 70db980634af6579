"""The month's scorecard files: which PDFs there are, their names, and writing them.

The core decides what is written where; the drawing itself is the PDF renderer's (the `reports`
package, found through its entry point), so the core never imports ReportLab.
"""
