"""The progress bar of the long commands: live on a terminal, silent in logs unless forced."""

import io

from library.progress import CommandProgress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def draw(stream, force=None):
    with CommandProgress(stream, force=force) as progress:
        progress("页面", 1, 3)
        progress("页面", 3, 3)
        progress("Elasticsearch", 2, 2)
    return stream.getvalue()


def test_a_terminal_sees_one_bar_per_stage_with_the_final_counts():
    shown = draw(Terminal())
    assert "页面" in shown and "3/3" in shown
    assert "Elasticsearch" in shown and "2/2" in shown


def test_a_log_file_gets_no_bar_unless_forced():
    assert draw(io.StringIO()) == ""
    forced = draw(io.StringIO(), force=True)
    assert "页面" in forced and "3/3" in forced


def test_no_progress_silences_even_a_terminal():
    assert draw(Terminal(), force=False) == ""


def test_an_unknown_total_still_counts():
    stream = Terminal()
    with CommandProgress(stream) as progress:
        progress("导入", 5)
    assert "5/?" in stream.getvalue()
