"""Lesson 08 · Policy lab: a transparent TEACHING model of a child-safety policy.

**This is a teaching model, not a forecast.** It turns a handful of switches and
sliders (what is looked for, where detection runs, whether end-to-end encryption is
the default, the account threshold, human review capacity, transparency, user
reporting, age assurance) into rough weekly numbers for one imaginary platform, so
that learners can *see trade-offs*. Almost every number in it is an illustrative
assumption chosen for teaching (see :data:`ASSUMPTIONS`, which says so row by row);
the few real figures it shows are context with a ``source_id`` in ``data/sources.csv``.
The model never scores a policy as good or bad: value judgements are the learner's.

Structure
---------
* :class:`Policy` — the settings (validated).
* :data:`ASSUMPTIONS` / :func:`assumptions_table` — every assumption, its unit, its
  role (``formula``: a number used in a formula; ``structure``: a simplification built
  into the formulas; ``rule``: how a demand is judged met;
  ``context``: a sourced real figure shown for comparison, not used in a formula) and
  its source (``illustrative`` or a ``source_id``).
* :func:`evaluate` — the pure compute function: a :class:`PolicyResult` with expected
  weekly counts (floats, never NaN, no division by zero), which of the five demands
  the policy addresses, and the mechanism's properties and risks, each with a source.
* :func:`demand_status`, :func:`law_comparison`, :func:`compare_with_adopted`,
  :func:`compare` — the policy next to the five demands, the regulations table and
  another policy.
* :func:`what_changed`, :func:`still_open` — the course's closing, from ``events``
  and ``regulations`` with their dates.
* Figures and the widget builders :func:`policy_lab` and :func:`compare_demo`.

The account-level threshold reuses lesson 05's binomial tail
(:func:`coursekit.baserates.account_flag_probability`).
"""
from __future__ import annotations

import html
import math
from dataclasses import asdict, dataclass, field, fields, replace

import pandas as pd

from coursekit.baserates import account_flag_probability

__all__ = [
    "Policy", "Assumption", "ASSUMPTIONS", "A", "assumptions_table", "PRESETS", "preset",
    "PolicyResult", "evaluate", "OUTCOMES", "outcomes_table", "demand_status", "DEMAND_LEVELS",
    "law_comparison", "compare_with_adopted", "compare", "threshold_sweep",
    "memo_evidence", "what_changed", "still_open", "TEACHING_NOTE",
    "plot_outcomes", "plot_threshold_sweep", "plot_comparison",
    "render_result", "describe_result", "policy_lab", "compare_demo", "save", "SAVED",
    "policy_from_demo",
]

TEACHING_NOTE = ("Teaching model: illustrative assumptions, not a forecast of any real service. "
                 "It shows trade-offs; which trade-off is acceptable is your judgement.")

DETECTION = ("server", "client", "none")
TRANSPARENCY = ("none", "annual report", "report + independent audit")
SCOPES = ("known", "new", "grooming")
SCOPE_LABEL = {"known": "known material (hash matching)", "new": "new material (classifier)",
               "grooming": "grooming (text classifier)"}


# --------------------------------------------------------------------------
# 1. The settings
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Policy:
    """One policy package. Every field is a switch or slider of the lab."""

    scope_known: bool = True          # look for known material (hash lists)
    scope_new: bool = False           # look for new material (image classifier)
    scope_grooming: bool = False      # look for grooming (text classifier)
    detection: str = "server"         # where detection runs: "server", "client" or "none"
    e2ee_default: bool = False        # end-to-end encryption on by default
    threshold: int = 3                # flags on one account (in a week) before human review
    review_capacity: int = 2_000      # accounts the review team can check per week
    transparency: str = "annual report"   # "none", "annual report", "report + independent audit"
    user_reporting: bool = True       # users can report a message or account
    age_assurance: bool = False       # accounts must show they are adults to contact children

    def __post_init__(self):
        if self.detection not in DETECTION:
            raise ValueError(f"detection must be one of {DETECTION}, got {self.detection!r}")
        if self.transparency not in TRANSPARENCY:
            raise ValueError(f"transparency must be one of {TRANSPARENCY}, got {self.transparency!r}")
        t = self.threshold
        if isinstance(t, bool) or not float(t).is_integer() or t < 1:
            raise ValueError(f"threshold must be a whole number >= 1, got {t!r}")
        c = float(self.review_capacity)
        if math.isnan(c) or math.isinf(c) or c < 0:
            raise ValueError(f"review_capacity must be a count >= 0, got {self.review_capacity!r}")

    @property
    def scopes(self) -> tuple[str, ...]:
        """The kinds of content the policy looks for (empty if detection is 'none')."""
        if self.detection == "none":
            return ()
        on = {"known": self.scope_known, "new": self.scope_new, "grooming": self.scope_grooming}
        return tuple(s for s in SCOPES if on[s])

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------
# 2. The assumptions, with where each comes from
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Assumption:
    key: str
    value: object
    unit: str
    meaning: str
    source_id: str          # a source_id in data/sources.csv, or "illustrative"
    role: str = "formula"   # "formula", "structure", "rule" or "context"
    note: str = ""


ILLUSTRATIVE = "illustrative"

