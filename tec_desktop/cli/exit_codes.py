"""The exit statuses of `tec` (spec §6), for every subcommand alike."""

EXIT_OK = 0  # done (for `check`: the workbook has no errors)
EXIT_FINDINGS = 1  # the workbook has errors, listed; nothing was written or sent
EXIT_FAILED = 2  # could not do what was asked: one line on stderr says why
EXIT_READER_GONE = 128 + 13  # the program reading the output stopped early (`| head`): what SIGPIPE gives
