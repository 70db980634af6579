"""DescribeEngine: what the engine process is (its id and the packages it has imported), nothing of the user's.

The self-test prints it and the tests assert on it: the engine must never have loaded Qt.
"""

from __future__ import annotations

import os
import sys

from ui.engine.protocol import Job
from ui.engine.requests import DescribeEngine
from ui.engine.results import EngineFacts
from ui.engine.state import EngineState


def describe(state: EngineState, request: DescribeEngine, job: Job) -> EngineFacts:
    """This process's id and the top-level packages in its sys.modules."""
    packages = {name.partition(".")[0] for name in list(sys.modules)}
    return EngineFacts(os.getpid(), tuple(sorted(packages)))
