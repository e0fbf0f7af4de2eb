"""The Merkle log agrees with RFC 6962 and with Certificate Transparency's published vectors.

Three independent checks (issue #5): a reference written here straight from the RFC's
recursive definitions, the test vectors every CT implementation is tested against, and
Hypothesis properties over random trees of up to 300 leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council.domain.merkle import (
    EMPTY_ROOT,
    CompactRange,
    consistency_proof,
    extended_proofs,
    inclusion_proof,
    leaf_hash,
    node_hash,
    push_leaf,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

# --- A reference written from RFC 6962 §2.1, recursion and all ------------------------------


def _k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: Sequence[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes (so MTH({d0}) is d0 itself)."""
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:])).digest()


def ref_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of §2.1.1."""
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of §2.1.2."""
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = _k(n)
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def ref_proof(m: int, d: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m <= n."""
    return ref_subproof(m, d, True)


# --- Certificate Transparency's published test vectors --------------------------------------
# Data only, from transparency-dev/merkle (the CT team's Go library):
#   testonly/constants.go  (LeafInputs, NodeHashes, RootHashes, CompactTrees)
#   proof/verify_test.go   (inclusionProofs, consistencyProofs; leaf numbers there are 1-based)
# https://github.com/transparency-dev/merkle — the same values appear in
# google/certificate-transparency-go merkletree/merkle_verifier_test.go.

CT_ENTRIES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
CT_LEAVES = [leaf_hash(entry) for entry in CT_ENTRIES]

# Roots of the trees of size 0..8 (size 0 is SHA-256 of the empty string).
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# Every perfect subtree of the 8-leaf tree: level -> hashes left to right.
CT_NODES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]


def _node(level: int, index: int) -> str:
    return CT_NODES[level][index]


# CompactTrees: the frontier after each size 0..8, as (level, index) of CT_NODES.
CT_FRONTIERS: list[list[tuple[int, int]]] = [
    [],
    [(0, 0)],
    [(1, 0)],
    [(1, 0), (0, 2)],
    [(2, 0)],
    [(2, 0), (0, 4)],
    [(2, 0), (1, 2)],
    [(2, 0), (1, 2), (0, 6)],
    [(3, 0)],
]

# (index, size, proof); indexes here are 0-based.
CT_INCLUSION = [
    (0, 1, []),
    (0, 8, [_node(0, 1), _node(1, 1), _node(2, 1)]),
    (5, 8, [_node(0, 4), _node(1, 3), _node(2, 0)]),
    (2, 3, [_node(1, 0)]),
    (1, 5, [_node(0, 0), _node(1, 1), _node(0, 4)]),
]

# (old size, new size, proof)
CT_CONSISTENCY = [
    (1, 1, []),
    (1, 8, [_node(0, 1), _node(1, 1), _node(2, 1)]),
    (6, 8, [_node(1, 2), _node(1, 3), _node(2, 0)]),
    (2, 5, [_node(1, 1), _node(0, 4)]),
    (6, 7, [_node(1, 2), _node(0, 6), _node(2, 0)]),
]


def _hexes(hashes: Sequence[bytes]) -> list[str]:
    return [h.hex() for h in hashes]


# --- Hashing ---------------------------------------------------------------------------------


def test_the_empty_root_is_sha256_of_the_empty_string() -> None:
    assert EMPTY_ROOT.hex() == CT_ROOTS[0]
    assert tree_root([]) == EMPTY_ROOT
    assert CompactRange().root() == EMPTY_ROOT


def test_leaves_and_nodes_are_hashed_with_the_0x00_and_0x01_prefixes() -> None:
    assert leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert leaf_hash(b"").hex() == CT_ROOTS[1]
    assert node_hash(CT_LEAVES[0], CT_LEAVES[1]).hex() == CT_ROOTS[2]


# --- Known answers: the RFC's definitions ---------------------------------------------------

SMALL_TREES = [(n, m) for n in range(1, 9) for m in range(n + 1)]


@pytest.mark.parametrize("size", range(1, 9))
def test_the_root_of_every_tree_up_to_8_leaves_is_the_rfcs_mth(size: int) -> None:
    assert tree_root(CT_LEAVES[:size]) == ref_mth(CT_LEAVES[:size])


@pytest.mark.parametrize(("size", "index"), [(n, m) for n, m in SMALL_TREES if m < n])
def test_every_inclusion_proof_up_to_8_leaves_is_the_rfcs_path(size: int, index: int) -> None:
    leaves = CT_LEAVES[:size]
    proof = inclusion_proof(index, leaves)

    assert proof == ref_path(index, leaves)
    assert verify_inclusion(index, size, leaves[index], proof, ref_mth(leaves))


@pytest.mark.parametrize(("size", "old_size"), SMALL_TREES)
def test_every_consistency_proof_up_to_8_leaves_is_the_rfcs_proof(size: int, old_size: int) -> None:
    leaves = CT_LEAVES[:size]
    proof = consistency_proof(old_size, leaves)

    assert proof == ([] if old_size == 0 else ref_proof(old_size, leaves))
    assert verify_consistency(old_size, size, ref_mth(leaves[:old_size]), ref_mth(leaves), proof)


# --- Known answers: Certificate Transparency's vectors --------------------------------------


@pytest.mark.parametrize(("size", "root"), enumerate(CT_ROOTS))
def test_the_root_of_each_ct_tree_is_the_published_one(size: int, root: str) -> None:
    assert tree_root(CT_LEAVES[:size]).hex() == root


@pytest.mark.parametrize(("size", "nodes"), enumerate(CT_FRONTIERS))
def test_the_compact_range_of_each_ct_tree_is_the_published_frontier(
    size: int, nodes: list[tuple[int, int]]
) -> None:
    compact = CompactRange()
    for leaf in CT_LEAVES[:size]:
        compact, _ = compact.append(leaf)

    assert compact.to_json() == [_node(level, index) for level, index in nodes]
    assert compact.root().hex() == CT_ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), CT_INCLUSION)
def test_the_ct_inclusion_proofs_are_built_and_verified(
    index: int, size: int, proof: list[str]
) -> None:
    leaves = CT_LEAVES[:size]
    root = bytes.fromhex(CT_ROOTS[size])
    hashes = [bytes.fromhex(h) for h in proof]

    assert _hexes(inclusion_proof(index, leaves)) == proof
    assert verify_inclusion(index, size, leaves[index], hashes, root)
    for wrong in _corrupt_inclusion(index, size, leaves[index], hashes, root):
        assert not verify_inclusion(*wrong), wrong


@pytest.mark.parametrize(("old_size", "size", "proof"), CT_CONSISTENCY)
def test_the_ct_consistency_proofs_are_built_and_verified(
    old_size: int, size: int, proof: list[str]
) -> None:
    old_root, root = bytes.fromhex(CT_ROOTS[old_size]), bytes.fromhex(CT_ROOTS[size])
    hashes = [bytes.fromhex(h) for h in proof]

    assert _hexes(consistency_proof(old_size, CT_LEAVES[:size])) == proof
    assert verify_consistency(old_size, size, old_root, root, hashes)
    if hashes:
        for wrong in _corrupt_consistency(old_size, size, old_root, root, hashes):
            assert not verify_consistency(*wrong), wrong


SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
R1, R2 = leaf_hash(b"root 1"), leaf_hash(b"root 2")


@pytest.mark.parametrize(
    ("old_size", "size", "old_root", "root", "proof", "valid"),
    [
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [], True),
        (0, 5, EMPTY_ROOT, R2, [], True),  # the empty tree is a prefix of every tree
        (3, 3, R1, R1, [], True),
        (0, 0, R1, R2, [], False),  # same size, different roots
        (3, 3, R1, R2, [], False),
        (0, 5, R1, R2, [], False),  # size 0 with a root that is not the empty tree's
        (0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT], False),  # needless proof
        (0, 1, EMPTY_ROOT, R2, [EMPTY_ROOT], False),
        (3, 3, R1, R1, [R1], False),
        (1, 0, R1, R2, [], False),  # time travel to the past
        (5, 2, R1, R2, [R1], False),
        (1, 2, R1, R2, [], False),  # a real extension needs a proof
        (-1, 2, R1, R2, [R1], False),
        (1, 2, b"short", R2, [R1], False),
        (1, 2, R1, R2, [b"short"], False),
    ],
)
def test_trivial_and_malformed_consistency_cases(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: list[bytes], valid: bool
) -> None:
    assert verify_consistency(old_size, size, old_root, root, proof) is valid


@pytest.mark.parametrize(
    ("index", "size", "leaf", "root", "proof"),
    [
        (0, 0, SOME_HASH, EMPTY_ROOT, []),  # nothing is in the empty tree
        (1, 0, SOME_HASH, EMPTY_ROOT, []),
        (1, 1, SOME_HASH, SOME_HASH, []),  # index past the end
        (2, 1, SOME_HASH, SOME_HASH, []),
        (-1, 1, SOME_HASH, SOME_HASH, []),
        (0, 1, b"", b"", []),  # hashes of the wrong length
        (0, 1, SOME_HASH, EMPTY_ROOT, []),
        (0, 1, SOME_HASH, SOME_HASH, [SOME_HASH]),  # a proof longer than the path
    ],
)
def test_malformed_inclusion_cases_are_refused(
    index: int, size: int, leaf: bytes, root: bytes, proof: list[bytes]
) -> None:
    assert not verify_inclusion(index, size, leaf, proof, root)


def test_a_one_leaf_tree_proves_its_leaf_with_an_empty_proof() -> None:
    assert verify_inclusion(0, 1, SOME_HASH, [], SOME_HASH)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: inclusion_proof(3, CT_LEAVES[:3]), "Leaf index 3 is outside a tree of 3"),
        (lambda: inclusion_proof(-1, CT_LEAVES[:3]), "Leaf index -1 is outside"),
        (lambda: inclusion_proof(0, []), "outside a tree of 0 leaves"),
        (lambda: consistency_proof(4, CT_LEAVES[:3]), "Old tree size 4 is not between 0"),
        (lambda: consistency_proof(-1, CT_LEAVES[:3]), "Old tree size -1"),
    ],
)
def test_impossible_proof_requests_raise_a_value_error_naming_the_value(
    call: object, message: str
) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=message):
        call()


def test_a_log_of_a_hundred_thousand_leaves_is_hashed_and_proved() -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(100_003)]
    root = tree_root(leaves)
    proof = inclusion_proof(77_777, leaves)

    assert verify_inclusion(77_777, len(leaves), leaves[77_777], proof, root)
    assert len(proof) == 17  # ceil(log2(100_003)) levels, no more


# --- CompactRange serialisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "hexes", "message"),
    [
        (3, [CT_ROOTS[1]], r"size 3 needs 2 subtree hashes \(one per one bit of 11"),
        (4, [CT_ROOTS[1], CT_ROOTS[2]], "size 4 needs 1 subtree hash .* got 2"),
        (0, [CT_ROOTS[1]], "size 0 needs 0 subtree hashes"),
        (1, ["zz" * 32], "hash 0 is 'zz"),
        (1, ["abcd"], "hash 0 is 'abcd'; expected 32 bytes"),
        (-2, [], "size is -2; expected a whole number"),
        (2, ["zz", "ab"], "hash 0 is 'zz'.*hash 1 is 'ab'"),  # every problem at once
    ],
)
def test_from_json_refuses_a_range_that_cannot_be_and_says_why(
    size: int, hexes: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CompactRange.from_json(size, hexes)


def test_a_compact_range_cannot_be_built_with_the_wrong_number_of_hashes() -> None:
    with pytest.raises(ValueError, match="size 1 needs 1 subtree hash"):
        CompactRange(1, ())


# --- Hypothesis properties --------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn, min_size: int = 1, max_size: int = 300) -> list[bytes]:
    """Leaf hashes of a random tree (distinct leaves, salted so trees differ)."""
    size = draw(st.integers(min_size, max_size))
    salt = draw(st.binary(max_size=8))
    return [leaf_hash(salt + i.to_bytes(2, "big")) for i in range(size)]


def _flip(h: bytes, bit: int = 0) -> bytes:
    return bytes([h[0] ^ (1 << bit)]) + h[1:]


def _corrupt_inclusion(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes
) -> list[tuple[int, int, bytes, list[bytes], bytes]]:
    """Probes in the style of transparency-dev's verify_test.go, written afresh."""
    probes = [
        (index - 1, size, leaf, proof, root),
        (index + 1, size, leaf, proof, root),
        (index ^ 2, size, leaf, proof, root),
        (index, size * 2, leaf, proof, root),
        (index, size // 2, leaf, proof, root),
        (index, size, _flip(leaf), proof, root),
        (index, size, leaf, proof, _flip(root)),
        (index, size, leaf, proof, EMPTY_ROOT),
        (index, size, leaf, [*proof, root], root),
        (index, size, leaf, [root, *proof], root),
        (index, size, leaf, [*proof, b""], root),
    ]
    probes += [
        (index, size, leaf, [*proof[:i], _flip(p, 3), *proof[i + 1 :]], root)
        for i, p in enumerate(proof)
    ]
    if proof:
        probes.append((index, size, leaf, proof[:-1], root))
    if len(proof) > 1:
        probes.append((index, size, leaf, [proof[0], SOME_HASH, *proof[1:]], root))
    return probes


def _corrupt_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: list[bytes]
) -> list[tuple[int, int, bytes, bytes, list[bytes]]]:
    probes = [
        (old_size - 1, size, old_root, root, proof),
        (old_size + 1, size, old_root, root, proof),
        (old_size ^ 2, size, old_root, root, proof),
        (old_size, size * 2, old_root, root, proof),
        (old_size, size // 2, old_root, root, proof),
        (old_size, size, _flip(old_root), root, proof),
        (old_size, size, old_root, _flip(root), proof),
        (old_size, size, root, old_root, proof),
        (old_size, size, old_root, root, []),
        (old_size, size, old_root, root, [*proof, old_root]),
        (old_size, size, old_root, root, [*proof, root]),
        (old_size, size, old_root, root, [old_root, *proof]),
        (old_size, size, old_root, root, [root, *proof]),
        (old_size, size, old_root, root, [proof[0], *proof]),
        (old_size, size, old_root, root, proof[:-1]),
    ]
    probes += [
        (old_size, size, old_root, root, [*proof[:i], _flip(p, 4), *proof[i + 1 :]])
        for i, p in enumerate(proof)
    ]
    return probes


@settings(max_examples=150, deadline=None)
@given(trees(), st.data())
def test_every_inclusion_proof_verifies_and_every_corruption_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1), label="index")
    root = tree_root(leaves)
    proof = inclusion_proof(index, leaves)

    assert root == ref_mth(leaves)
    assert proof == ref_path(index, leaves)
    assert verify_inclusion(index, size, leaves[index], proof, root)
    for wrong in _corrupt_inclusion(index, size, leaves[index], proof, root):
        assert not verify_inclusion(*wrong), wrong
    for other in range(size + 2):  # no other position is proved by the same path
        if other != index:
            assert not verify_inclusion(other, size, leaves[index], proof, root)


