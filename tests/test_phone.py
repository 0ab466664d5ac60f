import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpline.errors import InvalidPhone
from helpline.logs import mask_phones
from helpline.phone import mask_phone, normalize_phone


@given(
    st.from_regex(r"[6-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+91", "+91 ", "0", "91"])
)
def test_any_mobile_number_with_any_prefix_normalises_to_its_ten_digits(number, prefix):
    assert normalize_phone(prefix + number) == number


@given(st.text(max_size=30))
def test_any_text_either_normalises_to_ten_digits_or_raises_invalid_phone(raw):
    try:
        result = normalize_phone(raw)
    except InvalidPhone:
        return
    assert len(result) == 10 and result.isdigit()


def test_masking_hides_the_middle_digits():
    assert mask_phone("9876543210") == "98XXXX3210"
    assert mask_phones("caller 9876543210 said hi") == "caller 98XXXX3210 said hi"


@pytest.mark.parametrize("bad", ["123", "1234567890", "+1 9876543210"])
def test_non_indian_or_short_numbers_are_rejected(bad):
    with pytest.raises(InvalidPhone):
        normalize_phone(bad)
