"""The Merkle hash tree of RFC 6962 §2.1, so that anyone can check Council's log (issue #5).

Every event that changes a procedure is appended to an append-only log. Hashing that log the
way Certificate Transparency does lets a member check, with a few hashes and without trusting
the Secretariat, that their letter is in the log (an *inclusion proof*) and that a later tree
head only added events to an earlier one (a *consistency proof*). Using the RFC's exact tree
shape and the 0x00/0x01 domain-separation prefixes means any independent RFC 6962 or RFC 9162
implementation can check the same proofs.

Everything here works on *leaf hashes* (``leaf_hash(entry)``), never on raw entries, and is
pure: SHA-256 from ``hashlib`` and nothing else. Generators (``tree_root``,
``inclusion_proof``, ``consistency_proof``) raise ``ValueError`` on impossible arguments;
verifiers (``verify_inclusion``, ``verify_consistency``) never raise and answer ``False`` for
anything malformed, because they are fed data from outside.

``CompactRange`` keeps only the roots of the perfect subtrees that cover the log so far (at
most log2(n) + 1 hashes), which lets the log append in O(log n) and hand out the new leaf's
inclusion proof without reading the whole log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

HASH_SIZE = 32
"""Length in bytes of every hash in the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves."""

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """Hash one log entry as a leaf: SHA-256(0x00 || data).

    Args:
        data: The entry, as bytes.

    Returns:
        The 32-byte leaf hash.
    """
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two subtree roots into their parent: SHA-256(0x01 || left || right).

    Args:
        left: Root of the left subtree.
        right: Root of the right subtree.

    Returns:
        The 32-byte parent hash.
    """
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The RFC's k: the largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _fold(hashes: Sequence[bytes]) -> bytes:
    """Right fold of ``node_hash`` over subtree roots given largest first (non-empty)."""
    root = hashes[-1]
    for left in reversed(hashes[:-1]):
        root = node_hash(left, root)
    return root


def _frontier(leaves: Sequence[bytes], lo: int, hi: int) -> list[bytes]:
    """Roots of the perfect subtrees covering ``leaves[lo:hi]``, largest first.

    Leaves are pushed one at a time; after pushing the i-th leaf, equal-sized subtrees are
    merged as many times as i has trailing one bits, exactly as a binary counter carries.
    """
    stack: list[bytes] = []
    for count, i in enumerate(range(lo, hi)):
        carry = leaves[i]
        while count & 1:
            carry = node_hash(stack.pop(), carry)
            count >>= 1
        stack.append(carry)
    return stack


