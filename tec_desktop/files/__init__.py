"""Writing files safely: a reader sees the old file or the new one, never half of one."""
