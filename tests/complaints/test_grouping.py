"""Complaints filed without a type are grouped by their text alone and named from it."""

from helpline.complaints.grouping import TextCount, group_texts

ROAMING = [
    "International roaming activate nahi hua, Dubai mein network nahi",
    "Roaming pack liya tha par abroad roaming kaam nahi kar raha",
    "Dubai pahunch ke roaming band hai",
]
OTT = [
    "OTT subscription ka code abhi tak nahi mila",
    "Plan ke saath OTT subscription milna tha, nahi mila",
    "OTT app mein subscription active nahi dikha raha",
]


def test_untyped_complaints_form_one_group_per_topic_with_its_counts():
    rows = [TextCount("other", "Customer Service", t, 2) for t in ROAMING]
    rows += [TextCount(None, "Customer Service", t, 1) for t in OTT]
    groups = group_texts(rows)
    assert sorted(g.count for g in groups) == [3, 6]
    by_count = {g.count: g for g in groups}
    assert "roaming" in by_count[6].words
    assert "ott" in by_count[3].words or "subscription" in by_count[3].words
    assert all(g.key.startswith("text:") for g in groups)


def test_typed_and_untyped_complaints_stay_apart():
    rows = [TextCount("no_network", "Network", "Network nahi aa raha", 4)]
    rows += [TextCount("other", "Customer Service", t, 1) for t in OTT]
    groups = group_texts(rows, exact_counts={"no_network": 40})
    assert groups[0].key == "no_network" and groups[0].count == 40
    assert [g.count for g in groups[1:]] == [3]