#: Every assumption of the model. ``illustrative`` means: a round number chosen for
#: teaching, NOT a measured value (no platform publishes most of these).
ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("accounts", 10_000_000, "active accounts", "size of the imaginary platform", ILLUSTRATIVE),
    Assumption("items_per_account", 50, "messages or images per account per week",
               "how much an ordinary account sends in the modelled week", ILLUSTRATIVE),
    Assumption("offender_share_known", 1e-5, "share of accounts",
               "accounts that share known abuse material in a week", ILLUSTRATIVE,
               note="no platform publishes this prevalence"),
    Assumption("offender_items_known", 10, "items per offending account per week",
               "known-material items such an account sends", ILLUSTRATIVE),
    Assumption("offender_share_new", 5e-6, "share of accounts",
               "accounts that share new (never hashed) abuse material in a week", ILLUSTRATIVE),
    Assumption("offender_items_new", 5, "items per offending account per week",
               "new-material items such an account sends", ILLUSTRATIVE),
    Assumption("offender_share_grooming", 5e-6, "share of accounts",
               "accounts that attempt grooming in a week", ILLUSTRATIVE),
    Assumption("offender_items_grooming", 20, "messages per offending account per week",
               "grooming messages such an account sends", ILLUSTRATIVE),
    Assumption("sensitivity_known", 0.9, "share of items", "hash matching flags this share of known items",
               ILLUSTRATIVE, note="lesson 04: robustness depends on the hash and the edit"),
    Assumption("fpr_known", 1e-7, "share of innocent items", "innocent items a hash match wrongly flags",
               ILLUSTRATIVE, note="lesson 05: false-match rates of deployed hashes are not published"),
    Assumption("sensitivity_new", 0.8, "share of items", "the image classifier flags this share of new items",
               ILLUSTRATIVE),
    Assumption("fpr_new", 1e-4, "share of innocent items", "innocent images the classifier wrongly flags",
               ILLUSTRATIVE),
    Assumption("sensitivity_grooming", 0.6, "share of messages",
               "the text classifier flags this share of grooming messages", ILLUSTRATIVE),
    Assumption("fpr_grooming", 1e-4, "share of innocent messages",
               "innocent messages the text classifier wrongly flags", ILLUSTRATIVE),
    Assumption("e2ee_share_if_default", 0.9, "share of messages",
               "messages end-to-end encrypted when E2EE is the default", ILLUSTRATIVE,
               note="defaults tend to stick; the exact share is an assumption"),
    Assumption("e2ee_share_if_optin", 0.05, "share of messages",
               "messages end-to-end encrypted when users must opt in", ILLUSTRATIVE),
    Assumption("client_coverage", 1.0, "share of messages",
               "client-side scanning checks messages on the device before encryption", ILLUSTRATIVE,
               note="the design's premise (lessons 06-07); whether it holds is disputed"),
    Assumption("report_rate", 0.05, "share of offending accounts per week",
               "offending accounts that some user reports in a week (works under E2EE too: the "
               "recipient can read the message)", ILLUSTRATIVE),
    Assumption("false_report_rate", 1e-5, "share of innocent accounts per week",
               "innocent accounts that someone reports by mistake or in bad faith", ILLUSTRATIVE),
    Assumption("age_assurance_effect", 0.3, "share of grooming attempts",
               "grooming attempts prevented because adults cannot reach children's accounts", ILLUSTRATIVE,
               note="also: every account must show its age (a privacy cost the model counts)"),
    Assumption("review_accuracy", 1.0, "share of decisions",
               "human reviewers decide every alert correctly", ILLUSTRATIVE,
               note="a simplification; compare the context rows on referrals below"),
    Assumption("unreviewed_alerts", "wait", "-",
               "alerts nobody reviews wait in a backlog; nothing is reported without human review",
               ILLUSTRATIVE, role="structure"),
    Assumption("meets_coverage", 0.5, "share of messages",
               "a demand counts as addressed ('yes') if detection reaches at least this share of "
               "messages; below it, 'partly'", ILLUSTRATIVE, role="rule"),
    Assumption("apple_threshold", 30, "matching images per account",
               "for comparison: the initial match threshold Apple planned (13 Aug 2021) before an "
               "iCloud Photos account was flagged for human review; the plan was dropped on 7 Dec 2022",
               "policy-apple-threat-model-2021", role="context"),
    Assumption("ireland_not_csam_2020", "from data", "NCMEC referrals",
               "for comparison: referrals An Garda Síochána verified were not CSAM in 2020 "
               "(a lower bound, not a false-positive rate)", "iccl-2022-garda-ncmec", role="context"),
    Assumption("switzerland_forwarded_2023", "from data", "fedpol Rapporte vs NCMEC reports",
               "for comparison: fedpol forwarded reports to the cantons vs NCMEC reports received in 2023 "
               "(different units; the rest is not 'false positives')", "fedpol-report-2023", role="context"),
)

#: The formula and rule values by key (what the model computes with).
A: dict[str, object] = {a.key: a.value for a in ASSUMPTIONS if a.role in ("formula", "rule")}


def _context_value(key: str, data_dir=None) -> str:
    from coursekit import data

    ro = data.load("referral_outcomes", data_dir=data_dir) if data_dir else data.load("referral_outcomes")
    if key == "ireland_not_csam_2020":
        ie = ro[(ro["country"] == "Ireland") & (ro["year"] == 2020)].set_index("measure")["value"]
        return f"at least {int(ie['not_csam_per_police']):,} of {int(ie['referrals_received']):,}"
    if key == "switzerland_forwarded_2023":
        ch = ro[(ro["country"] == "Switzerland") & (ro["year"] == 2023)].set_index("measure")["value"]
        return f"{int(ch['forwarded_to_cantons']):,} Rapporte; {int(ch['referrals_received']):,} NCMEC reports"
    raise KeyError(key)


