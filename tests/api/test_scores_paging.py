"""/api/v1/scores a page at a time: the seed in one answer, a long field in pages that add up."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from compare.presenters.paging import API_MAX_PAGE, API_PAGE
from tests.api.conftest import Api

URL = "/api/v1/scores?profile=healthcare&lang=nl"


def test_the_default_page_holds_every_offer_of_the_seed_and_says_so(api: Api) -> None:
    document = api.get(URL)

    paging = document["paging"]
    assert paging["total"] == len(document["ranking"]) == len(document["about"]["offers"]) < API_PAGE
    assert paging == {
        "total": paging["total"],
        "offset": 0,
        "limit": API_PAGE,
        "returned": paging["total"],
        "next_offset": None,
        "next": None,
        "previous": None,
    }


def test_pages_follow_each_other_through_next_and_together_are_the_whole_ranking(api: Api) -> None:
    whole = api.get(URL)["ranking"]
    pages, url = [], f"{URL}&limit=7"
    while url:
        document = api.get(url)
        pages.append(document)
        url = document["paging"]["next"]

    assert [row for page in pages for row in page["ranking"]] == whole, "same rows, same ranks, same evidence"
    assert [len(page["ranking"]) for page in pages[:-1]] == [7] * (len(pages) - 1)
    assert len(pages) == -(-len(whole) // 7)
    second = pages[1]["paging"]
    assert (second["offset"], second["next_offset"]) == (7, 14)
    query = parse_qs(urlsplit(second["previous"]).query)
    assert query == {"profile": ["healthcare"], "lang": ["nl"], "limit": ["7"], "offset": ["0"]}
    assert pages[-1]["paging"]["next"] is None
    assert all(page["reference"] == pages[0]["reference"] for page in pages), "the reference is on every page"


def test_an_offset_past_the_end_is_an_empty_page_and_bad_numbers_are_named(api: Api) -> None:
    empty = api.get(f"{URL}&offset=500")
    assert empty["ranking"] == []
    assert (empty["paging"]["returned"], empty["paging"]["next"]) == (0, None)

    for bad in ("limit=0", f"limit={API_MAX_PAGE + 1}", "limit=ten", "offset=-1"):
        error = api.error(f"{URL}&{bad}", 400)
        assert bad.split("=")[0] in " ".join(error["errors"])


def test_a_post_pages_with_offsets_in_its_body(client: FlaskClient) -> None:
    body = {"profile": "core", "limit": 5, "offset": 5}
    response = client.post("/api/v1/scores", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    document = response.get_json()
    by_get = client.get("/api/v1/scores?profile=core").get_json()

    assert document["ranking"] == by_get["ranking"][5:10]
    assert document["paging"]["next_offset"] == 10
    assert document["paging"]["next"] is None, "a POST has no link to follow; it sends next_offset again"

    wrong = client.post("/api/v1/scores", json={"profile": "core", "limit": "5"})
    assert wrong.status_code == 400
    assert "limit" in " ".join(wrong.get_json()["errors"])
