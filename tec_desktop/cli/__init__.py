"""The `tec` command (spec §6): one module per subcommand."""
