"""The progress bar of every long management command (rich), on the command's stderr.

A live bar on a terminal; nothing when stderr is not a terminal (logs, cron, CI) unless forced.
The commands share ``--progress`` / ``--no-progress`` through :func:`add_progress_arguments`::

    with command_progress(self, options) as progress:
        rebuild(progress=progress)  # progress(stage, done, total) after every chunk

Each distinct ``stage`` (a Chinese label) gets its own bar.
"""

from contextlib import contextmanager


def _rate_column():
    """Items per second, in the units the commands count (条). rich is imported here, when a
    bar is drawn: web processes import this module (no_progress) and never draw one."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.0f} 条/秒", style="progress.data.speed")

    return RateColumn()


def no_progress(stage, done, total=None):
    """The progress callback of a caller that shows none."""


class CommandProgress:
    """``progress(stage, done, total)``; ``total`` may be ``None`` when it is not known."""

    def __init__(self, stream, force=None):
        # Django wraps a command's stderr in an OutputWrapper that appends a newline to every
        # write; the bar needs the stream underneath.
        stream = getattr(stream, "_out", stream)
        interactive = bool(getattr(stream, "isatty", None) and stream.isatty())
        self.enabled = interactive if force is None else force
        self.tasks = {}
        self.bar = None
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            console = Console(file=stream, force_terminal=True if force else None)
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _rate_column(),
                TimeElapsedColumn(),
                console=console,
            )

    def __call__(self, stage, done, total=None):
        if self.bar is None:
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    update = __call__

    def start(self):
        if self.bar is not None:
            self.bar.start()
        return self

    def close(self):
        if self.bar is not None:
            self.bar.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()


def add_progress_arguments(parser):
    """``--progress`` shows the bar even when stderr is not a terminal; ``--no-progress`` hides it."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="始终显示进度条（即使输出不是终端）",
    )
    group.add_argument(
        "--no-progress", dest="progress", action="store_false", default=None, help="不显示进度条"
    )


@contextmanager
def command_progress(command, options):
    """The progress bar of a management command, on its stderr, per its --progress option."""
    with CommandProgress(command.stderr, force=options.get("progress")) as progress:
        yield progress
