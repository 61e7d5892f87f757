"""Numbers kept as bit slices give what a number per entry gives, at the limits too."""

import random

from search.engines.bitsets import SlicedNumbers, bitset, members


def test_members_are_the_ids_a_bitset_was_made_of():
    rng = random.Random(11)
    for base in (0, 1, 977):
        ids = sorted(rng.sample(range(base, base + 5000), 300))
        assert members(bitset(ids, base), base) == ids
    assert members(0, 5) == [] and bitset([], 5) == 0


def test_sums_thresholds_and_largest_agree_with_a_number_per_entry():
    rng = random.Random(2024)
    for _ in range(40):
        n = rng.randint(1, 400)
        numbers, sliced = [0] * n, SlicedNumbers()
        for _ in range(rng.randint(1, 12)):
            holders = rng.sample(range(n), rng.randint(0, n))
            add = rng.choice([0, 1, 2, 7, 64, 1023, rng.randint(0, 5000)])
            sliced.add(bitset(holders), add)
            for i in holders:
                numbers[i] += add
        within = bitset(rng.sample(range(n), rng.randint(0, n)))
        inside = members(within)
        for threshold in {0, 1, max(numbers), max(numbers) + 1, rng.randint(0, max(numbers) + 1)}:
            # exactly at the threshold is in, one below is out
            expected = [i for i in inside if numbers[i] >= threshold]
            assert members(sliced.at_least(threshold, within)) == expected
        k = rng.randint(1, n + 2)
        chosen = set(members(sliced.largest(within, k)))
        assert len(chosen) >= min(k, len(inside)) and chosen <= set(inside)
        left_out = [numbers[i] for i in inside if i not in chosen]
        assert not left_out or min(numbers[i] for i in chosen) >= max(left_out)
        # no more than k, unless entries tie at the cut
        if len(chosen) > k:
            cut = sorted((numbers[i] for i in chosen), reverse=True)[k - 1]
            assert all(numbers[i] >= cut for i in chosen)
            assert min(numbers[i] for i in chosen) == cut
