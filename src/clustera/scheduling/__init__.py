"""B2B meeting scheduling (pure): who meets whom, when and at which table.

Instances and schedules are typed dataclasses read from and written to JSON; ``solve`` returns
the heaviest schedule it finds with the fewest idle slots within a time limit, ``replan``
updates a schedule after changes, ``validate`` checks any schedule independently. The solvers
need OR-Tools (the ``scheduling`` dependency group); the greedy baseline and the LP bound do
not.
"""

from clustera.scheduling._bound import lp_bound
from clustera.scheduling._generate import generate_instance
from clustera.scheduling._model import Instance, Meeting, Participant, Request, Schedule, Slot
from clustera.scheduling._replan import free_common_slots, replan
from clustera.scheduling._solve import SolveResult, solve
from clustera.scheduling._validate import ScheduleFigures, evaluate, validate

__all__ = [
    "Instance",
    "Meeting",
    "Participant",
    "Request",
    "Schedule",
    "ScheduleFigures",
    "Slot",
    "SolveResult",
    "evaluate",
    "free_common_slots",
    "generate_instance",
    "lp_bound",
    "replan",
    "solve",
    "validate",
]
