"""Batching and padding for inference (stance.networks.inference)."""


from stance.networks.inference import PAD_MULTIPLE, length_batches, padded_width


def test_padded_width_rounds_up_to_the_multiple():
    assert [padded_width(n) for n in (1, 8, 9, 16, 17)] == [8, 8, 16, 16, 24]
    assert padded_width(5, multiple=1) == 5
    assert PAD_MULTIPLE == 8


def test_length_batches_cover_every_item_once_longest_first():
    lengths = [10, 50, 12, 48, 11, 100, 9]
    batches = length_batches(lengths, batch_size=3)
    flat = [k for batch in batches for k in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[k] for k in flat] == sorted(lengths, reverse=True)
    assert all(len(b) <= 3 for b in batches)


def test_length_batches_start_a_new_batch_when_padding_would_dominate():
    # 100 and 50 never share a batch (50 < 0.8 * 100); 50 and 48 do; 9 < 0.8 * 12 starts another.
    batches = length_batches([100, 50, 48, 12, 11, 10, 9], batch_size=32)
    assert batches == [[0], [1, 2], [3, 4, 5], [6]]
    assert length_batches([], batch_size=4) == []


def test_length_batches_ties_keep_input_order():
    assert length_batches([5, 5, 5], batch_size=2) == [[0, 1], [2]]
