"""The consistency checks (SPEC §3): one function per rule, registered in one list."""
