"""The compiled part of the package (everything else is in pyproject.toml): the tokeniser in C,
sermo_helpers/text/_tokens.c. It is optional: where it cannot be built (no C compiler), the
workbook tokenises with the same regular expression in Python (sermo_helpers/text/tokens.py),
with the same tokens, more slowly."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("sermo_helpers.text._tokens", ["sermo_helpers/text/_tokens.c"], optional=True)])
