"""The kernel fixture itself: it must report output and fail on errors."""
import pytest


def test_kernel_runs_code_and_reports_output(kernel):
    assert kernel.run("print(6 * 7)").strip() == "42"


def test_kernel_raises_on_error(kernel):
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        kernel.run("1 / 0")


def test_widget_value_change_updates_demo(kernel):
    kernel.run(
        "from coursekit.widgets import Demo, slider\n"
        "d = Demo({'x': slider('x', 1, 0, 10, 1, integer=True)},"
        " compute=lambda x: x * 2, render=lambda r: f'<p>{r}</p>', describe=lambda r: f'double is {r}')"
    )
    assert kernel.run("print(d.summary.value)").strip() == "double is 2"
    kernel.run("d.controls['x'].value = 10")
    assert kernel.run("print(d.summary.value)").strip() == "double is 20"
