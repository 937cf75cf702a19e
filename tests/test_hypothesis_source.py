"""The Hypothesis back end of Source: few choices per value (a joint value's small choices from
one draw, a list's size in one integer), every value still reachable, zero the simplest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import find, given, settings
from hypothesis import strategies as st

from batchcalls_fuzz.derive import Limits, compile_valid
from batchcalls_fuzz.derive.hypothesis_source import (
    JOINT_BYTES,
    SIZE_DRAWN_WHOLE,
    Digits,
    HypothesisSource,
    as_strategy,
)
from batchcalls_fuzz.derive.valid import free_form_generator
from batchcalls_fuzz.judge.oracle import Oracle
from batchcalls_fuzz.schema import load_schema
from conftest import scaled


def width(radix: int) -> int:
    """Bytes of a choice among ``radix`` answers: enough for eight byte values an answer."""
    size = 1
    while 256**size < 8 * radix:
        size += 1
    return size


def encode(digits: list[int], radices: list[int]) -> bytes:
    """The smallest bytes whose choices are ``digits``, zero-padded."""
    data = b""
    for digit, radix in zip(digits, radices, strict=True):
        size = width(radix)
        data += (-(-digit * 256**size // radix)).to_bytes(size, "big")
    return data.ljust(JOINT_BYTES, b"\0")


def fitting_radices(radices: list[int]) -> list[int]:
    """The longest prefix of ``radices`` that one joint draw holds."""
    kept, used = [], 0
    for radix in radices:
        used += width(radix)
        if used > JOINT_BYTES:
            break
        kept.append(radix)
    return kept


def no_parent() -> HypothesisSource:
    def refuse(strategy: Any) -> Any:
        raise AssertionError(f"drew {strategy!r} although the room sufficed")

    return HypothesisSource(refuse)


@given(st.lists(st.integers(2, 10**6), max_size=12).flatmap(
    lambda radices: st.tuples(
        st.just(fitting_radices(radices)),
        st.tuples(*[st.integers(0, r - 1) for r in fitting_radices(radices)]),
    )
))  # fmt: skip
def test_every_combination_of_digits_that_fits_is_reachable(
    case: tuple[list[int], tuple[int, ...]],
) -> None:
    radices, digits = case
    source = Digits(encode(list(digits), radices), no_parent())
    assert [source.integer(0, radix - 1) for radix in radices] == list(digits)


@given(
    st.lists(st.integers(2, 1000), min_size=1, max_size=6),
    st.binary(min_size=JOINT_BYTES, max_size=JOINT_BYTES),
    st.integers(0, JOINT_BYTES - 1),
    st.integers(0, 255),
)
def test_lowering_a_byte_lowers_one_choice_and_no_other(
    radices: list[int], data: bytes, index: int, lower: int
) -> None:
    lowered = bytearray(data)
    lowered[index] = min(lower, data[index])
    answers = [
        [source.integer(0, r - 1) for r in radices]
        for source in (Digits(data, no_parent()), Digits(bytes(lowered), no_parent()))
    ]
    changed = [i for i, (a, b) in enumerate(zip(*answers, strict=True)) if a != b]
    assert len(changed) <= 1
    assert all(answers[1][i] < answers[0][i] for i in changed)


def test_all_zeros_is_the_simplest_answer_to_every_choice() -> None:
    source = Digits(bytes(JOINT_BYTES), no_parent())
    assert source.integer(-5, 5) == -5
    assert source.boolean() is False
    assert source.choice(("first", "second")) == "first"
    assert source.flags(7) == 0
    assert source.packed((3, 4)) == (0, 0)


@given(st.data())
def test_a_choice_wider_than_the_room_left_is_drawn_on_its_own(data: st.DataObject) -> None:
    draws: list[Any] = []

    def draw(strategy: Any) -> Any:
        draws.append(strategy)
        return data.draw(strategy)

    source = Digits(bytes([255] * JOINT_BYTES), HypothesisSource(draw))
    assert source.integer(0, 2**128 - 1) == 2**128 - 1  # 17 bytes
    assert not draws
    wide = source.integer(10, 10**12)  # 5 more bytes: no room
    assert len(draws) == 1 and 10 <= wide <= 10**12


def counted(generate: Callable[[Any], Any]) -> st.SearchStrategy[tuple[Any, int]]:
    """Values of ``generate`` with the number of Hypothesis draws each took."""

    @st.composite
    def run(draw: st.DrawFn) -> tuple[Any, int]:
        count = 0

        def counting(strategy: Any) -> Any:
            nonlocal count
            count += 1
            return draw(strategy)

        return generate(HypothesisSource(counting)), count

    return run()


DATE_TIME = load_schema({"type": "string", "format": "date-time"}, "jsonschema")


@settings(max_examples=scaled(100))
@given(counted(compile_valid(DATE_TIME.root)))
def test_a_date_time_is_one_draw(case: tuple[str, int]) -> None:
    text, draws = case
    assert draws == 1
    assert Oracle({"jsonschema": DATE_TIME.document}).is_valid(text, ["jsonschema"])


NULLS = load_schema({"type": "array", "items": {"type": "null"}}, "jsonschema")
MOST = Limits().max_items


@settings(max_examples=scaled(100))
@given(counted(compile_valid(NULLS.root)))
def test_a_short_list_draws_its_size_once_and_each_element(case: tuple[list[None], int]) -> None:
    items, draws = case
    assert draws == 1 + len(items)  # no "one more?" choice per element


def test_every_size_of_a_short_list_is_reached() -> None:
    sizes: set[int] = set()
    find(
        counted(compile_valid(NULLS.root)),
        lambda case: bool(sizes.add(len(case[0]))) or len(sizes) > MOST,
        settings=settings(database=None, max_examples=2000),
    )
    assert MOST <= SIZE_DRAWN_WHOLE and sizes == set(range(MOST + 1))


SCALAR = free_form_generator(Limits(max_depth=0))


@settings(max_examples=scaled(100))
@given(counted(SCALAR))
def test_a_free_form_scalar_is_one_draw_and_a_text_at_most(case: tuple[Any, int]) -> None:
    value, draws = case
    # A text or a float in a range is a choice of its own; all else comes from the one draw.
    assert draws == 1 if value is None or isinstance(value, (bool, int)) else draws <= 2


def test_a_free_form_map_shrinks_to_the_empty_key_and_null() -> None:
    smallest = find(
        as_strategy(free_form_generator(Limits())),
        lambda value: isinstance(value, dict) and len(value) >= 1,
        settings=settings(database=None, max_examples=2000),
    )
    assert smallest == {"": None}
