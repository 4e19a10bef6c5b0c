"""Where each target metric's actual figure comes from.

Each app registers a function per metric it can measure (partnerships here, dialogues for conferences and answers),
so partnerships never imports the apps that depend on it. A function takes the unit's path prefix (the subtree) and
the year and returns the actual figure, or None when the data is not recorded yet.
"""

from collections.abc import Callable
from decimal import Decimal

ActualSource = Callable[[str, int], Decimal | int | None]

_SOURCES: dict[str, ActualSource] = {}


def register(metric: str) -> Callable[[ActualSource], ActualSource]:
    def decorator(function: ActualSource) -> ActualSource:
        _SOURCES[metric] = function
        return function

    return decorator


def source(metric: str) -> ActualSource | None:
    return _SOURCES.get(metric)
