"""Key values pinned against the figure printed in their source.

Each assertion names the source document (see data/sources.csv for URLs).
"""
import pytest

from coursekit import data


def _one(df, **where):
    for k, v in where.items():
        df = df[df[k] == v]
    assert len(df) == 1, where
    return df.iloc[0]


@pytest.fixture(scope="module")
def by_year():
    return data.load("ncmec_reports_by_year")


@pytest.fixture(scope="module")
def by_esp():
    return data.load("ncmec_reports_by_esp")


@pytest.fixture(scope="module")
def by_country():
    return data.load("ncmec_reports_by_country")


def test_ncmec_totals_per_year(by_year):
    # OJJDP-NCMEC Transparency Report CY2023, Appendix A (p. 20)
    assert _one(by_year, year=2023, measure="reports_total")["value"] == 36_210_368
    assert _one(by_year, year=2019, measure="reports_total")["value"] == 16_987_361
    assert _one(by_year, year=2018, measure="reports_total")["value"] == 18_462_422
    assert _one(by_year, year=2014, measure="reports_total")["value"] == 1_106_071
    # OJJDP-NCMEC Transparency Report CY2023, section B.i (files uploaded with ESP reports)
    assert _one(by_year, year=2023, measure="files_videos")["value"] == 49_528_198
    assert _one(by_year, year=2023, measure="files_total")["value"] == 105_653_162


def test_2024_break_is_recorded_as_data(by_year):
    # NCMEC CyberTipline 2024 report, as published (rounded): 20.5 million reports, 29.2 million incidents
    r = _one(by_year, year=2024, measure="reports_total")
    i = _one(by_year, year=2024, measure="incidents_adjusted_for_bundling")
    assert r["value"] == 20_500_000 and i["value"] == 29_200_000
    assert r["series_break"] and i["series_break"] and i["unit"] == "incidents"
    assert not by_year[by_year.year < 2024]["series_break"].any()


def test_esp_sums_equal_printed_totals(by_esp, by_year):
    # 'Totals'/'Total' line of each NCMEC by-ESP PDF = ESP reports in the OJJDP reports
    printed = {2019: 16_836_694, 2020: 21_447_786, 2021: 29_157_083, 2022: 31_802_525, 2023: 35_944_826}
    sums = by_esp.groupby("year")["reports"].sum().to_dict()
    assert sums == printed
    for y in (2020, 2021, 2022, 2023):
        assert _one(by_year, year=y, measure="reports_esp")["value"] == printed[y]


def test_esp_key_values(by_esp):
    # 2020 CyberTipline Reports by ESP: Facebook* 20,307,216 (asterisk = related platforms combined)
    fb = _one(by_esp, year=2020, esp="Facebook")
    assert fb["reports"] == 20_307_216 and fb["combined_total"]
    # 2023 CyberTipline Reports by ESP
    assert _one(by_esp, year=2023, esp="Facebook")["reports"] == 17_838_422
    assert _one(by_esp, year=2023, esp="WhatsApp Inc.")["reports"] == 1_389_618
    # 2019 CyberTipline Reports by ESP
    assert _one(by_esp, year=2019, esp="Facebook")["reports"] == 15_884_511


def test_country_sums_equal_printed_totals(by_country, by_year):
    # 'Total' line of each NCMEC by-country PDF = Appendix A totals
    printed = {2019: 16_987_361, 2020: 21_751_085, 2021: 29_397_681, 2022: 32_059_029, 2023: 36_210_368}
    assert by_country.groupby("year")["reports"].sum().to_dict() == printed
    for y, v in printed.items():
        assert _one(by_year, year=y, measure="reports_total")["value"] == v


def test_country_key_values(by_country):
    # 2023 CyberTipline Reports by Country
    assert _one(by_country, year=2023, country="Indonesia")["reports"] == 1_925_549
    assert _one(by_country, year=2023, country="United Kingdom")["reports"] == 178_648
    assert _one(by_country, year=2023, country="Ireland")["reports"] == 13_265
    assert _one(by_country, year=2023, country="Switzerland")["reports"] == 13_728
    for y in range(2019, 2024):
        names = set(by_country[by_country.year == y]["country"])
        assert {"Indonesia", "United Kingdom", "Ireland", "Switzerland"} <= names, y
    assert _one(by_country, year=2023, country="Indonesia")["iso3"] == "IDN"


