"""Self-check questions of lesson 06 "Encryption 101".

Expected values are computed by the reference code in coursekit.encryption and
coursekit.metadata_log, never typed in.
"""
from __future__ import annotations

from coursekit import encryption as enc
from coursekit import metadata_log as ml
from coursekit.checks import Question

#: The fixed inputs the exercises use (the notebook uses the same ones).
MESSAGE = "Study group moved to Thursday 4 pm, library room 2.01."
KEY_SEED = "exercise-06"


def _roundtrip() -> str:
    key = enc.make_key(seed=KEY_SEED)
    nonce, ct = enc.encrypt(key, MESSAGE)
    return enc.decrypt(key, nonce, ct).decode("utf-8")


def _overhead() -> int:
    key = enc.make_key(seed=KEY_SEED)
    _, ct = enc.encrypt(key, MESSAGE)
    return len(ct) - len(MESSAGE.encode("utf-8"))


def _tamper_error() -> str:
    key = enc.make_key(seed=KEY_SEED)
    nonce, ct = enc.encrypt(key, MESSAGE)
    try:
        enc.decrypt(key, nonce, enc.tamper(ct, position=5))
    except Exception as exc:  # noqa: BLE001 - we want the class name
        return type(exc).__name__
    return "no error"


def _log():
    return ml.generate_log()


QUESTIONS = [
    Question(
        id="06.roundtrip", kind="text", expected=_roundtrip,
        known_wrong=[(lambda a: a.startswith("b'") or a.startswith('b"'),
                      "That looks like the printed form of bytes. Use .decode('utf-8') to get text."),
                     (lambda a: all(c in "0123456789abcdef" for c in a.strip().lower()),
                      "That looks like hexadecimal ciphertext. Decrypt it with the same key and nonce.")],
        hint="Decrypt the ciphertext with the same key and nonce, then .decode('utf-8') the bytes.",
    ),
    Question(
        id="06.overhead", kind="integer", expected=_overhead,
        known_wrong=[(lambda a: a == enc.NONCE_BYTES,
                      "12 is the nonce length, but the nonce is returned separately, not inside the ciphertext."),
                     (lambda a: a == 0, "Compare len(ciphertext) with len(the message as bytes): they differ.")],
        hint="Compute len(ciphertext) - len(message.encode('utf-8')).",
    ),
    Question(
        id="06.tamper_error", kind="text", expected=_tamper_error,
        known_wrong=[(lambda a: a.strip() == "no error",
                      "Decrypting a changed ciphertext must fail. Did you decrypt the tampered bytes?"),
                     (lambda a: "decode" in a.lower() or a.strip() == "ValueError",
                      "AES-GCM checks the tag before it returns anything: the error comes from decrypt itself.")],
        hint="Catch the exception from enc.decrypt(...) and store type(err).__name__.",
    ),
    Question(
        id="06.e2e_readers", kind="set",
        expected=lambda: enc.readers_of_content("end-to-end"),
        known_wrong=[(lambda a: "relay server" in a,
                      "Under end-to-end encryption the server stores only ciphertext. Check the demo again."),
                     (lambda a: "escrow key holder" in a,
                      "Only the 'end-to-end + escrowed key' design gives the escrow holder a key copy.")],
        hint="Use the demo or enc.party_view(design, party) for each party and look at 'message text'.",
    ),
    Question(
        id="06.escrow_readers", kind="set",
        expected=lambda: enc.readers_of_content("end-to-end + escrowed key"),
        known_wrong=[(lambda a: "escrow key holder" not in a,
                      "The escrowed copy of the message key lets its holder decrypt. Who holds it?"),
                     (lambda a: "relay server" in a,
                      "The server stores the wrapped key but cannot unwrap it without the escrow private key.")],
        hint="Compare the 'message text' row for each party under 'end-to-end + escrowed key'.",
    ),
    Question(
        id="06.busiest_pair", kind="set", expected=lambda: ml.top_pair(_log()),
        known_wrong=[(lambda a: len(a) != 2, "Give exactly two names, e.g. ['Dewi', 'Eko'].")],
        hint="Count messages per pair regardless of direction (A→B and B→A together).",
    ),
    Question(
        id="06.peak_hour", kind="integer", expected=lambda: ml.peak_hour(_log()),
        known_wrong=[(lambda a: not 0 <= a <= 23, "An hour of the day is a whole number from 0 to 23.")],
        hint="Use log['timestamp'].dt.hour, count messages per hour and take the hour with the most.",
    ),
    Question(
        id="06.sent_per_user", kind="mapping", expected=lambda: ml.sent_per_user(_log()),
        known_wrong=[(lambda a: a == {k: int(v) for k, v in _log()['recipient'].value_counts().items()},
                      "Those are messages received. The question asks how many each person sent.")],
        hint="log['sender'].value_counts().to_dict() gives messages sent per person.",
    ),
]
