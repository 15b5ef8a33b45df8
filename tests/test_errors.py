import pickle

import pytest

from sermo_helpers.errors import LoadError, RenderError, SchemaError, SermoError


@pytest.mark.parametrize("error", [
    SchemaError("bad", frame="mentions", path="a.csv", problems=[("reach", "numbers", "text")]),
    LoadError("bad", path="a.csv", row=3, column="Date", expected="dd.mm.yyyy", found="31/31/2026"),
    RenderError("bad", client="fjordvik", notebook="01_listen", cell_index=4, source="1/0",
                ename="ZeroDivisionError", evalue="division by zero", executed_path="x.ipynb"),
])
def test_errors_keep_their_fields_through_pickle(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert {name: getattr(copy, name) for name in error._fields} == {name: getattr(error, name) for name in error._fields}
    assert isinstance(copy, SermoError)


def test_unknown_fields_are_a_programming_error():
    with pytest.raises(TypeError, match="unknown fields"):
        LoadError("x", colum="typo")