def test_meta_values_and_revision():
    m = data.load("meta_enforcement")
    # Meta CSER export, 2024 Q2 release: Facebook, Child Endangerment: Sexual Exploitation, 2021Q2 = 25,600,000
    r24 = _one(m, app="Facebook", policy_area="Child Endangerment: Sexual Exploitation", period="2021Q2", release="2024Q2")
    r21 = _one(m, app="Facebook", policy_area="Child Endangerment: Sexual Exploitation", period="2021Q2", release="2021Q2")
    assert r24["content_actioned"] == 25_600_000 and r21["content_actioned"] == 25_700_000
    # 2024 Q2 release: Facebook, Child Nudity & Sexual Exploitation, 2020Q3 = 12,400,000, proactive 99.5%
    old = _one(m, app="Facebook", policy_area="Child Nudity & Sexual Exploitation", period="2020Q3", release="2024Q2")
    assert old["content_actioned"] == 12_400_000 and old["proactive_rate_pct"] == 99.5
    # the old label ends in 2021Q1; the split labels start in 2021Q2
    main = m[m.main_release]
    assert main[main.policy_area == "Child Nudity & Sexual Exploitation"]["period"].max() == "2021Q1"
    assert main[main.policy_area != "Child Nudity & Sexual Exploitation"]["period"].min() == "2021Q2"


def test_referral_outcomes():
    r = data.load("referral_outcomes")
    # ICCL, 19 Oct 2022: 4,192 referrals to An Garda Síochána in 2020; at least 471 verified not CSAM
    assert _one(r, country="Ireland", year=2020, measure="referrals_received")["value"] == 4_192
    assert _one(r, country="Ireland", year=2020, measure="not_csam_per_police")["value"] == 471
    # fedpol Jahresbericht 2021 / 2022 / 2023
    assert _one(r, country="Switzerland", year=2021, measure="referrals_received")["value"] == 7_176
    assert _one(r, country="Switzerland", year=2021, measure="forwarded_to_cantons")["value"] == 1_399
    assert _one(r, country="Switzerland", year=2022, measure="referrals_received")["value"] == 12_737
    assert _one(r, country="Switzerland", year=2023, measure="forwarded_to_cantons")["value"] == 1_895
    # every outcome row says it is not a false-positive rate
    outcomes = r[r.measure != "referrals_received"]
    assert outcomes["meaning"].str.contains("false.positive", case=False, regex=True).all()


def test_ncmec_report_designations():
    d = data.load("ncmec_report_designations")
    # OJJDP-NCMEC Transparency Report CY2023, section D, "Law Enforcement Recipients of CyberTipline Reports"
    icac, fed, intl = ("Internet Crimes Against Children (ICACs) Units", "Federal Law Enforcement",
                       "International Law Enforcement")
    assert _one(d, year=2023, recipient=icac, designation="informational")["reports"] == 238_271
    assert _one(d, year=2023, recipient=intl, designation="actionable")["reports"] == 16_142_869
    # CY2022 report (only source for 2020)
    assert _one(d, year=2020, recipient=fed, designation="actionable")["reports"] == 529_899
    # misprinted "International: 590,383" in both reports, recorded as informational and noted
    mis = _one(d, year=2021, recipient=fed, designation="informational")
    assert mis["reports"] == 590_383 and "International: 590,383" in mis["note"]
    # actionable + informational = NCMEC's printed "Total" for every recipient and year
    printed = {
        (2020, icac): 285_454, (2021, icac): 407_073, (2022, icac): 892_370, (2023, icac): 908_762,
        (2020, "Local Law Enforcement"): 2_485, (2021, "Local Law Enforcement"): 1_734,
        (2022, "Local Law Enforcement"): 1_465, (2023, "Local Law Enforcement"): 1_978,
        (2020, fed): 869_843, (2021, fed): 1_506_447, (2022, fed): 2_354_463, (2023, fed): 2_106_300,
        (2020, intl): 20_623_499, (2021, intl): 27_529_929, (2022, intl): 29_005_980, (2023, intl): 33_504_858,
    }
    sums = d.groupby(["year", "recipient"], observed=True)["reports"].sum()
    assert {(int(y), str(r)): int(v) for (y, r), v in sums.items()} == printed
    assert set(d["designation"]) == {"actionable", "informational"}
