"""Tests of coursekit.debate (lesson 07), its questions and its widgets."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from coursekit import checks, data
from coursekit import debate as d
from coursekit.questions import l07


@pytest.fixture(scope="module")
def sources():
    return data.load("sources").set_index("source_id")


# -- options -----------------------------------------------------------------------

def test_options_table_is_four_by_four():
    t = d.options_table()
    assert t.shape == (4, 4)
    assert list(t.columns) == list(d.DIMENSIONS)
    assert t.notna().all().all() and (t.map(len) > 20).all().all()


def test_every_option_cell_has_a_known_source(sources):
    for key in d.OPTION_KEYS:
        for dim in d.DIMENSIONS:
            text, srcs = d.OPTIONS[key][dim]
            assert srcs, (key, dim)
            for s in srcs:
                assert s in sources.index, (key, dim, s)
    assert "[" in d.options_table(with_sources=True).iloc[0, 0]


# -- dates -------------------------------------------------------------------------

@pytest.mark.parametrize("value,precision,expected", [
    ("2022-12-07", "day", "7 December 2022"),
    ("2021-08", "month", "August 2021"),
    ("2021-08-18", "month", "August 2021"),
    ("2020", "year", "2020"),
    (None, "undated", "undated"),
    ("", "undated", "undated"),
])
def test_format_date_respects_precision(value, precision, expected):
    assert d.format_date(value, precision) == expected


def test_format_date_never_invents_a_day():
    with pytest.raises(ValueError):
        d.format_date("2021-08", "day")
    with pytest.raises(ValueError):
        d.format_date("2021", "month")


def test_date_sort_key_orders_partial_dates():
    keys = [d.date_sort_key(x) for x in ("2021-08", "2021-08-05", "2021")]
    assert keys == ["2021-08-01", "2021-08-05", "2021-01-01"]
    assert d.date_sort_key(None) > d.date_sort_key("2026-12-31")


# -- cases -------------------------------------------------------------------------

def test_every_case_item_is_dated_and_sourced(sources):
    tl = d.case_timeline()
    assert set(tl["case"]) == set(d.CASES)
    assert tl["source_id"].isin(sources.index).all()
    assert (tl["when"] != "undated").all()
    # month- or year-precision items are never shown with a day
    for when, prec in zip(tl["when"], tl["date_precision"]):
        has_day = bool(re.match(r"^\d{1,2} ", when))
        assert has_day == (prec == "day"), (when, prec)


def test_case_items_exist_in_events_and_key_dates():
    ev = data.load("events").set_index("event_id")
    for ids in d.CASES.values():
        assert all(i in ev.index for i in ids)
    tl = d.case_timeline()
    whens = set(tl["when"])
    for expected in ("4 October 2019", "14 February 2020", "August 2021", "7 December 2022",
                     "6 December 2023", "3 April 2026", "26 October 2023"):
        assert expected in whens, expected


def test_case_filter_and_unknown_case():
    apple = d.case_timeline("Apple 2021-2022")
    assert set(apple["case"]) == {"Apple 2021-2022"}
    assert list(apple["date"].map(d.date_sort_key)) == sorted(apple["date"].map(d.date_sort_key))
    with pytest.raises(ValueError):
        d.case_timeline("no such case")


def test_extra_items_use_precision_their_source_supports(sources):
    for item in d.EXTRA_CASE_ITEMS:
        src_date = str(sources.loc[item["source_id"], "date"])
        # the item is never more precise than its source's own date when it is the source's date
        assert item["date"].startswith(src_date[:7]) or src_date.startswith(item["date"][:7]), item


# -- NCMEC -------------------------------------------------------------------------

def test_ncmec_break_keeps_2024_units_apart():
    t = d.ncmec_break()
    assert list(t[t["year"] < 2024]["measure"].unique()) == ["reports_total"]
    y24 = t[t["year"] == 2024]
    assert set(y24["measure"]) == {"reports_total", "incidents_adjusted_for_bundling"}
    assert y24["series_break"].all()
    assert t.loc[t["year"] == 2023, "value"].iloc[0] == 36_210_368


def test_meta_share_matches_esp_totals():
    m = d.meta_share()
    assert list(m.index) == [2019, 2020, 2021, 2022, 2023]
    assert m.loc[2023, "all_esp_reports"] == 35_944_826
    assert (m["meta_reports"] <= m["all_esp_reports"]).all()
    assert 80 < m.loc[2023, "meta_share_pct"] < 90


# -- explorer ----------------------------------------------------------------------

def test_positions_have_when_and_source_kind():
    p = d.positions()
    assert len(p) == len(data.load("stakeholders"))
    assert set(p["source_kind"]) <= {"primary", "secondary"}
    undated = p[p["date_precision"].astype(str) == "undated"]
    assert (undated["when"] == "undated").all()
    month = p[p["date_precision"].astype(str) == "month"]
    assert not month["when"].str.match(r"^\d").any()


def test_explore_default_min_and_max_settings():
    default = d.explore()
    assert set(default.counts) == {"supports-scanning", "opposes-scanning"}
    assert default.counts["supports-scanning"] >= 2 and default.counts["opposes-scanning"] >= 2
    assert default.actor == "nca" and len(default.actor_row) == 1
    every = d.explore("All positions", "signal")
    assert len(every.rows) == len(data.load("stakeholders"))
    assert len(every.claims) >= 1 and set(every.claims["source_id"]) == {"arg-open-letter-osb-2023"}
    # the smallest answer set among the questions
    small = min((d.explore(q) for q in d.QUESTIONS), key=lambda r: len(r.rows))
    assert len(small.rows) >= 1
    for r in (default, every, small):
        html = d.render_explore(r)
        assert "<table" in html and "Question:" in html and "Actor:" in html
        assert "position(s)" in d.describe_explore(r)


def test_explore_rejects_unknown_inputs():
    with pytest.raises(ValueError):
        d.explore("Is this a question?")
    with pytest.raises(ValueError):
        d.explore(actor="nobody")


def test_explorer_marks_secondary_copies():
    pos = d.positions()
    secondary = pos.loc[pos["source_kind"] == "secondary", "actor_id"]
    primary = pos.loc[pos["source_kind"] == "primary", "actor_id"]
    assert len(secondary) and len(primary)
    one = d.explore("Who takes a mixed position or states none?", secondary.iloc[0])
    assert "(secondary copy)" in d._table(one.actor_row)
    assert "(secondary copy)" not in d._table(d.explore(actor=primary.iloc[0]).actor_row)
    assert "arg-whatsapp-open-letter-2023" in d.render_explore(d.explore(actor="whatsapp"))


# -- argument map ------------------------------------------------------------------

def test_arguments_table_is_consistent(sources):
    a = d.arguments()
    actors = set(data.load("stakeholders")["actor_id"])
    assert a["claim_id"].is_unique
    assert set(a["kind"]) == {"empirical", "normative"}
    assert a["source_id"].isin(sources.index).all()
    named = a["actor_id"].dropna()
    assert named[named != ""].isin(actors).all()
    quoted = a[a["quote_kind"] == "quotation"]
    assert quoted["claim"].str.contains('"').all()
    for dte, prec in zip(a["date"], a["date_precision"]):
        d.format_date(None if pd.isna(dte) else dte, prec)  # raises on a mismatch
    # each side has at least two quoted or paraphrased voices
    assert (a["side"] == "pro-detection").sum() >= 2 and (a["side"] == "pro-encryption").sum() >= 2


def test_signal_and_whatsapp_claims_cite_primary_sources(sources):
    a = d.arguments()
    for actor in ("signal", "whatsapp"):
        for s in a.loc[a["actor_id"] == actor, "source_id"]:
            assert sources.loc[s, "kind"] == "primary", (actor, s)


def test_argument_map_filters_default_min_max():
    every = d.argument_map()
    assert len(every.claims) == len(d.arguments())
    emp = d.argument_map("empirical")
    assert (emp.claims["kind"] == "empirical").all() and len(emp.claims) > 0
    narrow = d.argument_map("normative", "server-side-scanning", "pro-detection")
    assert narrow.claims.empty
    assert "No claim" in d.render_map_table(narrow)
    assert "<table" in d.render_map_table(every)
    assert "empirical" in d.describe_map(every)
    with pytest.raises(ValueError):
        d.argument_map("factual")


def test_claims_for_lesson_splits_multi_links():
    four = d.claims_for_lesson("04")
    assert "c06" in four and "c12" not in four
    assert "c06" in d.claims_for_lesson("05")


def test_figures_have_titles_and_labels():
    import matplotlib.pyplot as plt

    for make in (d.plot_cases, d.plot_argument_map):
        fig = make()
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        plt.close(fig)


# -- questions ---------------------------------------------------------------------

def test_questions_accept_the_reference_answers():
    a = d.arguments().set_index("claim_id")
    kinds = {c: a.loc[c, "kind"] for c in l07.CLASSIFY}
    assert checks.evaluate("07.claim_kinds", kinds).passed
    assert set(kinds.values()) == {"empirical", "normative"}
    assert checks.evaluate("07.lesson04_claims", d.claims_for_lesson("04")).passed
    from coursekit import baserates as br
    assert checks.evaluate("07.false_alerts", br.base_rate(**l07.EX3).false_alerts).passed
    assert checks.evaluate("07.meta_share", float(d.meta_share().loc[2023, "meta_share_pct"])).passed


def test_questions_give_hints_for_known_wrong_answers():
    all_emp = {c: "empirical" for c in l07.CLASSIFY}
    r = checks.evaluate("07.claim_kinds", all_emp)
    assert not r.passed and "settled by data" in r.message
    assert not checks.evaluate("07.lesson04_claims", d.claims_for_lesson("05")).passed
    assert "fraction" in checks.evaluate("07.meta_share", 0.85).message
    assert checks.evaluate("07.false_alerts", ...).status == checks.NOT_ANSWERED


# -- widgets in a real kernel ------------------------------------------------------

def test_explorer_widget_in_kernel(kernel):
    kernel.run("from coursekit import debate as d\ndemo = d.explorer_demo()")
    before = kernel.run("print(demo.summary.value)")
    kernel.run("demo.controls['actor'].value = 'signal'")
    after = kernel.run("print(demo.summary.value); print(demo.error)")
    assert before != after and "Signal" in after and after.strip().endswith("None")
    assert int(kernel.run("print(len(demo.result.claims))").strip()) >= 1
    kernel.run("demo.controls['question'].value = 'All positions'")
    third = kernel.run("print(demo.summary.value)")
    assert third != after
    n = kernel.run("print(len(demo.result.rows))")
    assert int(n.strip()) == len(data.load("stakeholders"))


def test_argument_widget_in_kernel(kernel):
    kernel.run("from coursekit import debate as d\nmap_demo = d.argument_demo()")
    n_all = int(kernel.run("print(len(map_demo.result.claims))").strip())
    kernel.run("map_demo.controls['kind'].value = 'normative'")
    n_norm = int(kernel.run("print(len(map_demo.result.claims))").strip())
    assert 0 < n_norm < n_all
    kernel.run("map_demo.controls['option'].value = 'server-side-scanning'; "
               "map_demo.controls['side'].value = 'pro-detection'")
    out = kernel.run("print(len(map_demo.result.claims)); print(map_demo.error)")
    assert out.split() == ["0", "None"]
