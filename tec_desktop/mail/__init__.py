"""Email: the plan of messages, SMTP, sending, the send log, .eml drafts and passwords."""
