"""Rich progress bars for long CLI steps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)


@contextmanager
def step_progress(title: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar driven by ``update(label, done, total)`` callbacks."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task(title, total=None)

        def update(label: str, done: int, total: int) -> None:
            progress.update(task, description=f"{title}: {label}", completed=done, total=total)

        yield update
