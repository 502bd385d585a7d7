from voices import codes


def test_join_codes_avoid_look_alike_characters():
    for look_alike in "0O1IL5S2Z8B":
        assert look_alike not in codes.JOIN_ALPHABET
    for _ in range(200):
        code = codes.generate_join_code()
        assert len(code) == 6 and codes.normalise_join_code(code) == code


def test_join_codes_are_forgiving_about_case_and_spacing():
    assert codes.normalise_join_code(" kq4-rtx ") == "KQ4RTX"
    assert codes.normalise_join_code("KQ0RTX") is None  # zero is never in a code
    assert codes.normalise_join_code("") is None


def test_resume_codes_are_nine_digits_in_threes():
    code = codes.generate_resume_code()
    assert len(code) == 11 and code[3] == " " and code[7] == " "
    assert codes.normalise_resume_code(code) == code.replace(" ", "")
    assert codes.normalise_resume_code("123-456-789") == "123456789"
    assert codes.normalise_resume_code("12345") is None
