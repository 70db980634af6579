"""The consistency checks (spec §3): one function per rule, registered in one list."""