def assumptions_table(data_dir=None) -> pd.DataFrame:
    """The model's assumptions as a table: key, value, unit, meaning, role, source, note.

    ``source`` is ``illustrative`` (a teaching assumption, not a measurement) or a
    ``source_id`` in ``data/sources.csv``. Context values are read from ``data/``.
    """
    rows = []
    for a in ASSUMPTIONS:
        value = _context_value(a.key, data_dir) if a.value == "from data" else a.value
        rows.append({"key": a.key, "value": value, "unit": a.unit, "meaning": a.meaning,
                     "role": a.role, "source": a.source_id, "note": a.note})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# 3. Starting points (not models of any law)
# --------------------------------------------------------------------------

#: Named starting points for the lab. They are the four options of lesson 07 plus the
#: extremes, as switch settings; none of them is a model of any country's law.
PRESETS: dict[str, Policy] = {
    "everything off": Policy(scope_known=False, scope_new=False, scope_grooming=False, detection="none",
                             e2ee_default=False, threshold=1, review_capacity=0, transparency="none",
                             user_reporting=False, age_assurance=False),
    "server-side scanning, no E2EE default": Policy(scope_known=True, scope_new=True, scope_grooming=True,
                                                    detection="server", e2ee_default=False),
    "E2EE default, server scanning of the rest": Policy(scope_known=True, detection="server",
                                                        e2ee_default=True),
    "E2EE default, no scanning, user reports": Policy(scope_known=False, detection="none",
                                                      e2ee_default=True, user_reporting=True),
    "E2EE default + client-side scanning (known only)": Policy(scope_known=True, detection="client",
                                                               e2ee_default=True),
    "everything on": Policy(scope_known=True, scope_new=True, scope_grooming=True, detection="client",
                            e2ee_default=True, threshold=1, review_capacity=20_000,
                            transparency="report + independent audit", user_reporting=True,
                            age_assurance=True),
}


def preset(name: str) -> Policy:
    """A copy of a named starting point (see :data:`PRESETS`)."""
    return replace(PRESETS[name])


# --------------------------------------------------------------------------
# 4. The model
# --------------------------------------------------------------------------

#: The outcomes the lab shows: (attribute, label, unit).
OUTCOMES = (
    ("offending_accounts", "offending accounts active", "accounts per week"),
    ("cases_confirmed", "cases found and confirmed by review", "accounts per week"),
    ("missed", "offending accounts not found", "accounts per week"),
    ("false_alerts", "false alerts (innocent accounts flagged)", "accounts per week"),
    ("review_load", "alerts waiting for review", "accounts per week"),
    ("backlog", "alerts left unreviewed", "accounts per week"),
    ("innocent_exposed", "innocent accounts whose flagged private content a reviewer sees",
     "accounts per week"),
    ("messages_scanned", "messages scanned by software", "messages per week"),
    ("messages_readable_by_provider", "messages the provider can read", "messages per week"),
    ("accounts_age_checked", "accounts asked to prove their age", "accounts"),
    ("grooming_prevented", "grooming attempts prevented by age assurance", "accounts per week"),
)


@dataclass(frozen=True)
class PolicyResult:
    """Expected weekly outcomes of one policy under :data:`ASSUMPTIONS` (floats, never NaN)."""

    policy: Policy
    coverage: float                 # share of messages detection can reach
    e2ee_share: float               # share of messages end-to-end encrypted
    offending_accounts: float
    flagged_true: float             # offending accounts flagged (scan or user report)
    false_alerts: float             # innocent accounts flagged
    review_load: float              # all flagged accounts (true + false)
    reviewed: float
    share_reviewed: float           # 1.0 when nothing is waiting
    cases_confirmed: float
    missed: float
    backlog: float
    innocent_exposed: float
    messages_scanned: float
    messages_readable_by_provider: float
    accounts_age_checked: float
    grooming_prevented: float
    by_scope: dict = field(default_factory=dict)       # per kind: offenders, flagged, confirmed
    demands: dict = field(default_factory=dict)        # demand_id -> (status, reason)
    mechanism: tuple = ()                              # (property, source_id) rows

    def outcomes(self) -> dict[str, float]:
        return {key: float(getattr(self, key)) for key, _, _ in OUTCOMES}


def _coverage(policy: Policy, e2ee_share: float) -> float:
    if policy.detection == "client":
        return float(A["client_coverage"])
    if policy.detection == "server":
        return 1.0 - e2ee_share
    return 0.0


