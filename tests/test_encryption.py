"""Lesson 06: encryption reference code, the "what each party sees" demo, the
synthetic metadata log, the self-check questions and the widget in a kernel."""
from __future__ import annotations

import time

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

from coursekit import encryption as enc  # noqa: E402
from coursekit import metadata_log as ml  # noqa: E402
from coursekit.checks import evaluate  # noqa: E402
from coursekit.encryption import InvalidTag  # noqa: E402

FIXED_KEY = enc.make_key(seed="test")


# ------------------------------------------------------------------ AES-GCM
def test_roundtrip_and_overhead():
    nonce, ct = enc.encrypt(FIXED_KEY, "hello study group")
    assert len(nonce) == enc.NONCE_BYTES
    assert len(ct) == len(b"hello study group") + enc.TAG_BYTES
    assert enc.decrypt(FIXED_KEY, nonce, ct) == b"hello study group"


def test_empty_and_large_messages():
    for msg in (b"", b"x" * 1_000_000):
        nonce, ct = enc.encrypt(FIXED_KEY, msg)
        assert len(ct) == len(msg) + enc.TAG_BYTES
        assert enc.decrypt(FIXED_KEY, nonce, ct) == msg


def test_random_nonces_and_keys_differ_each_call():
    assert enc.encrypt(FIXED_KEY, "a")[0] != enc.encrypt(FIXED_KEY, "a")[0]
    assert enc.make_key() != enc.make_key()
    assert enc.public_bytes(enc.make_keypair()) != enc.public_bytes(enc.make_keypair())


def test_seeded_keys_are_reproducible():
    assert enc.make_key(seed=1) == enc.make_key(seed=1) != enc.make_key(seed=2)
    assert enc.public_bytes(enc.make_keypair(seed=1)) == enc.public_bytes(enc.make_keypair(seed=1))


def test_wrong_key_wrong_aad_and_bad_nonce():
    nonce, ct = enc.encrypt(FIXED_KEY, "hi", associated_data=b"header")
    with pytest.raises(InvalidTag):
        enc.decrypt(enc.make_key(seed="other"), nonce, ct, b"header")
    with pytest.raises(InvalidTag):
        enc.decrypt(FIXED_KEY, nonce, ct, b"changed header")
    with pytest.raises(ValueError):
        enc.encrypt(FIXED_KEY, "hi", nonce=b"short")
    with pytest.raises(ValueError):
        enc.tamper(b"")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=10_000), st.integers(0, 7))
def test_any_text_roundtrips_and_any_single_bit_flip_is_rejected(text, position, bit):
    nonce, ct = enc.encrypt(FIXED_KEY, text)
    assert enc.decrypt(FIXED_KEY, nonce, ct).decode("utf-8") == text
    with pytest.raises(InvalidTag):
        enc.decrypt(FIXED_KEY, nonce, enc.tamper(ct, position, bit))


def test_key_agreement_matches_and_outsider_differs():
    a, b, c = (enc.make_keypair(seed=3, label=x) for x in "abc")
    k_ab = enc.derive_shared_key(a, enc.public_bytes(b))
    assert k_ab == enc.derive_shared_key(b, a.public_key())
    assert len(k_ab) == enc.KEY_BYTES
    assert enc.derive_shared_key(c, enc.public_bytes(a)) != k_ab


# ------------------------------------------------------------- message flow
@pytest.mark.parametrize("design", list(enc.DESIGNS))
def test_flow_delivers_every_message(design):
    flow = enc.message_flow(design=design, seed=6)
    assert flow.delivered == [m.text for m in enc.STUDY_GROUP_CHAT]
    stored_text = any("text" in e for e in flow.envelopes)
    assert stored_text == (not enc.DESIGNS[design]["e2e"])


def test_flow_is_deterministic_with_seed_and_fresh_without():
    a = enc.message_flow(seed=6, design="end-to-end + escrowed key")
    b = enc.message_flow(seed=6, design="end-to-end + escrowed key")
    assert a.wire == b.wire and a.envelopes == b.envelopes
    c, d = enc.message_flow(seed=None), enc.message_flow(seed=None)
    assert c.wire != d.wire and c.delivered == d.delivered


def test_nonces_never_repeat_per_key_in_a_flow():
    flow = enc.message_flow(design="end-to-end + escrowed key", seed=6)
    e2e_nonces = [e["nonce"] for e in flow.envelopes]
    assert len(set(e2e_nonces)) == len(e2e_nonces)
    # transport nonces are the first 12 bytes on the wire, per sender's link key
    by_sender = {}
    for m, w in zip(enc.STUDY_GROUP_CHAT, flow.wire):
        by_sender.setdefault(m.sender, []).append(w[:enc.NONCE_BYTES])
    for nonces in by_sender.values():
        assert len(set(nonces)) == len(nonces)


def test_unknown_design_party_or_message_raise():
    with pytest.raises(ValueError):
        enc.message_flow(design="magic")
    with pytest.raises(ValueError):
        enc.party_view(party="nobody")
    with pytest.raises(ValueError):
        enc.party_view(message=0)
    with pytest.raises(ValueError):
        enc.party_view(message=len(enc.STUDY_GROUP_CHAT) + 1)


def _visible(design, party, message=1):
    return {r["field"]: r["visible"] for r in enc.party_view(design, party, message)}


