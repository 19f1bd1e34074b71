"""Lesson 03 "Five demands, many laws": matrices, the instruments explorer, the
exercise reference answers, the self-check questions and the widget in a kernel."""
from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from coursekit import data  # noqa: E402
from coursekit import demands as dm  # noqa: E402
from coursekit.checks import evaluate  # noqa: E402
from coursekit.questions import l03  # noqa: E402


@pytest.fixture(scope="module")
def long():
    return dm.long_table()


def test_long_table_joins_every_cell(long):
    rd, regs = data.load("regulation_demands"), data.load("regulations")
    assert len(long) == len(rd)
    assert long["jurisdiction"].notna().all() and long["status"].notna().all()
    assert set(long["instrument_id"]) == set(regs["instrument_id"])
    # month/year precision status dates are never shown with a day
    coarse = long[long["status_date_precision"] != "day"]
    assert not coarse["status_shown"].str.match(r"^\d+ ").any()


def test_levels_match_the_data_package(long):
    assert set(long["level"].cat.categories) == set(dm.LEVELS) == set(dm.AGG_ORDER)


def test_instrument_matrix_is_the_pivot(long):
    m = dm.instrument_matrix(long)
    rd = data.load("regulation_demands")
    assert m.shape == (rd["instrument_id"].nunique(), rd["demand_slug"].nunique())
    pivot = rd.pivot(index="instrument_id", columns="demand_slug", values="level")
    for inst in m.index:
        for slug in m.columns:
            assert m.loc[inst, slug] == str(pivot.loc[inst, slug])


@pytest.mark.parametrize("scope", list(dm.SCOPES))
def test_jurisdiction_matrix_takes_the_strongest_level(long, scope):
    jm = dm.jurisdiction_matrix(long, scope)
    assert list(jm.index) == list(dm.JURISDICTIONS)
    rank = {lev: i for i, lev in enumerate(dm.AGG_ORDER)}
    sel = long[long["status"].astype(str).isin(dm.SCOPES[scope])]
    for jur in jm.index:
        for slug in jm.columns:
            cell = sel[(sel["jurisdiction"] == jur) & (sel["demand_slug"] == slug)]["level"].astype(str)
            if cell.empty:
                assert jm.loc[jur, slug] == dm.NO_INSTRUMENT
            else:
                assert jm.loc[jur, slug] == min(cell, key=rank.__getitem__)


def test_not_verified_outranks_not_addressed():
    # a jurisdiction is "absent" only if every instrument says so
    fake = pd.DataFrame({
        "jurisdiction": pd.Categorical(["US", "US"]), "status": ["in force", "in force"],
        "demand_slug": pd.Categorical(["stop_livestreaming"] * 2,
                                      categories=list(data.load("regulation_demands")["demand_slug"].cat.categories)),
        "level": ["not-addressed", "not-verified"]})
    assert dm.jurisdiction_matrix(fake, "in force").loc["US", "stop_livestreaming"] == "not-verified"


def test_eu_has_nothing_in_force_but_something_overall(long):
    assert (dm.jurisdiction_matrix(long, "in force").loc["EU"] == dm.NO_INSTRUMENT).all()
    assert (dm.jurisdiction_matrix(long, "all (incl. proposals and positions)").loc["EU"] != dm.NO_INSTRUMENT).all()


def test_unknown_scope_is_an_error(long):
    with pytest.raises(ValueError):
        dm.jurisdiction_matrix(long, "whatever")


@pytest.mark.parametrize("scope", list(dm.SCOPES))
def test_plot_matrix_title_labels_and_legend(long, scope):
    for m, label in ((dm.jurisdiction_matrix(long, scope), "Jurisdiction"),
                     (dm.instrument_matrix(long, scope), "Instrument")):
        fig = dm.plot_matrix(m, "t", row_label=label)
        ax = fig.axes[0]
        assert ax.get_title() == "t" and ax.get_xlabel() and label in ax.get_ylabel()
        legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
        assert "not verified" in legend and "NOT the same as 'no'" in legend
        matplotlib.pyplot.close(fig)