def evaluate(policy: Policy | None = None, **settings) -> PolicyResult:
    """The teaching model: expected outcomes of ``policy`` in one week.

    Call as ``evaluate(Policy(...))`` or ``evaluate(threshold=5, detection="client")``
    (keywords override the defaults of :class:`Policy`). For each kind of content
    that is looked for, an offending account is flagged if at least ``threshold`` of
    its items are flagged (lesson 05's binomial tail, with the detector's sensitivity
    times the share of messages detection can reach); an innocent account likewise
    with the false-positive rate. User reports add flags independently. Reviewers
    take flagged accounts in random order up to ``review_capacity``.
    """
    if policy is None:
        policy = Policy(**settings)
    elif settings:
        policy = replace(policy, **settings)
    p = policy
    n = float(A["accounts"])
    e2ee = float(A["e2ee_share_if_default"] if p.e2ee_default else A["e2ee_share_if_optin"])
    cov = _coverage(p, e2ee)
    report = float(A["report_rate"]) if p.user_reporting else 0.0
    t = int(p.threshold)

    by_scope, flagged_true, offenders_total, p_innocent_clear = {}, 0.0, 0.0, 1.0
    grooming_prevented = 0.0
    for s in SCOPES:
        offenders = n * float(A[f"offender_share_{s}"])
        if s == "grooming" and p.age_assurance:
            grooming_prevented = offenders * float(A["age_assurance_effect"])
            offenders -= grooming_prevented
        looked_for = s in p.scopes and cov > 0
        if looked_for:
            p_scan = account_flag_probability(float(A[f"sensitivity_{s}"]) * cov,
                                              int(A[f"offender_items_{s}"]), t)
            p_false = account_flag_probability(float(A[f"fpr_{s}"]) * cov, int(A["items_per_account"]), t)
        else:
            p_scan = p_false = 0.0
        p_found = 1.0 - (1.0 - p_scan) * (1.0 - report)
        by_scope[s] = {"looked for": looked_for, "offending accounts": offenders,
                       "flagged by scanning": offenders * p_scan, "flagged in total": offenders * p_found}
        flagged_true += offenders * p_found
        offenders_total += offenders
        p_innocent_clear *= 1.0 - p_false
    false_report = float(A["false_report_rate"]) if p.user_reporting else 0.0
    p_innocent_flag = 1.0 - p_innocent_clear * (1.0 - false_report)
    innocent = max(0.0, n - offenders_total)
    false_alerts = innocent * p_innocent_flag

    load = flagged_true + false_alerts
    capacity = float(p.review_capacity)
    reviewed = min(load, capacity)
    share = reviewed / load if load > 0 else 1.0
    confirmed = flagged_true * share * float(A["review_accuracy"])
    for s in SCOPES:
        by_scope[s]["confirmed"] = by_scope[s]["flagged in total"] * share * float(A["review_accuracy"])

    messages = n * float(A["items_per_account"])
    scanning = bool(p.scopes) and cov > 0
    result = PolicyResult(
        policy=p, coverage=cov if scanning else 0.0, e2ee_share=e2ee,
        offending_accounts=offenders_total, flagged_true=flagged_true, false_alerts=false_alerts,
        review_load=load, reviewed=reviewed, share_reviewed=share, cases_confirmed=confirmed,
        missed=max(0.0, offenders_total - confirmed), backlog=max(0.0, load - reviewed),
        innocent_exposed=false_alerts * share,
        messages_scanned=messages * cov if scanning else 0.0,
        messages_readable_by_provider=messages * (1.0 - e2ee),
        accounts_age_checked=n if p.age_assurance else 0.0,
        grooming_prevented=grooming_prevented, by_scope=by_scope,
    )
    return replace(result, demands=demand_status(result), mechanism=mechanism(result))


def outcomes_table(result: PolicyResult) -> pd.DataFrame:
    """The outcomes of one result as a table (label, value, unit)."""
    rows = [{"outcome": label, "value": float(getattr(result, key)), "unit": unit}
            for key, label, unit in OUTCOMES]
    return pd.DataFrame(rows)


def threshold_sweep(policy: Policy | None = None, thresholds=range(1, 31)) -> pd.DataFrame:
    """Cases confirmed, false alerts and innocent accounts exposed at each threshold."""
    policy = policy or Policy()
    rows = []
    for t in thresholds:
        r = evaluate(replace(policy, threshold=int(t)))
        rows.append({"threshold": int(t), "cases_confirmed": r.cases_confirmed,
                     "false_alerts": r.false_alerts, "innocent_exposed": r.innocent_exposed,
                     "missed": r.missed})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------
# 5. The five demands, the mechanism, and the laws
# --------------------------------------------------------------------------

#: What the lab can say about each demand.
DEMAND_LEVELS = ("yes", "partly", "no", "not modelled")


def demand_status(result: PolicyResult) -> dict[str, tuple[str, str]]:
    """For each of the NCA's five demands ("1".."5"): (status, reason), by the model's rules.

    A rough reading for teaching (see the ``meets_coverage`` rule); it says what the
    settings do, not whether that is enough.
    """
    p, cov = result.policy, result.coverage
    need = float(A["meets_coverage"])
    out = {}
    if "known" in p.scopes and cov >= need:
        out["1"] = ("yes", f"known material is matched in {cov:.0%} of messages")
    elif "known" in p.scopes and cov > 0:
        out["1"] = ("partly", f"known material is matched in only {cov:.0%} of messages")
    else:
        out["1"] = ("no", "no matching of known material")
    helpers = [h for h, on in (("user reports", p.user_reporting), ("age assurance", p.age_assurance)) if on]
    if "grooming" in p.scopes and cov >= need:
        out["2"] = ("yes", f"grooming classifier on {cov:.0%} of messages" + (" + " + ", ".join(helpers) if helpers else ""))
    elif ("grooming" in p.scopes and cov > 0) or helpers:
        parts = ([f"grooming classifier on {cov:.0%} of messages"] if "grooming" in p.scopes and cov > 0 else []) + helpers
        out["2"] = ("partly", ", ".join(parts))
    else:
        out["2"] = ("no", "nothing aimed at grooming")
    out["3"] = ("not modelled", "the lab has no live-streaming controls")
    finds = bool(p.scopes and cov > 0) or p.user_reporting
    if finds and p.review_capacity > 0:
        out["4"] = ("yes", "confirmed cases are reported to the authorities (the model's assumption)")
    elif finds:
        out["4"] = ("partly", "alerts are raised but nobody reviews or reports them")
    else:
        out["4"] = ("no", "nothing is found, so nothing is reported")
    out["5"] = {"none": ("no", "no public reporting"),
                "annual report": ("partly", "annual counts are published"),
                "report + independent audit": ("yes", "counts published and detection audited independently")}[p.transparency]
    return out