@pytest.mark.parametrize("message", [1, 2, len(enc.STUDY_GROUP_CHAT)])  # default, min, max
def test_party_view_expected_visibility(message):
    for design in enc.DESIGNS:
        for party in enc.PARTIES:
            v = _visible(design, party, message)
            assert list(v) == list(enc.FIELDS)
            # metadata: sender, time and size are visible to everyone, always
            assert v["sender"] and v["time sent"] and v["size on the wire (bytes)"]
    assert enc.readers_of_content("no encryption", message) == list(enc.PARTIES)
    assert "network observer" not in enc.readers_of_content("transport only (to the server)", message)
    assert enc.readers_of_content("end-to-end", message) == ["sender", "recipient"]
    assert enc.readers_of_content("end-to-end + escrowed key", message) == ["sender", "recipient", "escrow key holder"]
    assert not _visible("end-to-end", "network observer", message)["recipient"]


def test_party_view_shows_real_text_or_ciphertext():
    rows = enc.party_view("end-to-end", "recipient", 2)
    assert rows[0]["value"] == enc.STUDY_GROUP_CHAT[1].text
    server = enc.party_view("end-to-end", "relay server", 2)[0]["value"]
    assert server.startswith("hidden: ciphertext") and enc.STUDY_GROUP_CHAT[1].text not in server
    escrow = enc.party_view("end-to-end + escrowed key", "escrow key holder", 2)[0]["value"]
    assert escrow == enc.STUDY_GROUP_CHAT[1].text


def test_party_view_is_fast_enough_for_a_widget():
    start = time.perf_counter()
    for _ in range(10):
        enc.party_view("end-to-end + escrowed key", "escrow key holder", 4)
    assert (time.perf_counter() - start) / 10 < 0.1


def test_visibility_matrix_shape_and_figures():
    vm = enc.visibility_matrix()
    assert vm.shape == (len(enc.PARTIES), len(enc.FIELDS))
    fig = enc.plot_visibility()
    assert len([a for a in fig.axes if a.get_title()]) == len(enc.DESIGNS)
    for ax in fig.axes[: len(enc.DESIGNS)]:
        assert ax.get_xlabel() and ax.get_ylabel()
    fig2 = enc.scanning_diagram()
    assert fig2.axes[0].get_title()
    html = enc.render_view(enc.party_view())
    assert "<table>" in html and "🔒" in html
    assert "Cannot see" in enc.describe_view(enc.party_view())


# ------------------------------------------------------------- metadata log
def test_log_is_seeded_synthetic_and_well_formed():
    a, b = ml.generate_log(seed=6), ml.generate_log(seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(ml.generate_log(seed=7))
    assert len(a) == 400 and a["synthetic"].all()
    assert a["timestamp"].is_monotonic_increasing
    assert (a["timestamp"].dt.date.astype(str) == ml.DAY).all()
    assert (a["sender"] != a["recipient"]).all()
    assert (a["size_bytes"] > ml.TAG_AND_HEADER_BYTES).all()
    assert set(a["sender"]) <= set(ml.USERS)


@pytest.mark.parametrize("n", [1, 400, 5000])  # min, default, large
def test_log_sizes_and_analysis(n):
    log = ml.generate_log(n_messages=n)
    assert len(log) == n
    assert sum(ml.sent_per_user(log).values()) == n
    assert ml.messages_by_hour(log).sum() == n and len(ml.messages_by_hour(log)) == 24
    assert 0 <= ml.peak_hour(log) <= 23
    assert len(ml.top_pair(log)) == 2
    assert sum(ml.bytes_per_user(log).values()) == log["size_bytes"].sum()
    with pytest.raises(ValueError):
        ml.generate_log(n_messages=0)


def test_default_log_answers_independent_recomputation():
    log = ml.generate_log()
    pair = log.apply(lambda r: tuple(sorted((r["sender"], r["recipient"]))), axis=1).value_counts()
    assert list(pair.index[0]) == ml.top_pair(log)
    assert ml.peak_hour(log) == log["timestamp"].dt.hour.value_counts().idxmax()
    assert ml.plot_hours(log).axes[0].get_ylabel() == "messages (count)"
    assert ml.plot_pairs(log).axes[0].get_title()


# --------------------------------------------------------------- questions
def test_questions_accept_reference_and_reject_known_wrong():
    from coursekit.questions import l06

    for q in l06.QUESTIONS:
        assert evaluate(q.id, q.expected()).passed, q.id
        assert evaluate(q.id, ...).status == "not answered"
    assert "nonce" in evaluate("06.overhead", 12).message
    assert not evaluate("06.e2e_readers", ["sender", "recipient", "relay server"]).passed
    assert not evaluate("06.tamper_error", "no error").passed
    assert not evaluate("06.busiest_pair", ["Ana"]).passed


# --------------------------------------------------------------- widget (kernel)
def test_view_demo_reacts_to_controls(kernel):
    kernel.run("from coursekit import encryption as enc\n"
               "d = enc.view_demo()\n"
               "before = d.summary.value")
    assert "Cannot see" in kernel.run("print(d.summary.value)")
    assert kernel.run("print(d.result[0]['visible'])").strip() == "False"  # server, end-to-end
    kernel.run("d.controls['design'].value = 'no encryption'")
    assert kernel.run("print(d.result[0]['visible'])").strip() == "True"
    assert kernel.run("print(d.summary.value != before)").strip() == "True"
    kernel.run("d.controls['design'].value = 'end-to-end + escrowed key'\n"
               "d.controls['party'].value = 'escrow key holder'")
    assert kernel.run("print(d.result[0]['visible'], d.error)").strip() == "True None"
    kernel.run("d.controls['message'].value = d.controls['message'].max")
    assert kernel.run("print(d.result[0]['value'] == enc.STUDY_GROUP_CHAT[-1].text)").strip() == "True"
    kernel.run("d.controls['message'].value = d.controls['message'].min\n"
               "d.controls['party'].value = 'network observer'")
    out = kernel.run("print(d.result[2]['visible'], d.error)")
    assert out.strip() == "False None"
