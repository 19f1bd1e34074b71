"""Lesson 02 "Measuring the problem": reference code, pinned numbers and the explorer."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coursekit import data  # noqa: E402
from coursekit import measuring as ms  # noqa: E402
from coursekit.checks import evaluate  # noqa: E402
from coursekit.questions import l02  # noqa: E402


# ------------------------------------------------------- numbers the prose reads out
def test_yearly_totals_and_the_2024_break():
    w = ms.yearly()
    assert list(w.index) == list(range(2014, 2025))
    assert w.loc[2014, "reports_total"] == 1_106_071
    assert w.loc[2023, "reports_total"] == 36_210_368
    assert w.loc[2024, "reports_total"] == 20_500_000
    assert w.loc[2024, "incidents_adjusted_for_bundling"] == 29_200_000
    assert bool(w.loc[2024, "series_break"]) and not w.loc[:2023, "series_break"].any()
    raw = data.load("ncmec_reports_by_year")
    r2024 = raw[raw["year"] == 2024]
    assert set(r2024["precision"]) == {"rounded to 0.1 million by publisher"}
    assert set(r2024["source_id"]) == {"ncmec-cybertipline-2024"}
    # the lesson says reports rose about 33-fold from 2014 to 2023
    assert round(w.loc[2023, "reports_total"] / w.loc[2014, "reports_total"]) == 33


def test_2024_changes_read_out_in_the_lesson():
    ch = l02.change_2024()
    assert round(ch["reports"]) == -43
    assert round(ch["incidents"]) == -19


def test_years_in_which_the_total_fell():
    assert l02.years_fell() == [2019, 2024]


def test_files_per_report():
    f = ms.files_per_report()
    assert list(f.index) == [2020, 2021, 2022, 2023]
    assert round(f.loc[2023], 2) == 2.94
    assert round(f.loc[2020], 2) == 3.05


def test_facebook_share_2020_is_what_the_prose_reads():
    share = ms.esp_share("Facebook", 2020)
    assert round(100 * share, 1) == 94.7
    assert round(l02.facebook_share_pct(), 1) == 94.7
    # and of all reports (ESP + public) it is lower
    assert round(l02._facebook_share_of_all_reports(), 1) == 93.4


def test_facebook_is_a_combined_total_in_2019_and_2020_only():
    c = ms.combined_rows()
    fb = c[c["esp"] == "Facebook"]
    assert sorted(fb["year"]) == [2019, 2020]
    assert set(c["year"]) == {2019, 2020}


def test_meta_share_2023():
    assert round(l02.meta_share_pct(), 1) == 85.3


def test_esp_totals_match_ncmec_printed_totals():
    assert ms.esp_total().to_dict() == {2019: 16_836_694, 2020: 21_447_786, 2021: 29_157_083,
                                        2022: 31_802_525, 2023: 35_944_826}


def test_platform_table_joins_only_listed_spellings():
    t = ms.platform_table()
    assert t.loc[2019, "Reddit"] == 724 and t.loc[2023, "Reddit"] == 290_141
    assert round(t.loc[2023, "Reddit"] / t.loc[2019, "Reddit"]) == 401
    assert t.loc[2020, "Instagram"] == 0 and t.loc[2023, "Instagram"] == 11_430_007
    assert t.loc[2021, "TikTok"] == 154_618 and t.loc[2022, "TikTok"] == 288_125
    esp_names = set(data.load("ncmec_reports_by_esp")["esp"])
    for spellings in ms.PLATFORM_ALIASES.values():
        assert set(spellings) <= esp_names


def test_indonesia_ranks():
    r = ms.country_rank("IDN")
    assert list(r.index) == [2019, 2020, 2021, 2022, 2023]
    assert list(r["rank"]) == [4, 5, 4, 5, 4]
    assert r.loc[2023, "reports"] == 1_925_549
    assert round(r.loc[2023, "share_pct"], 1) == 5.3
    assert l02.country_rank() == 4


def test_country_table_shares_and_unique_codes():
    t = ms.country_table()
    assert not t.duplicated(["year", "iso3"]).any()
    assert (t.groupby("year")["share_pct"].sum() < 100).all()  # the no-location rows are left out
    top = t[(t["year"] == 2023) & (t["rank"] == 1)]
    assert list(top["iso3"]) == ["IND"]


def test_meta_quarterly_uses_the_main_release_only():
    m = ms.meta_quarterly()
    assert m["main_release"].all()
    assert not m.duplicated(["app", "policy_area", "period"]).any()
    raw = data.load("meta_enforcement")
    assert len(raw) - len(m) == (~raw["main_release"]).sum() == 10


def test_iwf_share_only_where_units_match():
    t = ms.iwf_table()
    have = t["confirmed_pct"].dropna()
    assert list(have.index) == [2020, 2021, 2022]
    assert (t.loc[have.index, "confirmed_unit"] == "reports").all()
    assert round(have.loc[2021]) == 70


# ------------------------------------------------------------------------- explorer
def test_explore_defaults():
    r = ms.explore()
    assert set(r.data.columns) == {"year", "series", "value", "plotted"}
    assert len(r.data) == 3 * 5
    assert set(r.data["series"]) == set(ms.DEFAULTS["platforms"])
    assert r.reading.startswith("In 2023, Facebook had the most")
    assert "\n" not in r.reading
    assert r.ylabel == "CyberTipline reports (number)"
    assert r.source_ids == [f"ncmec-esp-{y}" for y in range(2019, 2024)]


def test_explore_minimum_settings_nothing_selected_and_one_year():
    r = ms.explore(platforms=(), years=(2019, 2019))
    assert r.data.empty and "Nothing selected" in r.reading
    r = ms.explore(source=ms.SOURCES[1], countries=(), years=(2023, 2023))
    assert r.data.empty and "country" in r.reading
    one = ms.explore(years=(2021, 2021))
    assert set(one.data["year"]) == {2021} and "times its" not in one.reading
    assert one.title.endswith("2021")


def test_explore_maximum_settings_all_platforms_log_share():
    r = ms.explore(platforms=tuple(ms.PLATFORM_ALIASES), years=(2019, 2023), scale="log", mode="share")
    assert len(r.data) == len(ms.PLATFORM_ALIASES) * 5
    assert r.hidden_zeros == int((r.data["value"] == 0).sum()) > 0
    assert r.data["plotted"].isna().sum() == r.hidden_zeros
    assert "cannot be drawn on a log scale" in r.reading
    assert (r.data["value"].between(0, 100)).all()
    assert (r.data.groupby("year")["value"].sum() <= 100 + 1e-9).all()
    assert r.ylabel.endswith("log scale")


def test_explore_share_matches_esp_share():
    r = ms.explore(platforms=("Facebook",), years=(2020, 2020), mode="share")
    assert r.data["value"].iloc[0] == pytest.approx(100 * ms.esp_share("Facebook", 2020))
    assert "94.7%" in r.reading


def test_explore_countries_indonesia():
    r = ms.explore(source=ms.SOURCES[1], countries=("Indonesia",), years=(2019, 2023))
    assert r.data["value"].iloc[-1] == 1_925_549
    assert "Indonesia" in r.reading and "2.3 times its 2019 level" in r.reading


def test_explore_rejects_unknown_settings():
    with pytest.raises(ValueError):
        ms.explore(source="nope")
    with pytest.raises(ValueError):
        ms.explore(scale="sqrt")
    with pytest.raises(ValueError):
        ms.explore(mode="ratio")


@settings(max_examples=25, deadline=None)
@given(chosen=st.lists(st.sampled_from(list(ms.PLATFORM_ALIASES)), unique=True, max_size=4),
       a=st.integers(2019, 2023), b=st.integers(2019, 2023),
       scale=st.sampled_from(ms.SCALES), mode=st.sampled_from(ms.MODES))
def test_explore_properties(chosen, a, b, scale, mode):
    r = ms.explore(platforms=tuple(chosen), years=(a, b), scale=scale, mode=mode)
    assert len(r.data) == len(chosen) * (abs(b - a) + 1)
    assert r.reading.endswith(".") and "\n" not in r.reading
    assert (r.data["value"] >= 0).all()
    if scale == "log":
        assert (r.data["plotted"].dropna() > 0).all()


@pytest.mark.parametrize("kwargs", [
    {}, {"platforms": ()}, {"years": (2021, 2021)},
    {"platforms": ("Instagram",), "years": (2019, 2020), "scale": "log"},  # all zeros on a log scale
    {"source": ms.SOURCES[1], "mode": "share", "scale": "log"},
])
def test_render_explore_never_crashes_and_labels_axes(kwargs):
    fig = ms.render_explore(ms.explore(**kwargs))
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)


@pytest.mark.parametrize("name", ["plot_totals", "plot_platform_shares", "plot_jump", "plot_country",
                                  "plot_meta", "plot_iwf"])
def test_figures_have_title_and_labelled_axes(name):
    fig = getattr(ms, name)()
    ax = fig.axes[0]
    assert ax.get_title()
    assert ax.get_ylabel()
    assert fig.axes[-1].get_xlabel()
    assert "(" in ax.get_ylabel()  # a unit or scale in brackets
    plt.close(fig)


# ---------------------------------------------------------------------- self-checks
def test_every_question_passes_with_the_reference_answer():
    answers = {
        "02.growth": l02.growth_expected(),
        "02.facebook_share": l02.facebook_share_pct(),
        "02.meta_share": l02.meta_share_pct(),
        "02.years_fell": l02.years_fell(),
        "02.change_2024": l02.change_2024(),
        "02.country_rank": l02.country_rank(),
        "02.log_scale": "log",
    }
    assert {q.id for q in l02.QUESTIONS} == set(answers)
    for qid, answer in answers.items():
        assert evaluate(qid, answer).passed, qid
        assert evaluate(qid, ...).status == "not answered"


def test_known_wrong_answers_get_their_hint():
    assert "fraction" in evaluate("02.facebook_share", l02.facebook_share_pct() / 100).message
    assert "ESP + public" in evaluate("02.facebook_share", l02._facebook_share_of_all_reports()).message
    assert "Facebook alone" in evaluate("02.meta_share", 100 * ms.esp_share("Facebook", 2023)).message
    assert "location_unknown" in evaluate("02.country_rank", l02.country_rank() + 1).message
    assert "set_yscale" in evaluate("02.log_scale", "linear").message


# ----------------------------------------------------------------------- kernel test
def test_explorer_demo_in_a_kernel(kernel):
    kernel.run("from coursekit import measuring as ms\ndemo = ms.explorer_demo()")
    before = kernel.run("print(demo.summary.value)")
    assert "Facebook" in before and demo_error_free(kernel)
    kernel.run("demo.controls['platforms'].value = ('Reddit',)")
    after = kernel.run("print(demo.summary.value)")
    assert after != before and "Reddit" in after
    kernel.run("demo.controls['scale'].value = 'log'")
    kernel.run("demo.controls['source'].value = 'NCMEC reports by country'")
    country = kernel.run("print(demo.summary.value)")
    assert "India" in country
    kernel.run("demo.controls['countries'].value = ()")
    assert "Nothing selected" in kernel.run("print(demo.summary.value)")
    kernel.run("demo.controls['years'].value = (2022, 2022)")
    assert kernel.run("print(demo.error)").strip() == "None"
    out = kernel.run("print(len(demo.result.data), demo.result.years)")
    assert out.strip() == "0 (2022, 2022)"


def demo_error_free(kernel) -> bool:
    return kernel.run("print(demo.error)").strip() == "None"


def test_platform_claims_in_the_prose():
    t = ms.platform_table()
    total = ms.esp_total()
    # "Instagram's count more than doubled from 2022 to 2023"
    assert t.loc[2023, "Instagram"] > 2 * t.loc[2022, "Instagram"]
    # "Facebook, Instagram and WhatsApp together stay above 80% in every year"
    meta = t[["Facebook", "Instagram", "WhatsApp"]].sum(axis=1) / total
    assert (meta > 0.80).all()
    # instructor notes: Facebook's share fell to about half by 2023
    assert round(100 * t.loc[2023, "Facebook"] / total.loc[2023]) == 50
    # "Indonesia is in the top five in every year from 2019 to 2023"
    assert (ms.country_rank("IDN")["rank"] <= 5).all()


def test_lesson_cites_only_sources_in_the_data_package():
    import re

    import nbformat

    from coursekit.paths import ROOT

    urls = set(data.sources()["url"].astype(str))
    nb = nbformat.read(ROOT / "lessons" / "02_measuring.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    cited = set(re.findall(r"https?://[^\s)]+?(?=[\s).,;]*(?:\s|$))", text))
    ids = set(re.findall(r"`(ncmec-[a-z0-9-]+|meta-[a-z0-9-]+|iwf-[a-z0-9-]+)`", text))
    assert ids <= set(data.sources()["source_id"])
    missing = {u for u in cited if u.rstrip(".") not in urls and "missingkids" in u}
    assert not missing, missing