def mechanism(result: PolicyResult) -> tuple[tuple[str, str], ...]:
    """Properties and risks of the mechanism the policy builds, each with a source_id.

    Sourced statements of fact or of a published concern; both sides' concerns appear
    where they apply. Not a score.
    """
    p, rows = result.policy, []
    if result.e2ee_share < 1:
        rows.append((f"The provider can read {1 - result.e2ee_share:.0%} of messages (those not end-to-end "
                     "encrypted), and so can anyone who breaches or compels it.", "research-keys-under-doormats-2015"))
    if result.e2ee_share > 0 and p.detection != "client":
        rows.append((f"{result.e2ee_share:.0%} of messages are end-to-end encrypted: server-side scanning cannot see "
                     "them; the NCA said of Meta's default E2EE (7 Dec 2023) that Meta 'will no longer be able to "
                     "see the offending'.", "nca-meta-e2ee-2023"))
    if p.detection == "client" and p.scopes:
        rows.append(("Scanning software runs on every device before encryption; critics warn whoever controls "
                     "the list or model could widen it ('Bugs in our Pockets', 14 Oct 2021).",
                     "research-bugs-in-our-pockets-2021"))
        if "known" in p.scopes:
            rows.append(("Published evaluations disagree on how easily perceptual hashes on a device can be evaded "
                         "or forced to collide (Jain et al. 2022 vs Madden et al. 2024).",
                         "research-jain-cretu-demontjoye-2022"))
    if p.scopes and ("new" in p.scopes or "grooming" in p.scopes) and result.coverage > 0:
        rows.append(("Classifiers for new material or grooming judge content, not only match known files: their "
                     "false alerts are what human reviewers see (lesson 05).", "iccl-2022-garda-ncmec"))
    if p.transparency == "report + independent audit":
        rows.append(("Independent, public audit of detection technologies is what the European Parliament's "
                     "mandate (22 Nov 2023) asked for.", "news-eucrim-ep-2023"))
    if p.age_assurance:
        rows.append(("Every account must show its age: Indonesia's UU 1/2024 (2 Jan 2024, Art. 16A) asks "
                     "providers to verify child users; it means processing data about every user.",
                     "id-jdih-uu-1-2024"))
    if not rows:
        rows.append(("No detection, no end-to-end encryption by default: the provider can read messages but "
                     "looks for nothing.", ILLUSTRATIVE))
    return tuple(rows)


def _option_keys(policy: Policy) -> list[str]:
    """Lesson 07's options that describe this policy (for the arguments table)."""
    keys = []
    if policy.detection == "client" and policy.scopes:
        keys.append("client-side-scanning")
    if policy.detection == "server" and policy.scopes:
        keys.append("server-side-scanning")
    if policy.e2ee_default and not (policy.detection == "client" and policy.scopes):
        keys.append("e2ee-no-scanning")
    return keys


