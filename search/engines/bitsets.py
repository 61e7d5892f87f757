"""Sets of entries as Python integers (bit ``id - base`` set for each entry), and a small whole
number per entry kept as bit slices: bit i of every entry's number in one integer. Adding a
number to every entry of a set, or finding the entries whose numbers reach a threshold, is
then a few ANDs and XORs of whole integers, whatever the number of entries, instead of a
Python step per entry (the bit-sliced index of O'Neil and Quass)."""

import re

_ONE = re.compile("1")


def bitset(ids, base=0):
    """The entry ids as one integer: bit ``id - base`` set for each."""
    ids = [pk - base for pk in ids]
    if not ids:
        return 0
    data = bytearray(max(ids) // 8 + 1)
    for bit in ids:
        data[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(data, "little")


def members(bits, base=0):
    """The entry ids of a bitset, smallest first (a C scan of its binary digits)."""
    if not bits:
        return []
    return [found.start() + base for found in _ONE.finditer(bin(bits)[:1:-1])]


class SlicedNumbers:
    """A whole number (0 at first) for every entry, as bit slices: ``slices[i]`` holds bit i
    of every entry's number."""

    __slots__ = ("slices",)

    def __init__(self):
        self.slices = []

    def add(self, entries, number):
        """Add ``number`` (≥ 0) to the number of every entry of the bitset ``entries``."""
        slices, position = self.slices, 0
        while number:
            if number & 1:
                while len(slices) < position:
                    slices.append(0)
                carry, i = entries, position
                while carry:  # a ripple-carry adder, every entry at once
                    if i == len(slices):
                        slices.append(carry)
                        break
                    slices[i], carry = slices[i] ^ carry, slices[i] & carry
                    i += 1
            number >>= 1
            position += 1

    def at_least(self, threshold, within):
        """The entries of the bitset ``within`` whose number is ``threshold`` or more."""
        slices = self.slices
        if threshold.bit_length() > len(slices):
            return 0
        above, equal = 0, within  # so far, from the highest bit down
        for i in range(len(slices) - 1, -1, -1):
            if threshold >> i & 1:
                equal &= slices[i]
            else:
                above |= equal & slices[i]
                equal &= ~slices[i]
        return above | equal

    def largest(self, within, k):
        """At least ``k`` entries of ``within`` (all of them, when it holds fewer) whose numbers
        are the largest: every entry with a larger number than one left out is in."""
        slices = self.slices
        above, tied = 0, within  # above: in for sure; tied: equal to the cut so far
        for i in range(len(slices) - 1, -1, -1):
            higher = above | (tied & slices[i])
            n = higher.bit_count()
            if n >= k:
                tied &= slices[i]
                if n == k:
                    return higher
            else:
                above = higher
                tied &= ~slices[i]
        return above | tied
