from clustera.errors import DataFormatError, InvalidInputError


def test_invalid_input_names_source_line_field_and_value():
    err = DataFormatError("unknown NACE code", source="orgs.csv", line=7, field="nace", value="Z99")
    assert str(err) == "orgs.csv, line 7, field 'nace', value 'Z99': unknown NACE code"
    assert isinstance(err, InvalidInputError) and isinstance(err, ValueError)


def test_message_alone_when_no_location():
    assert str(InvalidInputError("empty matrix")) == "empty matrix"