def arguments_for(policy: Policy, args: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims from ``data/arguments.csv`` about the options this policy resembles, both sides."""
    if args is None:
        from coursekit import data
        args = data.load("arguments")
    keep = args["option"].astype(str).isin(_option_keys(policy))
    cols = ["claim_id", "side", "kind", "claim", "date", "source_id"]
    return args.loc[keep, cols].sort_values(["side", "claim_id"]).reset_index(drop=True)


_ADOPTED_JURISDICTIONS = ("UK", "EU", "Indonesia")


def law_comparison(policy: Policy | PolicyResult, jurisdictions=None, adopted_only: bool = False,
                   data_dir=None) -> pd.DataFrame:
    """Each instrument in the regulations table against the policy, demand by demand.

    For every demand an instrument *requires* (level ``required`` in
    ``regulation_demands``) the policy's status from :func:`demand_status`. Levels
    ``not-verified`` are NOT requirements found absent: the provision may exist.
    This is the five-demand summary only, not a legal assessment.
    """
    from coursekit import data

    load = (lambda t: data.load(t, data_dir=data_dir)) if data_dir else data.load
    result = policy if isinstance(policy, PolicyResult) else evaluate(policy)
    regs, rd = load("regulations"), load("regulation_demands")
    if jurisdictions is not None:
        regs = regs[regs["jurisdiction"].astype(str).isin(list(jurisdictions))]
    if adopted_only:
        regs = regs[regs["status"].astype(str).isin(["in force", "lapsed"])]
    rows = []
    for _, r in regs.iterrows():
        levels = rd[rd["instrument_id"] == r["instrument_id"]].set_index("demand_id")["level"].astype(str)
        required = [d for d in sorted(levels.index) if levels[d] == "required"]
        statuses = {d: result.demands[d][0] for d in required}
        covered = [d for d in required if statuses[d] == "yes"]
        partly = [d for d in required if statuses[d] in ("partly", "not modelled")]
        missing = [d for d in required if statuses[d] == "no"]
        unverified = [d for d in sorted(levels.index) if levels[d] == "not-verified"]
        rows.append({"instrument_id": r["instrument_id"], "jurisdiction": str(r["jurisdiction"]),
                     "status": str(r["status"]), "status_date": r["status_date"], "as_of": r["as_of"],
                     "requires": ", ".join(required) or "-", "policy addresses": ", ".join(covered) or "-",
                     "partly": ", ".join(partly) or "-", "not addressed": ", ".join(missing) or "-",
                     "not verified in sources": ", ".join(unverified) or "-", "source_id": r["source_id"]})
    return pd.DataFrame(rows)


def compare_with_adopted(policy: Policy | PolicyResult, data_dir=None) -> pd.DataFrame:
    """The policy's five-demand status next to what the UK, the EU and Indonesia adopted.

    Columns: ``your policy`` and one per adopted instrument (status ``in force`` or
    ``lapsed``), headed with its status and date; cells are the instrument's level
    from ``regulation_demands`` (``not-verified`` means not found in the sources used).
    """
    from coursekit import data

    load = (lambda t: data.load(t, data_dir=data_dir)) if data_dir else data.load
    result = policy if isinstance(policy, PolicyResult) else evaluate(policy)
    regs, rd, demands = load("regulations"), load("regulation_demands"), load("five_demands")
    regs = regs[regs["jurisdiction"].astype(str).isin(_ADOPTED_JURISDICTIONS)
                & regs["status"].astype(str).isin(["in force", "lapsed"])]
    table = pd.DataFrame(index=pd.Index(demands["demand_id"].tolist(), name="demand_id"))
    table["demand"] = demands.set_index("demand_id")["demand_slug"].astype(str)
    table["your policy"] = [result.demands[d][0] for d in table.index]
    for _, r in regs.iterrows():
        col = f"{r['instrument_id']} ({r['status']} {r['status_date']}; as of {r['as_of']})"
        levels = rd[rd["instrument_id"] == r["instrument_id"]].set_index("demand_id")["level"].astype(str)
        table[col] = [levels.get(d, "-") for d in table.index]
    return table


def compare(policies: dict) -> pd.DataFrame:
    """Outcomes and demand status of several policies side by side (one column each)."""
    cols = {}
    for name, pol in policies.items():
        r = pol if isinstance(pol, PolicyResult) else evaluate(pol)
        col = {label: round(float(getattr(r, key)), 1) for key, label, _ in OUTCOMES}
        col.update({f"demand {d}": r.demands[d][0] for d in sorted(r.demands)})
        col.update({f"setting: {f.name}": getattr(r.policy, f.name) for f in fields(Policy)})
        name = str(name)
        while name in cols:
            name += " (2)"
        cols[name] = col
    return pd.DataFrame(cols)


# --------------------------------------------------------------------------
# 6. Memo evidence and the course's closing
# --------------------------------------------------------------------------

def _fmt_count(x: float) -> str:
    if x == 0:
        return "0"
    if x < 0.1:
        return "< 0.1"
    if x < 10:
        return f"{x:.1f}"
    return f"{x:,.0f}"


def memo_evidence(policy: Policy | PolicyResult, data_dir=None) -> list[str]:
    """Lines a memo can quote: the model's outputs (labelled as such) and dated, sourced facts."""
    from coursekit import data

    load = (lambda t: data.load(t, data_dir=data_dir)) if data_dir else data.load
    r = policy if isinstance(policy, PolicyResult) else evaluate(policy)
    ro = load("referral_outcomes")
    ie = ro[(ro["country"] == "Ireland") & (ro["year"] == 2020)].set_index("measure")["value"]
    regs = load("regulations").set_index("instrument_id")
    ev = load("events").set_index("event_id")
    eu = regs.loc["eu-interim-2021-1232"]
    uk = regs.loc["uk-osa-2023"]
    return [
        f"Teaching model (illustrative assumptions, per week): {_fmt_count(r.cases_confirmed)} cases confirmed, "
        f"{_fmt_count(r.false_alerts)} false alerts, {_fmt_count(r.innocent_exposed)} innocent accounts' content "
        f"seen by reviewers, {_fmt_count(r.backlog)} alerts unreviewed. [coursekit.policy, not a forecast]",
        f"On {ev.loc['ev011', 'date']}, {ev.loc['ev011', 'event']} [{ev.loc['ev011', 'source_id']}]",
        f"In 2020 An Garda Síochána verified that at least {int(ie['not_csam_per_police']):,} of "
        f"{int(ie['referrals_received']):,} NCMEC referrals were not CSAM; a lower bound, not a false-positive "
        "rate [iccl-2022-garda-ncmec, 19 Oct 2022]",
        f"UK: {uk['name']} — {uk['status']} since {uk['status_date']} (as of {uk['as_of']}) [{uk['source_id']}]",
        f"EU: {eu['name']} — {eu['status']} on {eu['status_date']} (as of {eu['as_of']}) [{eu['source_id']}]",
    ]


def what_changed(since: str = "2020-02-14", categories=("law", "regulator", "industry"),
                 data_dir=None) -> pd.DataFrame:
    """Events after ``since`` of the given categories (date, precision, where, what, source).

    Dates are compared as text at their own precision: an event known only as "2020" (or
    "2020-02") is left out, because it may predate ``since``; "2024" is kept.
    """
    from coursekit import data

    ev = data.load("events", data_dir=data_dir) if data_dir else data.load("events")
    keep = (ev["date"].astype(str) > since) & ev["category"].astype(str).isin(list(categories))
    cols = ["date", "date_precision", "jurisdiction", "category", "event", "source_id"]
    return ev.loc[keep, cols].sort_values("date").reset_index(drop=True)


def still_open(data_dir=None) -> pd.DataFrame:
    """Instruments not (or no longer) in force: proposals, positions, lapsed rules, with dates."""
    from coursekit import data

    regs = data.load("regulations", data_dir=data_dir) if data_dir else data.load("regulations")
    keep = ~regs["status"].astype(str).isin(["in force"])
    cols = ["instrument_id", "jurisdiction", "status", "status_date", "as_of", "note", "source_id"]
    return regs.loc[keep, cols].sort_values(["jurisdiction", "status_date"]).reset_index(drop=True)


# --------------------------------------------------------------------------
# 7. Figures and HTML
# --------------------------------------------------------------------------

_BAR_KEYS = ("cases_confirmed", "missed", "false_alerts", "backlog", "innocent_exposed")


def plot_outcomes(result: PolicyResult, title: str = "One week under this policy (teaching model)"):
    """Horizontal bars of the main weekly counts on a log axis (zero drawn as 'zero')."""
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    labels = {k: l for k, l, _ in OUTCOMES}
    keys = list(_BAR_KEYS)
    values = [float(getattr(result, k)) for k in keys]
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["vermillion"], PALETTE["purple"], PALETTE["sky"]]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    shown = [max(v, 0.01) for v in values]
    ax.barh(range(len(keys)), shown, color=colours)
    ax.set_xscale("log")
    ax.set_xlim(0.01, max(1e6, max(shown) * 3))
    ax.set_yticks(range(len(keys)), [labels[k] for k in keys])
    ax.invert_yaxis()
    for i, v in enumerate(values):
        ax.text(max(v, 0.01) * 1.15, i, "zero" if v == 0 else _fmt_count(v), va="center", fontsize=9)
    ax.set_xlabel("accounts per week (log scale; illustrative assumptions)")
    ax.set_title(title)
    fig.subplots_adjust(left=0.45, right=0.97, bottom=0.2, top=0.88)
    return fig


