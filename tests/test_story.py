"""Lesson 01 "The story": excerpts, who-is-who, timeline and relay comparison,
the self-check questions, and both widgets driven in a real kernel."""
from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from coursekit import data, story  # noqa: E402
from coursekit.checks import evaluate  # noqa: E402
from coursekit.questions import l01  # noqa: E402


@pytest.fixture(scope="module")
def events():
    return data.load("events")


@pytest.fixture(scope="module")
def spans(events):
    return story.event_spans(events)


# ------------------------------------------------------------------ excerpts
def test_excerpts_have_sources_and_english_matches_data():
    table = story.excerpt_table()
    assert len(table) == len(story.EXCERPTS)
    st = data.load("stakeholders")
    nca_note = str(st.loc[st["actor_id"] == "nca", "note"].iloc[0])
    dutch = str(st.loc[st["actor_id"] == "dutch-police", "position"].iloc[0])
    for e in story.EXCERPTS:
        if e["english_source"]:
            data.source(e["english_source"])  # resolves
        assert len(e["liputan6"].split()) <= 25, "excerpts must stay short"
    by_topic = {e["topic"]: e for e in story.EXCERPTS}
    assert by_topic["Zero tolerance"]["english"] in nca_note
    assert by_topic["Safety by design"]["english"] in dutch
    assert "Lynne Owens" in nca_note
    assert by_topic["Who backs the NCA (lead)"]["english"] in data.source("news-reuters-2020")["title"]


def test_translations_cover_every_demand():
    demands = data.load("five_demands")
    assert set(story.TRANSLATIONS) == set(demands["demand_id"].astype(str))


def test_changes_are_labelled_with_known_labels():
    demand_ids = set(data.load("five_demands")["demand_id"].astype(str))
    for c in story.CHANGES:
        assert c["demand_id"] in demand_ids
        assert c["vs_nca"] in story.LABELS + (None,)
        assert c["vs_reuters"] in story.LABELS + (None,)
        assert c["stage"] in story.STAGES + ("",)
    ref = story.reference_labels()
    assert set(ref.values()) == set(story.LABELS)  # each label is used at least once
    assert ref["3-partners"] == "dropped" and ref["2-explanation"] == "added"


# -------------------------------------------------------------- who is who
def test_who_is_who_covers_every_actor_and_prefers_primary(events):
    who = story.who_is_who(data.load("stakeholders"), events, data.load("sources"))
    assert list(who["actor"]) == [a["actor"] for a in story.ACTORS]
    row = who.set_index("actor")
    assert row.loc["Interpol", "in data"] == "events: ev011"
    assert row.loc["National Crime Agency (NCA)", "source kind"] == "primary"
    # Facebook has a secondary stakeholders row but a primary events row: primary wins
    assert row.loc["Facebook (now Meta)", "source kind"] == "primary"
    assert row.loc["Lynne Owens, NCA Director General (2020)", "in data"].startswith("stakeholders: note")
    assert set(who["source kind"]) <= {"primary", "secondary", "—"}


def test_who_is_who_says_no_when_an_actor_is_missing(events):
    st = data.load("stakeholders").iloc[0:0]
    who = story.who_is_who(st, events.iloc[0:0], data.load("sources"))
    assert (who["in data"] == "no").all()


# ------------------------------------------------------------------ timeline
@pytest.mark.parametrize("date,precision,shown", [("2020-02-14", "day", "14 Feb 2020"),
                                                  ("2020-07", "month", "Jul 2020"), ("2020", "year", "2020")])
def test_format_date_never_adds_precision(date, precision, shown):
    assert story.format_date(date, precision) == shown


def test_event_spans_cover_the_whole_period(spans):
    assert len(spans) == len(data.load("events"))
    day = spans[spans["date_precision"] == "day"]
    assert ((day["end"] - day["start"]) == pd.Timedelta(days=1)).all()
    month = spans[spans["date_precision"] == "month"]
    assert (month["start"].dt.day == 1).all() and (month["end"] - month["start"] >= pd.Timedelta(days=28)).all()
    year = spans[spans["date_precision"] == "year"]
    assert ((year["start"].dt.month == 1) & (year["end"] - year["start"] >= pd.Timedelta(days=365))).all()
    assert spans["group"].notna().all()
    # a month-precision date is never shown with a day
    assert not month["shown"].str.match(r"^\d").any()