# ------------------------------------------------------------------- explorer
def test_view_default_min_max(long):
    default = dm.instruments_view("UK", "All", "in force", long)
    assert set(default["jurisdiction"]) == {"UK"} and len(default) == 2 * 5
    narrowest = dm.instruments_view("EU", "stop_livestreaming", "in force", long)
    assert narrowest.empty and "No instrument" in dm.describe_view(narrowest)
    widest = dm.instruments_view("All", "All", "all (incl. proposals and positions)", long)
    assert len(widest) == len(long)
    assert "not-verified" in dm.describe_view(widest)
    assert {"status date", "as of", "source", "how"} <= set(widest.columns)
    assert "<table" in dm.render_view(widest) and dm.render_view(narrowest).startswith("<p>")


@pytest.mark.parametrize("bad", [("Mars", "All"), ("UK", "teleport")])
def test_view_rejects_unknown(long, bad):
    with pytest.raises(ValueError):
        dm.instruments_view(*bad, "in force", long)


def test_as_of_dates(long):
    lo, hi = dm.as_of_range(long, "in force")
    assert lo <= hi
    assert dm.latest_as_of() == max(data.load("regulations")["as_of"].astype(str))


# ------------------------------------------------------------- mechanisms etc.
def test_mechanisms_cover_every_demand_and_cite_known_sources():
    slugs = set(data.load("five_demands")["demand_slug"].astype(str))
    assert set(dm.MECHANISMS) == slugs
    for m in dm.MECHANISMS.values():
        assert m["build"] and m["risks"]
        for _, sid in m["risks"]:
            if sid:
                data.source(sid)


def test_who_writes_covers_every_instrument():
    regs = data.load("regulations")
    assert set(dm.WHO_WRITES) == set(regs["instrument_id"])
    table = dm.who_writes_table(regs)
    for sid in table["source"]:
        data.source(sid)
    assert "industry, registered by regulator" in set(table["writer"])


def test_required_counts_include_zero_and_first_actions_keep_precision(long):
    counts = dm.required_counts(long)
    assert set(counts) == set(long["demand_slug"].astype(str))
    assert counts["stop_livestreaming"] == 0 and max(counts.values()) > 0
    first = dm.first_actions(data.load("events"))
    assert set(first["jurisdiction"]) == set(dm.JURISDICTIONS)
    year_only = first[first["date_precision"] == "year"]
    assert (year_only["date"].str.len() == 4).all()
    fig = dm.plot_first_actions(first, pd.Timestamp("2020-02-14"))
    assert fig.axes[0].get_title() and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
    matplotlib.pyplot.close(fig)


# ----------------------------------------------------------------- questions
def test_questions_accept_reference_answers():
    for q in l03.QUESTIONS:
        assert evaluate(q.id, q.expected()).passed, q.id


def test_questions_hint_known_wrong_answers():
    share = l03._share_not_verified()
    assert "percentage" in evaluate("03.share_not_verified", share * 100).message
    assert "count" in evaluate("03.share_not_verified",
                               float((data.load("regulation_demands")["level"] == "not-verified").sum())).message
    assert "proposals" in evaluate("03.required_counts", l03._all_counts()).message


# ------------------------------------------------------------------- widget
def test_matrix_widget_in_kernel(kernel):
    kernel.run("from coursekit import demands as dm\nexplorer = dm.matrix_demo()")
    uk = kernel.run("print(len(explorer.result), explorer.summary.value)")
    kernel.run("explorer.controls['jurisdiction'].value = 'Indonesia'")
    indo = kernel.run("print(len(explorer.result), explorer.summary.value)")
    assert uk != indo
    kernel.run("explorer.controls['jurisdiction'].value = 'EU'")
    assert "No instrument" in kernel.run("print(explorer.summary.value)")
    kernel.run("explorer.controls['scope'].value = 'all (incl. proposals and positions)'")
    out = kernel.run("print(explorer.error, len(explorer.result))")
    assert out.split()[0] == "None" and int(out.split()[1]) > 0
