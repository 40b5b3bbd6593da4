"""Ranking: the hand-worked example, must-haves, unknown ranges, ties and editions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from compare.facts import Category, Edition, Hosting, Product, Text, build_offers
from compare.scoring.matrix import build_matrix
from compare.scoring.rank import Standing, Verdict, rank
from criteria.model import MustHave
from tests.compare.scoring.worked_example import EXAMPLE, catalogue, fact, offers, profile


def sheet_for(rows: dict[str, dict[str, str | None]], **profile_args: object):  # type: ignore[no-untyped-def]
    chosen = profile(**profile_args)  # type: ignore[arg-type]
    return rank(build_matrix(catalogue(chosen), offers(rows)), chosen)


def test_rank_matches_hand_worked_example_in_docs() -> None:
    sheet = sheet_for(EXAMPLE)

    assert [(r.offer_id, r.rank, r.standing) for r in sheet.rows] == [
        ("yarn", 1, Standing.ELIGIBLE),
        ("xylo", 2, Standing.ELIGIBLE),
        ("wisp", 3, Standing.UNDETERMINED),
        ("zeal", 4, Standing.KNOCKED_OUT),
    ]
    xylo = sheet.row("xylo")
    assert (xylo.low, xylo.high, xylo.coverage) == pytest.approx((71.25, 90.0, 0.75))
    assert sheet.row("yarn").low == pytest.approx(75.0)
    assert sheet.row("yarn").high == pytest.approx(75.0)
    assert (sheet.row("wisp").low, sheet.row("wisp").high, sheet.row("wisp").coverage) == pytest.approx((25.0, 75.0, 0.5))
    assert sheet.row("zeal").low == pytest.approx(50.0)


def test_contributions_add_up_to_the_range_and_name_their_facts() -> None:
    sheet = sheet_for(EXAMPLE)
    for row in sheet.rows:
        assert sum(c.low for c in row.contributions) == pytest.approx(row.low)
        assert sum(c.high for c in row.contributions) == pytest.approx(row.high)
    xylo = {c.criterion_id: c for c in sheet.row("xylo").contributions}
    assert xylo["processor"].level_id == "dpa"
    assert xylo["processor"].fact is not None
    assert xylo["processor"].fact.evidence is not None
    assert xylo["processor"].fact.evidence.quote == "xylo says dpa"
    assert xylo["encryption"].known is False
    assert (xylo["encryption"].low, xylo["encryption"].high) == pytest.approx((6.25, 25.0))


def test_failed_must_have_knocks_out_with_the_level_found() -> None:
    zeal = sheet_for(EXAMPLE).row("zeal")

    assert zeal.standing is Standing.KNOCKED_OUT
    [reason] = zeal.knock_outs
    assert (reason.criterion_id, reason.minimum, reason.level_id, reason.verdict) == ("processor", "terms", "none", Verdict.FAILED)


def test_must_have_on_unverified_fact_is_undetermined_even_if_the_suggestion_would_fail() -> None:
    wisp = sheet_for(EXAMPLE).row("wisp")

    assert wisp.standing is Standing.UNDETERMINED
    assert wisp.knock_outs == ()
    assert [m.criterion_id for m in wisp.undetermined_must_haves] == ["processor"]


def test_must_have_met_exactly_at_the_minimum_passes() -> None:
    yarn = sheet_for(EXAMPLE).row("yarn")

    assert [m.verdict for m in yarn.must_haves] == [Verdict.PASSED]


def test_without_must_haves_everyone_is_eligible_and_ranked_by_guaranteed_score() -> None:
    sheet = sheet_for(EXAMPLE, must_haves=())

    assert {r.standing for r in sheet.rows} == {Standing.ELIGIBLE}
    assert [r.offer_id for r in sheet.rows] == ["yarn", "xylo", "zeal", "wisp"]


def test_unknown_never_counts_as_zero_or_hundred() -> None:
    only_unknown = sheet_for({"void": {}}, must_haves=()).row("void")

    assert only_unknown.coverage == 0
    # Worst levels: 0, 0, 25 → low = 0.25 × 25; best levels all 100 → high = 100.
    assert (only_unknown.low, only_unknown.high) == pytest.approx((6.25, 100.0))


def test_equal_offers_share_a_rank_and_the_next_rank_is_skipped() -> None:
    same = {"processor": "dpa", "storage": "eu", "encryption": "e2ee"}
    sheet = sheet_for({"aa": same, "bb": same, "cc": {"processor": "terms", "storage": "eu", "encryption": "e2ee"}}, must_haves=())

    assert [(r.offer_id, r.rank) for r in sheet.rows] == [("aa", 1), ("bb", 1), ("cc", 3)]


def test_same_low_but_different_high_is_not_a_tie() -> None:
    sheet = sheet_for(
        {
            "known": {"processor": "dpa", "storage": "eu", "encryption": "transport"},
            "open": {"processor": "dpa", "storage": "eu", "encryption": None},
        },
        must_haves=(),
    )

    assert [(r.offer_id, r.rank) for r in sheet.rows] == [("open", 1), ("known", 2)]


def test_zero_total_weight_is_refused() -> None:
    chosen = profile(weights={"processor": 0, "storage": 0, "encryption": 0}, must_haves=())
    matrix = build_matrix(catalogue(profile()), offers(EXAMPLE))
    with pytest.raises(ValueError, match="zero weight"):
        rank(matrix, chosen)


def test_editions_are_scored_on_their_own_facts_and_inherit_shared_ones() -> None:
    product = Product(
        id="chat",
        name="Chat",
        full_name="Chat",
        vendor_company="Chat Inc.",
        jurisdiction="US",
        jurisdiction_note="US",
        website="https://chat.example",
        category=Category.SELF_HOSTABLE,
        editions=(
            Edition(id="cloud", name=Text("Cloud"), hosting=Hosting.VENDOR_CLOUD),
            Edition(id="self", name=Text("Self-hosted"), hosting=Hosting.SELF_HOSTED),
        ),
    )
    shared = fact("chat", "encryption", "transport")
    cloud_storage = replace(fact("chat", "storage", "us"), edition_id="cloud")
    self_storage = replace(fact("chat", "storage", "eu"), edition_id="self")
    chat_offers = build_offers((product,), (shared, cloud_storage, self_storage))
    chosen = profile(must_haves=(MustHave(criterion="storage", minimum="eu-option"),))
    sheet = rank(build_matrix(catalogue(chosen), chat_offers), chosen)

    assert [o.id for o in chat_offers] == ["chat:cloud", "chat:self"]
    assert sheet.row("chat:self").standing is Standing.ELIGIBLE
    assert sheet.row("chat:cloud").standing is Standing.KNOCKED_OUT
    for offer_id in ("chat:cloud", "chat:self"):
        cells = {c.criterion_id: c for c in sheet.row(offer_id).contributions}
        assert cells["encryption"].level_id == "transport"
    assert {c.criterion_id: c.level_id for c in sheet.row("chat:cloud").contributions}["storage"] == "us"