def test_filter_default_min_max_and_swapped(spans):
    first, last = int(spans["start"].dt.year.min()), int(spans["start"].dt.year.max())
    everything = story.filter_events(spans, start_year=first, end_year=last)
    assert len(everything) == len(spans)
    default = story.filter_events(spans, start_year=2019, end_year=last)
    assert 0 < len(default) < len(spans)
    lowest = story.filter_events(spans, start_year=first, end_year=first)
    highest = story.filter_events(spans, start_year=last, end_year=last)
    assert len(lowest) >= 1 and len(highest) >= 1
    assert story.filter_events(spans, start_year=last, end_year=first).equals(everything)
    # a year-precision event overlaps its year: ev008 (2020) is in a 2020-only view
    assert "ev008" in set(story.filter_events(spans, start_year=2020, end_year=2020)["event_id"])
    uk = story.filter_events(spans, jurisdiction="UK", start_year=first, end_year=last)
    assert (uk["jurisdiction"] == "UK").all() and len(uk) > 0
    law = story.filter_events(spans, category="law", start_year=first, end_year=last)
    assert (law["category"] == "law").all()


@pytest.mark.parametrize("years", [(2009, 2026), (2019, 2026), (2009, 2009), (2026, 2026), (2020, 2020)])
def test_plot_timeline_has_title_and_labels(spans, years):
    shown = story.filter_events(spans, start_year=years[0], end_year=years[1])
    fig = story.plot_timeline(shown, spans, *years)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    matplotlib.pyplot.close(fig)


def test_plot_timeline_with_nothing_to_show(spans):
    empty = story.filter_events(spans, jurisdiction="Five Eyes", start_year=2009, end_year=2010)
    assert empty.empty
    fig = story.plot_timeline(empty, spans, 2009, 2010)
    assert "0 events" in fig.axes[0].get_title()
    matplotlib.pyplot.close(fig)


# ---------------------------------------------------------------- comparison
@pytest.mark.parametrize("demand_id", ["1", "3", "5"])  # default, a merged one, maximum
@pytest.mark.parametrize("against", ["NCA", "Reuters"])
def test_compare_demand(demand_id, against):
    res = story.compare_demand(demand_id, against)
    demands = data.load("five_demands").set_index("demand_id")
    col = "nca_wording_en" if against == "NCA" else "reuters_wording_en"
    assert res["english"] == demands.loc[demand_id, col]
    assert res["liputan6"] == demands.loc[demand_id, "liputan6_wording_id"]
    assert res["changes"], "every demand has at least one classified element"
    html = story.render_comparison(res)
    assert res["liputan6"] in html.replace("&#x27;", "'") and "classification" in html
    assert demand_id in story.describe_comparison(res)


def test_reuters_view_hides_changes_made_before_reuters():
    ids = {c["change_id"] for c in story.compare_demand("3", "Reuters")["changes"]}
    assert "3-partners" not in ids
    assert "3-partners" in {c["change_id"] for c in story.compare_demand("3", "NCA")["changes"]}


@pytest.mark.parametrize("bad", [("0", "NCA"), ("6", "NCA"), ("1", "BBC")])
def test_compare_demand_rejects_unknown(bad):
    with pytest.raises(ValueError):
        story.compare_demand(*bad)


# ----------------------------------------------------------------- questions
def test_questions_accept_reference_answers():
    for q in l01.QUESTIONS:
        assert evaluate(q.id, q.expected()).passed, q.id


def test_questions_known_wrong_answers_get_hints():
    week = l01._story_week()
    r = evaluate("01.story_week", week[:-1] + ["ev008"])
    assert not r.passed and "year precision" in r.message
    assert "year 2020" in evaluate("01.last_before", "ev008").message
    assert week == ["ev010", "ev011", "ev012"]
    assert l01._last_before() == "ev010"
    wrong = dict(story.reference_labels(), **{"1-upload": "dropped"})
    assert not evaluate("01.relay_labels", wrong).passed


# ------------------------------------------------------------------- widgets
def test_timeline_widget_in_kernel(kernel):
    kernel.run("from coursekit import data, story\n"
               "demo = story.timeline_demo(data.load('events'))")
    before = kernel.run("print(len(demo.result['events']), demo.summary.value)")
    kernel.run("demo.controls['jurisdiction'].value = 'Indonesia'")
    after = kernel.run("print(len(demo.result['events']), demo.summary.value)")
    assert before != after and "Indonesia" in after
    kernel.run("demo.controls['start_year'].value = demo.controls['start_year'].max\n"
               "demo.controls['end_year'].value = demo.controls['end_year'].min")
    out = kernel.run("print(demo.error, demo.result['start_year'] <= demo.result['end_year'])")
    assert out.strip() == "None True"


def test_compare_widget_in_kernel(kernel):
    kernel.run("from coursekit import story\nrelay = story.compare_demo()")
    first = kernel.run("print(relay.result['english'])")
    kernel.run("relay.controls['demand_id'].value = '5'")
    fifth = kernel.run("print(relay.result['english'], '|', relay.summary.value)")
    assert first != fifth and "willingness" in fifth
    kernel.run("relay.controls['against'].value = 'Reuters'")
    assert "more open" in kernel.run("print(relay.result['english'])")