def plot_threshold_sweep(sweep: pd.DataFrame, title: str = "The account threshold trades found cases against exposure"):
    """Cases confirmed and innocent accounts exposed (log scale) at each threshold."""
    import matplotlib.pyplot as plt

    from coursekit.style import PALETTE

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    positive = pd.concat([sweep["cases_confirmed"], sweep["innocent_exposed"]])
    positive = positive[positive > 0]
    floor = 10 ** math.floor(math.log10(positive.min() / 3)) if len(positive) else 1e-3
    ax.plot(sweep["threshold"], sweep["cases_confirmed"].clip(lower=floor), "o-", color=PALETTE["blue"],
            label="cases found and confirmed")
    ax.plot(sweep["threshold"], sweep["innocent_exposed"].clip(lower=floor), "s--", color=PALETTE["vermillion"],
            label="innocent accounts whose content a reviewer sees")
    ax.set_yscale("log")
    ax.set_ylim(floor / 2, None)
    ax.set_xlabel("threshold (flags on one account in a week before human review)")
    ax.set_ylabel("accounts per week (log scale)")
    ax.set_title(title)
    ax.legend(loc="center right", fontsize=9)
    ax.text(0.01, 0.02, f"values below {floor} drawn at {floor}", transform=ax.transAxes, fontsize=8)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.15, top=0.9)
    return fig


