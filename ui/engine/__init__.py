"""The desktop's engine: a child process that reads, checks, computes and writes. It imports no Qt."""