@settings(max_examples=60, deadline=None)
@given(trees(min_size=2), st.data())
def test_changing_any_other_leaf_breaks_an_inclusion_proof(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1), label="index")
    changed = data.draw(st.integers(0, size - 1).filter(lambda j: j != index), label="changed")
    proof = inclusion_proof(index, leaves)
    tampered = list(leaves)
    tampered[changed] = _flip(tampered[changed])

    assert not verify_inclusion(index, size, leaves[index], proof, tree_root(tampered))


@settings(max_examples=40, deadline=None)
@given(trees(max_size=120), st.data())
def test_a_proof_does_not_verify_against_the_tree_head_of_another_size(
    leaves: list[bytes], data: st.DataObject
) -> None:
    # With the *same* root a different size can verify: for a leaf on the left edge the
    # path of a size-3 tree also fits size 4. The size is bound to the root by the signed
    # tree head, not by the proof, so the realistic forgery is (other size, its real root).
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = inclusion_proof(index, leaves)
    for other in range(index + 1, size + 1):
        if other != size:
            other_root = tree_root(leaves[:other])
            assert not verify_inclusion(index, other, leaves[index], proof, other_root)


@settings(max_examples=150, deadline=None)
@given(trees(), st.data())
def test_every_consistency_proof_verifies_and_every_corruption_fails(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = len(leaves)
    old_size = data.draw(st.integers(0, size), label="old size")
    old_root, root = tree_root(leaves[:old_size]), tree_root(leaves)
    proof = consistency_proof(old_size, leaves)

    assert proof == ([] if old_size == 0 else ref_proof(old_size, leaves))
    assert verify_consistency(old_size, size, old_root, root, proof)
    if 0 < old_size < size:
        for wrong in _corrupt_consistency(old_size, size, old_root, root, proof):
            assert not verify_consistency(*wrong), wrong


@settings(max_examples=60, deadline=None)
@given(trees(min_size=2), st.data())
def test_changing_any_leaf_breaks_a_consistency_proof(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = len(leaves)
    old_size = data.draw(st.integers(1, size - 1), label="old size")
    changed = data.draw(st.integers(0, size - 1), label="changed")
    proof = consistency_proof(old_size, leaves)
    tampered = list(leaves)
    tampered[changed] = _flip(tampered[changed])
    old_root, root = tree_root(leaves[:old_size]), tree_root(leaves)
    tampered_old, tampered_new = tree_root(tampered[:old_size]), tree_root(tampered)

    # A rewritten history is caught whichever tree head the checker already trusts (a leaf
    # after the old size leaves the old tree alone, so only the new head can show it).
    if changed < old_size:
        assert not verify_consistency(old_size, size, tampered_old, root, proof)
    assert not verify_consistency(old_size, size, old_root, tampered_new, proof)


@settings(max_examples=60, deadline=None)
@given(trees())
def test_a_compact_range_built_by_appends_agrees_with_the_tree(leaves: list[bytes]) -> None:
    compact = CompactRange()
    for index, leaf in enumerate(leaves):
        compact, proof = compact.append(leaf)
        assert verify_inclusion(index, index + 1, leaf, proof, compact.root())

    assert compact.size == len(leaves)
    assert compact.root() == tree_root(leaves)
    assert proof == inclusion_proof(len(leaves) - 1, leaves)
    assert CompactRange.from_json(compact.size, compact.to_json()) == compact


@settings(max_examples=80, deadline=None)
@given(trees(), st.integers(0, 300))
def test_the_proofs_of_a_batch_need_only_the_compact_range_before_it(
        leaves: list[bytes], cut: int) -> None:
    # Leaves appended together share the tree head of the batch's end (council.receiving).
    start = cut % (len(leaves) + 1)
    before = CompactRange()
    for leaf in leaves[:start]:
        before, _ = before.append(leaf)
    proofs = extended_proofs(before, leaves[start:])
    assert proofs == [inclusion_proof(index, leaves) for index in range(start, len(leaves))]
    for index, proof in enumerate(proofs, start):
        assert verify_inclusion(index, len(leaves), leaves[index], proof, tree_root(leaves))


@settings(max_examples=200, deadline=None)
@given(trees(min_size=0, max_size=1100), st.integers(0, 1100), st.data())
def test_the_proofs_asked_for_in_a_batch_are_those_of_the_whole_tree(
        leaves: list[bytes], cut: int, data: st.DataObject) -> None:
    # The log asks for the letters' leaves only, in any order; large sizes reach deep trees.
    start = cut % (len(leaves) + 1)
    before = CompactRange()
    for leaf in leaves[:start]:
        before, _ = before.append(leaf)
    new = len(leaves) - start
    which = data.draw(st.lists(st.integers(0, new - 1), max_size=8) if new else st.just([]))
    assert extended_proofs(before, leaves[start:], which) == [
        inclusion_proof(start + j, leaves) for j in which]


@pytest.mark.parametrize("which", [[-1], [3], [0, 5]])
def test_a_proof_of_a_leaf_not_in_the_batch_is_refused(which: list[int]) -> None:
    before, _ = CompactRange().append(SOME_HASH)
    with pytest.raises(ValueError, match=r"^leaf -?\d+ is not one of the 3 new leaves$"):
        extended_proofs(before, [SOME_HASH] * 3, which)


@settings(max_examples=60, deadline=None)
@given(trees(), st.integers(0, 300))
def test_a_frontier_grown_in_place_is_the_compact_range_of_the_same_leaves(
        leaves: list[bytes], cut: int) -> None:
    # How the log's appender grows its range: one list, not a new range per leaf.
    start = cut % (len(leaves) + 1)
    before = CompactRange()
    for leaf in leaves[:start]:
        before, _ = before.append(leaf)
    frontier = list(before.hashes)
    for index in range(start, len(leaves)):
        push_leaf(frontier, index, leaves[index])
    grown = CompactRange.trusted(len(leaves), tuple(frontier))

    assert grown == CompactRange.from_json(len(leaves), grown.to_json())  # a valid range
    assert grown.root() == tree_root(leaves)


hashes = st.one_of(st.binary(min_size=32, max_size=32), st.binary(max_size=40))
sizes = st.one_of(st.integers(-3, 20), st.integers(), st.booleans())


@given(sizes, sizes, hashes, st.lists(hashes, max_size=8), hashes)
def test_verify_inclusion_never_raises(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes
) -> None:
    assert verify_inclusion(index, size, leaf, proof, root) in (True, False)


@given(sizes, sizes, hashes, hashes, st.lists(hashes, max_size=8))
def test_verify_consistency_never_raises(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: list[bytes]
) -> None:
    assert verify_consistency(old_size, size, old_root, root, proof) in (True, False)


@given(st.from_type(object), st.from_type(object))
def test_the_verifiers_refuse_values_of_the_wrong_type_without_raising(
    junk: object, more: object
) -> None:
    assert verify_inclusion(junk, 1, more, [], SOME_HASH) is False  # type: ignore[arg-type]
    assert verify_consistency(1, junk, SOME_HASH, more, [junk]) is False  # type: ignore[arg-type,list-item]
