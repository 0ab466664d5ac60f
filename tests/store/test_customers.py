import pytest

from helpline.errors import CustomerNotFound, InvalidPhone
from helpline.store import seed as seeding
from helpline.store.customers import get_customer_by_phone


@pytest.fixture
def seeded(sqlite_database):
    seeding.seed(sqlite_database.engine, customers=10)
    return sqlite_database


@pytest.mark.parametrize(
    "written", ["9876543210", "+91 98765 43210", "09876543210", "919876543210", "+91-98765-43210"]
)
def test_customer_is_found_whatever_way_the_number_is_written(seeded, written):
    with seeded.sessions() as session:
        assert get_customer_by_phone(session, written).name == "Rahul Sharma"


def test_unknown_number_raises_customer_not_found(seeded):
    with seeded.sessions() as session, pytest.raises(CustomerNotFound):
        get_customer_by_phone(session, "9000000001")


@pytest.mark.parametrize(
    "bad", ["12345", "98765432100", "abcdefghij", "", "5876543210", "५८७६५४३२१०"]
)
def test_malformed_number_raises_invalid_phone(seeded, bad):
    with seeded.sessions() as session, pytest.raises(InvalidPhone):
        get_customer_by_phone(session, bad)
