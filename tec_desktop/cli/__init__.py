"""The `tec` command (SPEC §6): one module per subcommand."""
