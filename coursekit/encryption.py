"""Lesson 06 "Encryption 101": tested reference code and demo compute functions.

Everything cryptographic here uses the maintained ``cryptography`` library
(https://cryptography.io): AES-256-GCM for authenticated symmetric encryption,
X25519 for public-key key agreement and HKDF-SHA256 to turn a shared secret
into a key. Nothing here is a toy cipher.

Reproducibility versus real use
-------------------------------
Real use: keys come from the operating system's random generator
(``make_keypair()`` with no seed) and every AES-GCM nonce is fresh random bytes.
**A nonce must never repeat for the same key**: reusing one leaks the XOR of
the two plaintexts and lets an attacker forge messages.

Tests and the printed outputs of the lesson need the same bytes on every run,
so the demo functions accept ``seed=...``: keys are then derived from the seed
(never do this for real secrets) and nonces come from a per-key counter, which
never repeats within one flow. The demo is a model of a messaging service, not
a secure messenger: it has no key verification, no forward secrecy and no
protection of the keys on the devices.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "InvalidTag", "KEY_BYTES", "NONCE_BYTES", "TAG_BYTES",
    "make_key", "make_keypair", "public_bytes", "derive_shared_key",
    "encrypt", "decrypt", "tamper",
    "StudyMessage", "STUDY_GROUP_CHAT", "DESIGNS", "PARTIES", "FIELDS",
    "message_flow", "party_view", "visibility_matrix", "readers_of_content",
    "plot_visibility", "render_view", "describe_view", "view_demo",
    "scanning_diagram",
]

KEY_BYTES = 32    # AES-256
NONCE_BYTES = 12  # 96-bit nonce, the size GCM is designed for
TAG_BYTES = 16    # 128-bit authentication tag appended to every ciphertext
HKDF_INFO = b"coursekit lesson 06 demo chat v1"


# --------------------------------------------------------------------------- keys
def _seeded_bytes(seed, label: str, n: int = 32) -> bytes:
    """Deterministic bytes for *demos and tests only* (never for real secrets)."""
    return hashlib.sha256(f"coursekit-06|{seed}|{label}".encode()).digest()[:n]


def make_key(seed=None, label: str = "key") -> bytes:
    """A 32-byte AES-256 key: random (real use) or derived from ``seed`` (tests)."""
    if seed is None:
        return AESGCM.generate_key(bit_length=256)
    return _seeded_bytes(seed, label, KEY_BYTES)


def make_keypair(seed=None, label: str = "party") -> X25519PrivateKey:
    """An X25519 private key (its public half is ``.public_key()``).

    ``seed=None`` draws fresh randomness, as a real app does; a seed gives the
    same key pair every time, for reproducible lessons and tests only.
    """
    if seed is None:
        return X25519PrivateKey.generate()
    return X25519PrivateKey.from_private_bytes(_seeded_bytes(seed, label, 32))


def public_bytes(key) -> bytes:
    """The 32 raw bytes of a public key (what is sent to the server to publish)."""
    if isinstance(key, X25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def derive_shared_key(own_private: X25519PrivateKey, peer_public, info: bytes = HKDF_INFO) -> bytes:
    """X25519 key agreement, then HKDF-SHA256 to a 32-byte AES key.

    Both sides get the same key: ``derive(a_priv, b_pub) == derive(b_priv, a_pub)``.
    Anyone who holds only the two *public* keys cannot compute it.
    """
    if isinstance(peer_public, (bytes, bytearray)):
        peer_public = X25519PublicKey.from_public_bytes(bytes(peer_public))
    secret = own_private.exchange(peer_public)
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(secret)


# ------------------------------------------------------------------ AES-GCM
def encrypt(key: bytes, plaintext, associated_data: bytes | None = None,
            nonce: bytes | None = None) -> tuple[bytes, bytes]:
    """AES-GCM encrypt; return ``(nonce, ciphertext)``.

    ``ciphertext`` is the encrypted text followed by a 16-byte tag, so it is
    exactly ``len(plaintext) + 16`` bytes long. ``nonce=None`` draws 12 random
    bytes: in real use never pass the same nonce twice with one key.
    ``associated_data`` is authenticated but not encrypted (e.g. a routing header).
    """
    if isinstance(plaintext, str):
        plaintext = plaintext.encode("utf-8")
    if nonce is None:
        nonce = os.urandom(NONCE_BYTES)
    if len(nonce) != NONCE_BYTES:
        raise ValueError(f"nonce must be {NONCE_BYTES} bytes, got {len(nonce)}")
    return nonce, AESGCM(key).encrypt(nonce, bytes(plaintext), associated_data)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes,
            associated_data: bytes | None = None) -> bytes:
    """AES-GCM decrypt. Raises ``cryptography.exceptions.InvalidTag`` if the
    ciphertext, nonce, associated data or key is wrong or was changed."""
    return AESGCM(key).decrypt(nonce, bytes(ciphertext), associated_data)


def tamper(ciphertext: bytes, position: int = 0, bit: int = 0) -> bytes:
    """Return a copy of ``ciphertext`` with one bit flipped (an attacker's edit)."""
    if not ciphertext:
        raise ValueError("nothing to tamper with: the ciphertext is empty")
    data = bytearray(ciphertext)
    data[position % len(data)] ^= 1 << (bit % 8)
    return bytes(data)


# ------------------------------------------------------------- message flow
@dataclass(frozen=True)
class StudyMessage:
    sender: str
    recipient: str
    sent_at: str  # ISO 8601 local time
    text: str


#: A benign example conversation: two students plan a study group.
STUDY_GROUP_CHAT = (
    StudyMessage("Ana", "Budi", "2026-03-02T19:04", "Study group for the statistics exam on Thursday?"),
    StudyMessage("Budi", "Ana", "2026-03-02T19:06", "Yes! Library room 2.01 at 4 pm works for me."),
    StudyMessage("Ana", "Budi", "2026-03-02T19:07", "Great. I'll bring last year's practice questions."),
    StudyMessage("Budi", "Ana", "2026-03-02T19:15", "I'll ask Citra to join too. See you there."),
)

#: Service designs compared in the demo: (label, transport encryption, end-to-end, escrow).
DESIGNS = {
    "no encryption": dict(transport=False, e2e=False, escrow=False),
    "transport only (to the server)": dict(transport=True, e2e=False, escrow=False),
    "end-to-end": dict(transport=True, e2e=True, escrow=False),
    "end-to-end + escrowed key": dict(transport=True, e2e=True, escrow=True),
}
PARTIES = ("sender", "network observer", "relay server", "recipient", "escrow key holder")
FIELDS = ("message text", "sender", "recipient", "time sent", "size on the wire (bytes)")
HIDDEN = "hidden"


class _NonceSource:
    """Fresh random nonces (real use) or a per-key counter (seeded demos)."""

    def __init__(self, seed):
        self.seed = seed
        self.counters: dict[bytes, int] = {}

    def __call__(self, key: bytes) -> bytes:
        if self.seed is None:
            return os.urandom(NONCE_BYTES)
        n = self.counters.get(key, 0)
        self.counters[key] = n + 1
        return b"\x00\x00\x00\x06" + n.to_bytes(8, "big")


@dataclass
class Flow:
    """Everything that happened when the chat went through the relay."""

    design: str
    keys: dict            # party -> {"public": hex, "holds": [key names]}
    envelopes: list       # what the server stores (JSON-able dicts, bytes as hex)
    wire: list            # what crosses the network from the sender to the server (bytes)
    delivered: list       # plaintexts the recipient decrypted
    secrets: dict = field(repr=False, default_factory=dict)  # key name -> bytes


def _header(m: StudyMessage) -> dict:
    return {"from": m.sender, "to": m.recipient, "sent_at": m.sent_at}


def message_flow(messages=STUDY_GROUP_CHAT, design: str = "end-to-end", seed=None) -> Flow:
    """Send ``messages`` through a relay server under one of :data:`DESIGNS`.

    Step by step, for each message:
    1. the sender's app encrypts the text end to end (if the design says so),
       with a key both users derived by X25519 + HKDF; the routing header
       (from, to, time) stays readable because the server needs it;
    2. with key escrow, a copy of that message key is encrypted to the escrow
       holder's public key and attached;
    3. the envelope travels to the server inside transport encryption (TLS-like,
       modelled with AES-GCM between the device and the server) if the design uses it;
    4. the server stores and forwards the envelope; the recipient decrypts.

    Pure and deterministic when ``seed`` is given; with ``seed=None`` every key
    and nonce is fresh randomness.
    """
    if design not in DESIGNS:
        raise ValueError(f"unknown design {design!r}; choose one of {list(DESIGNS)}")
    d = DESIGNS[design]
    nonce = _NonceSource(seed)
    users = sorted({m.sender for m in messages} | {m.recipient for m in messages})
    priv = {u: make_keypair(seed, f"user:{u}") for u in users}
    escrow_priv = make_keypair(seed, "escrow")
    server_link = {u: make_key(seed, f"link:{u}") for u in users}  # stands in for a TLS session
    secrets = {f"transport key {u}<->server": k for u, k in server_link.items()}

    envelopes, wire, delivered = [], [], []
    for m in messages:
        header = _header(m)
        aad = json.dumps(header, sort_keys=True).encode()
        body = {"header": header}
        if d["e2e"]:
            k = derive_shared_key(priv[m.sender], priv[m.recipient].public_key())
            secrets[f"chat key {'+'.join(sorted((m.sender, m.recipient)))}"] = k
            n, ct = encrypt(k, m.text, aad, nonce(k))
            body.update(nonce=n.hex(), ciphertext=ct.hex())
            if d["escrow"]:
                eph = make_keypair(seed, f"escrow-ephemeral:{len(envelopes)}")
                wrap_key = derive_shared_key(eph, escrow_priv.public_key(), info=b"escrow wrap")
                wn, wrapped = encrypt(wrap_key, k, aad, nonce(wrap_key))
                body["escrow"] = {"ephemeral_public": public_bytes(eph).hex(),
                                  "nonce": wn.hex(), "wrapped_key": wrapped.hex()}
        else:
            body["text"] = m.text
        envelope_bytes = json.dumps(body, sort_keys=True).encode()
        if d["transport"]:
            k_link = server_link[m.sender]
            tn, tct = encrypt(k_link, envelope_bytes, None, nonce(k_link))
            on_wire = tn + tct
        else:
            on_wire = envelope_bytes
        wire.append(on_wire)
        envelopes.append(body)
        delivered.append(_open_envelope(body, priv[m.recipient], priv[m.sender].public_key()))

    keys = {}
    for u in users:
        holds = [f"own X25519 private key ({u})"]
        if d["transport"]:
            holds.append(f"transport key {u}<->server")
        keys[u] = {"public": public_bytes(priv[u]).hex(), "holds": holds}
    keys["relay server"] = {"public": None,
                            "holds": [f"transport key {u}<->server" for u in users] if d["transport"] else []}
    keys["escrow key holder"] = {"public": public_bytes(escrow_priv).hex(),
                                 "holds": ["escrow private key"] if d["escrow"] else []}
    secrets["_escrow_private"] = escrow_priv
    secrets["_user_private"] = priv
    return Flow(design, keys, envelopes, wire, delivered, secrets)


def _open_envelope(body: dict, recipient_priv, sender_pub) -> str:
    if "text" in body:
        return body["text"]
    k = derive_shared_key(recipient_priv, sender_pub)
    aad = json.dumps(body["header"], sort_keys=True).encode()
    return decrypt(k, bytes.fromhex(body["nonce"]), bytes.fromhex(body["ciphertext"]), aad).decode()


def _escrow_open(body: dict, escrow_priv) -> str | None:
    """What the escrow holder can read from a stored envelope, using only its key."""
    if "escrow" not in body:
        return None
    e = body["escrow"]
    aad = json.dumps(body["header"], sort_keys=True).encode()
    wrap_key = derive_shared_key(escrow_priv, bytes.fromhex(e["ephemeral_public"]), info=b"escrow wrap")
    k = decrypt(wrap_key, bytes.fromhex(e["nonce"]), bytes.fromhex(e["wrapped_key"]), aad)
    return decrypt(k, bytes.fromhex(body["nonce"]), bytes.fromhex(body["ciphertext"]), aad).decode()


def _preview(b: bytes, n: int = 12) -> str:
    return b[:n].hex() + ("…" if len(b) > n else "")


def party_view(design: str = "end-to-end", party: str = "relay server", message: int = 1,
               messages=STUDY_GROUP_CHAT, seed=6) -> list[dict]:
    """What ``party`` can see of message number ``message`` (1-based) under ``design``.

    Returns rows ``{"field", "value", "visible"}``. Content visibility is not
    looked up in a table: each party tries to open what it actually receives
    with the keys it actually holds, and the attempt succeeds or fails.
    """
    if party not in PARTIES:
        raise ValueError(f"unknown party {party!r}; choose one of {PARTIES}")
    if not 1 <= int(message) <= len(messages):
        raise ValueError(f"message must be between 1 and {len(messages)}")
    i = int(message) - 1
    flow = message_flow(messages, design, seed)
    m, body, on_wire = messages[i], flow.envelopes[i], flow.wire[i]
    d = DESIGNS[design]
    size = len(on_wire)

    def row(name, value, visible):
        return {"field": name, "value": value if visible else f"{HIDDEN}: {value}", "visible": bool(visible)}

    if party in ("sender", "recipient"):
        text = m.text if party == "sender" else flow.delivered[i]
        return [row("message text", text, True), row("sender", m.sender, True),
                row("recipient", m.recipient, True), row("time sent", m.sent_at, True),
                row("size on the wire (bytes)", size, True)]

    if party == "network observer":
        # Sees raw bytes between the sender's device and the server, plus when and how many.
        readable = None if d["transport"] else json.loads(on_wire)
        content = readable.get("text") if readable else None
        return [
            row("message text", content if content is not None else "ciphertext " + _preview(on_wire[NONCE_BYTES:]),
                content is not None),
            row("sender", m.sender + "'s device (network address)", True),
            row("recipient", m.recipient if readable else "only 'relay server'", readable is not None),
            row("time sent", m.sent_at, True),
            row("size on the wire (bytes)", size, True),
        ]

    if party == "relay server":
        content = body.get("text")
        return [
            row("message text", content if content is not None else "ciphertext " + _preview(bytes.fromhex(body["ciphertext"])),
                content is not None),
            row("sender", m.sender, True), row("recipient", m.recipient, True),
            row("time sent", m.sent_at, True), row("size on the wire (bytes)", size, True),
        ]

    # escrow key holder: receives the stored envelopes from the server (e.g. under a
    # warrant) and can open them only if the design attached a copy of the key.
    content = body.get("text")
    if content is None:
        content = _escrow_open(body, flow.secrets["_escrow_private"]) if d["escrow"] else None
    shown = content if content is not None else "ciphertext " + _preview(bytes.fromhex(body["ciphertext"]))
    return [row("message text", shown, content is not None),
            row("sender", m.sender, True), row("recipient", m.recipient, True),
            row("time sent", m.sent_at, True), row("size on the wire (bytes)", size, True)]


def visibility_matrix(design: str = "end-to-end", message: int = 1, seed=6):
    """A parties x fields table of True/False: can this party see this field?"""
    import pandas as pd

    data = {p: {r["field"]: r["visible"] for r in party_view(design, p, message, seed=seed)}
            for p in PARTIES}
    return pd.DataFrame(data).T.loc[list(PARTIES), list(FIELDS)]


def readers_of_content(design: str, message: int = 1, seed=6) -> list[str]:
    """The parties that can read the message text under ``design``."""
    vm = visibility_matrix(design, message, seed)
    return [p for p in PARTIES if vm.loc[p, "message text"]]


# ---------------------------------------------------------------- rendering
def plot_visibility(designs=tuple(DESIGNS), message: int = 1, seed=6):
    """One panel per design: which party (rows) sees which field (columns)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from .style import PALETTE

    designs = list(designs)
    ncols = 2 if len(designs) > 1 else 1
    nrows = (len(designs) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(10, 3.3 * nrows), squeeze=False)
    cmap = ListedColormap(["#DDDDDD", PALETTE["blue"]])
    short = ["text", "sender", "recipient", "time", "size"]
    for ax, design in zip(axes.flat, designs):
        vm = visibility_matrix(design, message, seed).astype(int)
        ax.imshow(vm.to_numpy(), cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for (r, c), v in zip([(r, c) for r in range(vm.shape[0]) for c in range(vm.shape[1])],
                             vm.to_numpy().ravel()):
            ax.text(c, r, "sees" if v else "—", ha="center", va="center",
                    color="white" if v else "black", fontsize=8)
        ax.set_xticks(range(len(short)), short, fontsize=8)
        ax.set_yticks(range(len(PARTIES)), PARTIES, fontsize=8)
        ax.set_title(design, fontsize=10)
        ax.set_xlabel("what is sent (field of one message)")
        ax.set_ylabel("party")
        for s in ax.spines.values():
            s.set_visible(False)
    for ax in list(axes.flat)[len(designs):]:
        ax.axis("off")
    fig.suptitle(f"What each party can see of message {message} (blue = visible)", fontweight="bold")
    fig.tight_layout()
    return fig


def render_view(rows: list[dict]) -> str:
    """An HTML table of a :func:`party_view` result."""
    import html

    lines = ["<table><tr><th style='text-align:left'>field</th><th style='text-align:left'>what this party sees</th></tr>"]
    for r in rows:
        mark = "👁️ " if r["visible"] else "🔒 "
        lines.append(f"<tr><td style='text-align:left'>{html.escape(r['field'])}</td>"
                     f"<td style='text-align:left'>{mark}{html.escape(str(r['value']))}</td></tr>")
    return "".join(lines) + "</table>"


def describe_view(rows: list[dict]) -> str:
    seen = [r["field"] for r in rows if r["visible"]]
    hidden = [r["field"] for r in rows if not r["visible"]]
    return (f"<b>Sees:</b> {', '.join(seen) or 'nothing'}. "
            f"<b>Cannot see:</b> {', '.join(hidden) or 'nothing hidden'}.")


def view_demo(seed=6):
    """The "what each party sees" demo: choose a design, a party and a message."""
    import ipywidgets as widgets

    from .widgets import Demo, slider

    style = {"description_width": "initial"}
    controls = {
        "design": widgets.Dropdown(options=list(DESIGNS), value="end-to-end",
                                   description="Service design", style=style),
        "party": widgets.Dropdown(options=list(PARTIES), value="relay server",
                                  description="Party", style=style),
        "message": slider("Message number", 1, 1, len(STUDY_GROUP_CHAT), 1,
                          unit="of the chat", integer=True),
    }
    return Demo(controls, compute=lambda design, party, message: party_view(design, party, message, seed=seed),
                render=render_view, describe=describe_view, title="What each party sees")


# ----------------------------------------------------------------- diagram
def scanning_diagram():
    """Boxes and arrows: where scanning can sit in three designs."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from .style import PALETTE

    rows = [
        ("A. No end-to-end encryption: server-side scanning",
         [("Sender's\ndevice", None), ("Relay server\n(reads plaintext)", "SCAN"), ("Recipient's\ndevice", None)],
         ["plaintext*", "plaintext*"]),
        ("B. End-to-end encryption: the server holds only ciphertext",
         [("Sender's device\nencrypts", None), ("Relay server\n(cannot read)", "content scanning\nnot possible here"),
          ("Recipient's device\ndecrypts", None)],
         ["ciphertext", "ciphertext"]),
        ("C. End-to-end encryption + client-side scanning",
         [("Sender's device:\nscan, then encrypt", "SCAN"), ("Relay server\n(cannot read)", None),
          ("Recipient's device\ndecrypts", None)],
         ["ciphertext", "ciphertext"]),
    ]
    fig, ax = plt.subplots(figsize=(9.5, 6.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.9, 9.4)
    ax.axis("off")
    xs = [0.3, 3.9, 7.5]
    w, h = 2.2, 1.3
    for r, (title, boxes, labels) in enumerate(rows):
        y = 6.7 - r * 3.1
        ax.text(0.3, y + h + 0.35, title, fontsize=10, fontweight="bold", va="bottom")
        for x, (label, scan) in zip(xs, boxes):
            face = PALETTE["sky"] if "server" in label.lower() else "#F2F2F2"
            ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.05",
                                        facecolor=face, edgecolor="black", linewidth=1))
            ax.text(x + w / 2, y + h / 2, label, ha="center", va="center", fontsize=9)
            if scan:
                color = PALETTE["vermillion"] if scan == "SCAN" else "#777777"
                ax.text(x + w / 2, y - 0.3, scan, ha="center", va="top", fontsize=8.5,
                        color=color, fontweight="bold")
                if scan == "SCAN":
                    ax.add_patch(FancyBboxPatch((x - 0.08, y - 0.08), w + 0.16, h + 0.16,
                                                boxstyle="round,pad=0.05", fill=False,
                                                edgecolor=color, linewidth=2.2, linestyle="--"))
        for k, lab in enumerate(labels):
            x0, x1 = xs[k] + w + 0.15, xs[k + 1] - 0.15
            ax.add_patch(FancyArrowPatch((x0, y + h / 2), (x1, y + h / 2), arrowstyle="-|>",
                                         mutation_scale=14, color=PALETTE["blue"], linewidth=1.6))
            ax.text((x0 + x1) / 2, y + h / 2 + 0.15, lab, ha="center", va="bottom", fontsize=8,
                    color=PALETTE["blue"])
    ax.text(0.3, -0.75, "* usually inside transport encryption (TLS) on the network, but readable at the server.\n"
            "Dashed vermillion frame and SCAN = where content scanning runs.", fontsize=8, color="#333333")
    ax.set_title("Where can messages be scanned? (left to right: the path of one message)", pad=2)
    return fig
