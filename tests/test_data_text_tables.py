"""Pin key facts of the text tables (events, regulations, regulation_demands,
five_demands, stakeholders, glossary, iwf_annual) to their values in data/.

Each expected value was checked against the cited source (see data/README.md);
a failing test means a CSV changed and the change must be re-verified.
"""
import pytest

from coursekit import data


@pytest.fixture(scope="module")
def events():
    return data.load("events")


def _event(events, needle):
    hits = events[events["event"].str.contains(needle, regex=False)]
    assert len(hits) == 1, f"expected one event containing {needle!r}, got {len(hits)}"
    return hits.iloc[0]


def test_nca_statement_date_and_32_countries(events):
    row = _event(events, "32 European countries")
    assert row["date"] == "2020-02-14" and row["date_precision"] == "day"
    assert "Europol" in row["event"] and "Interpol" in row["event"]
    assert row["category"] == "story"


def test_relay_dates(events):
    assert _event(events, "Liputan6.com relays")["date"] == "2020-02-15"
    assert _event(events, "initial response to the Online Harms consultation")["date"] == "2020-02-12"


def test_key_dates(events):
    expected = {
        "Online Safety Act 2023 receives Royal Assent": "2023-10-26",
        "Voluntary Principles to Counter Online Child Sexual Exploitation": "2020-03-05",
        "A Privacy-Focused Vision for Social Networking": "2019-03-06",
        "ministers publish an open letter": "2019-10-04",
        "Regulation (EU) 2021/1232 (the interim ePrivacy derogation) is adopted": "2021-07-14",
        "proposes the Regulation laying down rules to prevent and combat child sexual abuse": "2022-05-11",
        "adopts its negotiating mandate on the CSA Regulation": "2023-11-22",
        "agrees its position on the CSA Regulation": "2025-11-26",
        "REPORT Act": "2024-05-07",
        "default for personal chats and calls on Messenger": "2023-12-06",
        "not move forward with its CSAM detection tool": "2022-12-07",
        "delays its CSAM detection features": "2021-09-03",
        "expires without an agreed extension": "2026-04-03",
        "Ofcom's illegal harms codes take effect": "2025-03-17",
        "Law 1/2024": "2024-01-02",
    }
    for needle, date in expected.items():
        assert _event(events, needle)["date"] == date, needle


def test_events_are_in_date_order_and_span(events):
    assert events["event_id"].is_monotonic_increasing
    assert events["date"].str[:4].astype(int).min() == 2009
    assert events["date"].str[:4].astype(int).max() >= 2026
    assert 40 <= len(events) <= 70


def test_five_demands():
    fd = data.load("five_demands")
    assert list(fd["demand_slug"]) == [
        "block_known_material", "stop_grooming", "stop_livestreaming",
        "law_enforcement_cooperation", "transparency"]
    assert fd["nca_wording_en"].iloc[0].startswith("Child sexual abuse material should be blocked")
    assert "online grooming" in fd["liputan6_wording_id"].iloc[1]


def test_regulation_matrix_is_complete():
    regs = data.load("regulations")
    rd = data.load("regulation_demands")
    assert set(rd["instrument_id"]) == set(regs["instrument_id"])
    assert (rd.groupby("instrument_id").size() == 5).all()
    assert {"UK", "EU", "US", "Australia", "Indonesia", "Five Eyes"} <= set(regs["jurisdiction"])


def test_regulation_statuses():
    regs = data.load("regulations").set_index("instrument_id")
    assert regs.loc["eu-interim-2021-1232", "status"] == "lapsed"
    assert regs.loc["eu-interim-2021-1232", "status_date"] == "2026-04-03"
    assert regs.loc["uk-osa-2023", "status"] == "in force"
    assert "s.121" in regs.loc["uk-osa-2023", "e2ee_stance"]
    assert regs.loc["eu-csar-council-2025", "status_date"] == "2025-11-26"
    assert regs.loc["us-report-act-2024", "status_date"] == "2024-05-07"


def test_stakeholders_cover_each_side():
    st = data.load("stakeholders")
    assert 20 <= len(st) <= 40
    stances = set(st["stance"])
    assert {"supports-scanning", "opposes-scanning"} <= stances
    for kind in ("law enforcement", "child protection", "platform", "privacy and security", "researchers"):
        assert (st["type"] == kind).any(), kind
    quoted = st[st["quote_kind"] == "quotation"]
    assert quoted["position"].str.contains('"').all()


def test_glossary_terms():
    g = data.load("glossary").set_index("term_en")
    assert len(g) >= 30
    assert g.loc["end-to-end encryption (E2EE)", "term_id"] == "enkripsi ujung-ke-ujung"
    assert "TP / (TP + FP)" in g.loc["precision", "definition"]


def test_iwf_figures_and_units():
    iwf = data.load("iwf_annual").set_index("year")
    assert iwf.loc[2019, "reports_assessed"] == 260400
    assert iwf.loc[2019, "confirmed"] == 132700
    assert iwf.loc[2023, "reports_assessed"] == 392665
    assert iwf.loc[2023, "confirmed"] == 275652
    assert iwf.loc[2023, "confirmed_unit"] == "URLs"
    assert iwf.loc[2021, "confirmed_unit"] == "reports"
    assert iwf.loc[2021, "self_generated"] == 182281