def plot_comparison(results: dict, title: str = "Two policies side by side (teaching model)"):
    """Grouped horizontal bars of the main weekly counts for several policies."""
    import matplotlib.pyplot as plt
    import numpy as np

    from coursekit.style import CYCLE

    labels = {k: l for k, l, _ in OUTCOMES}
    keys = list(_BAR_KEYS)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    n = max(1, len(results))
    h = 0.8 / n
    ymax = 1.0
    for j, (name, r) in enumerate(results.items()):
        r = r if isinstance(r, PolicyResult) else evaluate(r)
        vals = np.array([max(float(getattr(r, k)), 0.01) for k in keys])
        ymax = max(ymax, vals.max())
        ax.barh(np.arange(len(keys)) + (j - (n - 1) / 2) * h, vals, height=h, color=CYCLE[j % len(CYCLE)],
                label=str(name), hatch=None if j == 0 else "//", edgecolor="white")
    ax.set_xscale("log")
    ax.set_xlim(0.01, max(1e6, ymax * 3))
    ax.set_yticks(range(len(keys)), [labels[k] for k in keys])
    ax.invert_yaxis()
    ax.set_xlabel("accounts per week (log scale; zero drawn at 0.01)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.subplots_adjust(left=0.45, right=0.97, bottom=0.18, top=0.9)
    return fig


def _bar_html(value: float, top: float = 1e8) -> str:
    width = 0 if value <= 0 else max(2, min(200, 200 * math.log10(1 + value) / math.log10(1 + top)))
    return (f'<span style="display:inline-block;width:{width:.0f}px;height:0.8em;'
            f'background:#0072B2"></span>')


def render_result(result: PolicyResult) -> str:
    """HTML for the live lab: outcomes, demands, mechanism (fast: no matplotlib)."""
    e = html.escape
    out = [f"<p><em>{e(TEACHING_NOTE)}</em></p>",
           "<table><tr><th>outcome (one week)</th><th>value</th><th></th></tr>"]
    for key, label, unit in OUTCOMES:
        v = float(getattr(result, key))
        out.append(f"<tr><td>{e(label)} <small>({e(unit)})</small></td><td style='text-align:right'>"
                   f"{_fmt_count(v)}</td><td>{_bar_html(v)}</td></tr>")
    out.append("</table><p><b>The NCA's five demands (14 Feb 2020), by the model's rules</b></p><ul>")
    for d, (status, reason) in sorted(result.demands.items()):
        out.append(f"<li>demand {d}: <b>{e(status)}</b> — {e(reason)}</li>")
    out.append("</ul><p><b>The mechanism: properties and published concerns</b></p><ul>")
    for text, src in result.mechanism:
        out.append(f"<li>{e(text)} <small>[{e(src)}]</small></li>")
    out.append("</ul>")
    return "".join(out)


def describe_result(result: PolicyResult) -> str:
    return (f"<b>Per week (teaching model):</b> {_fmt_count(result.cases_confirmed)} cases confirmed, "
            f"{_fmt_count(result.missed)} missed, {_fmt_count(result.false_alerts)} false alerts, "
            f"{_fmt_count(result.innocent_exposed)} innocent accounts' content seen by reviewers, "
            f"{_fmt_count(result.backlog)} unreviewed.")


# --------------------------------------------------------------------------
# 8. Widgets
# --------------------------------------------------------------------------

#: Policies saved in this kernel by :func:`save` (name -> Policy).
SAVED: dict[str, Policy] = {}


def _controls(start: Policy):
    import ipywidgets as widgets

    from coursekit.widgets import slider

    def box(description, value):
        return widgets.Checkbox(value=value, description=description, indent=False)

    def drop(description, options, value):
        return widgets.Dropdown(options=list(options), value=value, description=description,
                                style={"description_width": "initial"})

    return {
        "scope_known": box("look for known material", start.scope_known),
        "scope_new": box("look for new material", start.scope_new),
        "scope_grooming": box("look for grooming", start.scope_grooming),
        "detection": drop("where detection runs", DETECTION, start.detection),
        "e2ee_default": box("end-to-end encryption by default", start.e2ee_default),
        "threshold": slider("Threshold", start.threshold, 1, 30, 1, unit="flags per account", integer=True),
        "review_capacity": slider("Human review capacity", start.review_capacity, 0, 20_000, 100,
                                  unit="accounts per week", integer=True),
        "transparency": drop("transparency", TRANSPARENCY, start.transparency),
        "user_reporting": box("users can report", start.user_reporting),
        "age_assurance": box("age assurance", start.age_assurance),
    }


def policy_lab(start: Policy | str | None = None):
    """The lab: every switch and slider of :class:`Policy`, the outcomes next to them."""
    from coursekit.widgets import Demo

    start = preset(start) if isinstance(start, str) else (start or Policy())
    return Demo(_controls(start), compute=lambda **s: evaluate(Policy(**s)), render=render_result,
                describe=describe_result, title="Policy lab (teaching model: illustrative assumptions)")


def policy_from_demo(demo) -> Policy:
    """The Policy a lab widget is set to now."""
    return Policy(**demo.settings())


def save(name: str, policy, store: dict | None = None) -> Policy:
    """Save a Policy (or a lab widget's current settings) under ``name`` in :data:`SAVED`."""
    store = SAVED if store is None else store
    pol = policy if isinstance(policy, Policy) else policy_from_demo(policy)
    store[str(name)] = pol
    return pol


def _choices(store: dict | None) -> dict[str, Policy]:
    out = dict(PRESETS)
    out.update(SAVED if store is None else store)
    return out


def _render_comparison(table: pd.DataFrame) -> str:
    return f"<p><em>{html.escape(TEACHING_NOTE)}</em></p>" + table.to_html(border=0)


def compare_demo(a: str = "server-side scanning, no E2EE default",
                 b: str = "E2EE default, no scanning, user reports", store: dict | None = None):
    """Two dropdowns (presets and saved policies) and the side-by-side table."""
    import ipywidgets as widgets

    from coursekit.widgets import Demo

    choices = _choices(store)
    names = list(choices)
    a = a if a in choices else names[0]
    b = b if b in choices else names[-1]
    controls = {"a": widgets.Dropdown(options=names, value=a, description="policy A"),
                "b": widgets.Dropdown(options=names, value=b, description="policy B")}

    def compute(a, b):
        pool = _choices(store)
        return compare({f"A: {a}": pool[a], f"B: {b}": pool[b]})

    def describe(table):
        row = "cases found and confirmed by review"
        return " · ".join(f"{c}: {table.loc[row, c]} cases confirmed per week" for c in table.columns)

    return Demo(controls, compute=compute, render=_render_comparison, describe=describe,
                title="Compare two policies (teaching model)")