def _range_root(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    """MTH(leaves[lo:hi]) without copying the slice and without recursion."""
    if hi <= lo:
        return EMPTY_ROOT
    return _fold(_frontier(leaves, lo, hi))


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """Compute the Merkle Tree Hash MTH(D[n]) of RFC 6962 §2.1.

    Iterative and O(n) hashes, so a log of millions of entries needs no deep recursion.

    Args:
        leaves: The leaf hashes (``leaf_hash`` of each entry), in log order.

    Returns:
        The 32-byte root; ``EMPTY_ROOT`` for no leaves.
    """
    return _range_root(leaves, 0, len(leaves))


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """Build the audit path PATH(m, D[n]) of RFC 6962 §2.1.1 for one leaf.

    Args:
        index: Zero-based position m of the leaf in the log.
        leaves: The leaf hashes of the whole tree; its size n is ``len(leaves)``.

    Returns:
        The sibling subtree roots from the leaf up to the root (empty for a one-leaf tree).

    Raises:
        ValueError: If ``index`` is not in ``range(len(leaves))``.
    """
    size = len(leaves)
    if not 0 <= index < size:
        raise ValueError(
            f"Leaf index {index} is outside a tree of {size} leaves; expected 0 <= index < {size}."
        )
    path: list[bytes] = []  # collected from the root down, returned leaf up
    lo, hi = 0, size
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(_range_root(leaves, mid, hi))
            hi = mid
        else:
            path.append(_range_root(leaves, lo, mid))
            lo = mid
    path.reverse()
    return path


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """Build the consistency proof PROOF(m, D[n]) of RFC 6962 §2.1.2.

    Convention: when ``old_size`` is 0 or equal to the new size the proof is empty, as the
    RFC's PROOF gives for m == n and as RFC 9162 §2.1.4 leaves the empty tree (consistent with
    every tree) to need no proof. ``verify_consistency`` accepts exactly these empty proofs.

    Args:
        old_size: Size m of the earlier tree.
        leaves: The leaf hashes of the current tree; its size n is ``len(leaves)``.

    Returns:
        The proof nodes in the RFC's order (deepest first).

    Raises:
        ValueError: If ``old_size`` is negative or larger than ``len(leaves)``.
    """
    size = len(leaves)
    if not 0 <= old_size <= size:
        raise ValueError(
            f"Old tree size {old_size} is not between 0 and the new size {size}; "
            "a log only grows, so the old size must be at most the new one."
        )
    if old_size in (0, size):
        return []
    proof: list[bytes] = []  # collected from the root down, returned deepest first
    lo, hi, m = 0, size, old_size
    complete = True  # the RFC's b: the old tree so far is the whole left part
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            proof.append(_range_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            proof.append(_range_root(leaves, lo, lo + k))
            lo += k
            m -= k
            complete = False
    if not complete:
        proof.append(_range_root(leaves, lo, hi))
    proof.reverse()
    return proof


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _is_size(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_proof(proof: object) -> bool:
    return (
        isinstance(proof, Sequence)
        and not isinstance(proof, bytes | str)
        and all(_is_hash(node) for node in proof)
    )


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Check an inclusion proof with the algorithm of RFC 9162 §2.1.3.2.

    Args:
        index: Zero-based position of the leaf.
        size: Size of the tree whose root is ``root``.
        leaf: The leaf hash (``leaf_hash(entry)``), 32 bytes.
        proof: The audit path, leaf up, as ``inclusion_proof`` builds it.
        root: The root of the tree of ``size`` leaves, 32 bytes.

    Returns:
        True only if the proof places ``leaf`` at ``index`` in that tree; False for a wrong
        proof and for any malformed input (index out of range, wrong length, wrong types).
    """
    if not (_is_size(index) and _is_size(size) and index < size):
        return False
    if not (_is_hash(leaf) and _is_hash(root) and _is_proof(proof)):
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False  # the proof is longer than the path
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:  # fn == sn: skip levels where this node has no sibling
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Check a consistency proof with the algorithm of RFC 9162 §2.1.4.2.

    The trivial cases follow ``consistency_proof``'s convention: for ``old_size == new_size``
    the proof must be empty and the roots equal; for ``old_size == 0`` the proof must be
    empty and ``old_root`` must be ``EMPTY_ROOT`` (any ``new_root`` extends the empty tree).

    Args:
        old_size: Size of the earlier tree.
        new_size: Size of the later tree.
        old_root: Root of the earlier tree, 32 bytes.
        new_root: Root of the later tree, 32 bytes.
        proof: The proof nodes, as ``consistency_proof`` builds them.

    Returns:
        True only if the later tree extends the earlier one; False for a wrong proof and for
        any malformed input (sizes reversed or negative, wrong lengths, wrong types).
    """
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and _is_proof(proof)):
        return False
    if old_size == new_size:
        return len(proof) == 0 and old_root == new_root
    if old_size == 0:
        return len(proof) == 0 and old_root == EMPTY_ROOT
    if len(proof) == 0:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False  # the proof is longer than the path
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


@dataclass(frozen=True)
class CompactRange:
    """The frontier of a log: roots of the perfect subtrees covering its leaves, largest first.

    A log of ``size`` leaves is covered by one perfect subtree per one bit of ``size`` (e.g.
    13 = 8 + 4 + 1), so ``hashes`` holds ``popcount(size)`` roots. That is all the log needs
    to append a leaf, compute the new root and give the new leaf's inclusion proof.

    Attributes:
        size: Number of leaves covered.
        hashes: The subtree roots, largest (leftmost) first.
    """

    size: int = 0
    hashes: tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.hashes, tuple):
            raise ValueError(
                f"Invalid compact range: hashes is a {type(self.hashes).__name__}; "
                "expected a tuple of bytes."
            )
        problems = _range_problems(self.size, self.hashes)
        if problems:
            raise ValueError("Invalid compact range: " + "; ".join(problems) + ".")

    def append(self, leaf: bytes) -> tuple[CompactRange, list[bytes]]:
        """Add one leaf hash at the end of the log.

        Args:
            leaf: The new leaf hash (``leaf_hash(entry)``).

        Returns:
            The range covering one more leaf, and the new leaf's inclusion proof in the new
            tree (index ``self.size``, size ``self.size + 1``), which is exactly this range's
            hashes, smallest subtree first.
        """
        proof = list(reversed(self.hashes))
        stack = list(self.hashes)
        push_leaf(stack, self.size, leaf)
        return CompactRange.trusted(self.size + 1, tuple(stack)), proof

    @classmethod
    def trusted(cls, size: int, hashes: tuple[bytes, ...]) -> CompactRange:
        """A range made by ``push_leaf`` from a valid one: valid by construction, so the
        checks of ``__init__`` are skipped."""
        made = object.__new__(cls)
        object.__setattr__(made, "size", size)
        object.__setattr__(made, "hashes", hashes)
        return made

    def root(self) -> bytes:
        """The root of the tree of ``size`` leaves.

        Returns:
            ``EMPTY_ROOT`` when empty, otherwise the right fold of ``node_hash`` over
            ``hashes``.
        """
        return _fold(self.hashes) if self.hashes else EMPTY_ROOT

    def to_json(self) -> list[str]:
        """The hashes as lowercase hex strings, largest subtree first (store ``size`` beside).

        Returns:
            One 64-character hex string per hash.
        """
        return [h.hex() for h in self.hashes]

    @classmethod
    def from_json(cls, size: int, hexes: Sequence[str]) -> CompactRange:
        """Rebuild a range from its size and ``to_json`` output, checking both.

        Args:
            size: Number of leaves the range covers.
            hexes: Hex strings of the subtree roots, largest first.

        Returns:
            The range.

        Raises:
            ValueError: Naming every problem: a negative size, a hash that is not 64 hex
                characters, or a number of hashes other than popcount(size).
        """
        decoded: list[bytes | None] = []
        problems: list[str] = []
        for position, text in enumerate(hexes):
            try:
                decoded.append(bytes.fromhex(text))
            except (TypeError, ValueError):
                decoded.append(None)
                problems.append(
                    f"hash {position} is {text!r}; expected {2 * HASH_SIZE} hex characters"
                )
        problems.extend(_range_problems(size, decoded))
        if problems:
            raise ValueError("Invalid compact range: " + "; ".join(problems) + ".")
        hashes = tuple(h for h in decoded if h is not None)
        return cls(size, tuple(hashes))


def push_leaf(frontier: list[bytes], size: int, leaf: bytes) -> None:
    """Add one leaf hash to ``frontier``, the roots (largest first) of the perfect subtrees
    covering ``size`` leaves, in place: equal-sized subtrees merge as a binary counter
    carries. ``CompactRange.append`` without a new range for each leaf, for an appender that
    adds many."""
    carry = leaf
    while size & 1:
        carry = node_hash(frontier.pop(), carry)
        size >>= 1
    frontier.append(carry)


def extended_proofs(before: CompactRange, leaves: Sequence[bytes],
                    which: Sequence[int] | None = None) -> list[list[bytes]]:
    """The inclusion proofs of leaves appended together after ``before``, in the tree that
    ends with the last of them: PATH(before.size + j, D[before.size + len(leaves)]) of
    RFC 6962 §2.1.1 for each j.

    No earlier leaf is needed: a proof's siblings to the left of a new leaf are whole
    subtrees of ``before`` (the roots it keeps), or subtrees that begin among its last ones and
    end among the new leaves, which those roots and the new leaves give. This is how a batch
    of letters shares one signed tree head (council.receiving).

    Args:
        before: The log's compact range before the new leaves.
        leaves: The new leaf hashes, in log order.
        which: The positions (in ``leaves``) of the leaves to prove; all when None.

    Returns:
        One audit path per leaf asked for, leaf up, as ``inclusion_proof`` would build it from
        all the leaves.
    """
    start, size = before.size, before.size + len(leaves)
    wanted = range(len(leaves)) if which is None else which
    for j in wanted:
        if not 0 <= j < len(leaves):
            raise ValueError(f"leaf {j} is not one of the {len(leaves)} new leaves")
    if not wanted:
        return []
    roots, levels = _levels_after(before, leaves)

    def node(level: int, index: int) -> bytes:
        first = start >> level
        return levels[level][index - first] if index >= first else roots[(level, index)]

    # From level ``top`` up every new leaf has the same ancestor, so the same siblings: the
    # end of every proof, found once. Below it, each leaf's own.
    top = 0
    while start >> top != (size - 1) >> top:
        top += 1
    shared = []
    level = top
    while (size - 1) >> level:  # the tree is more than one node high from here
        sibling = (start >> level) ^ 1
        if sibling << level < size:  # a node on the right border may have no sibling
            shared.append(node(level, sibling))
        level += 1
    proofs = []
    for j in wanted:
        index = start + j
        proof = []
        for level in range(top):
            sibling = (index >> level) ^ 1
            if sibling << level < size:
                proof.append(node(level, sibling))
        proof.extend(shared)
        proofs.append(proof)
    return proofs


def _levels_after(before: CompactRange, leaves: Sequence[bytes]
                  ) -> tuple[dict[tuple[int, int], bytes], list[list[bytes]]]:
    """The nodes an inclusion proof of a new leaf can need, by level (0 = leaves) and index
    at that level (a node at level h covers leaves [i * 2**h, (i + 1) * 2**h) of the tree,
    cut at its end): ``before``'s roots, and every node that covers a new leaf, level by
    level from the leaves up (``levels[h][i - (before.size >> h)]``).

    A node on the right border that covers fewer leaves than its left half is its left
    child itself, as MTH splits at the largest power of two below the size; a left child
    that ends before the new leaves is one of ``before``'s roots, as it is a whole subtree
    whose parent is not.
    """
    start, size = before.size, before.size + len(leaves)
    roots: dict[tuple[int, int], bytes] = {}
    lo = 0
    for bit, root in zip(_bits_high_first(start), before.hashes, strict=True):
        height = bit.bit_length() - 1
        roots[(height, lo >> height)] = root
        lo += bit
    levels = [list(leaves)]
    level = 0
    while (size - 1) >> level:
        below, first = levels[level], start >> level
        row = []
        for parent in range(first >> 1, ((size - 1) >> (level + 1)) + 1):
            left, right = 2 * parent, 2 * parent + 1
            left_hash = below[left - first] if left >= first else roots[(level, left)]
            row.append(node_hash(left_hash, below[right - first]) if right << level < size
                       else left_hash)
        levels.append(row)
        level += 1
    return roots, levels


def _bits_high_first(n: int) -> list[int]:
    return [1 << i for i in range(n.bit_length() - 1, -1, -1) if n >> i & 1]


def _range_problems(size: object, hashes: Sequence[object]) -> list[str]:
    """Everything wrong with a (size, hashes) pair, as messages naming the value and the fix.

    ``None`` in ``hashes`` stands for a hash already reported as undecodable.
    """
    if not _is_size(size):
        return [f"size is {size!r}; expected a whole number of leaves, 0 or more"]
    problems: list[str] = []
    expected = size.bit_count()
    if len(hashes) != expected:
        problems.append(
            f"size {size} needs {expected} subtree hash{'' if expected == 1 else 'es'} "
            f"(one per one bit of {size:b} in binary), got {len(hashes)}"
        )
    for position, value in enumerate(hashes):
        if value is not None and not _is_hash(value):
            shown = value.hex() if isinstance(value, bytes) else repr(value)
            problems.append(f"hash {position} is {shown!r}; expected {HASH_SIZE} bytes")
    return problems
