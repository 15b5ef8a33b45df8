"""Rendering an edition: the four stage notebooks run on a real kernel, exported as one handout.

The only place where papermill and nbconvert are used. One concern per module:

- :mod:`.notebooks`: the four stage notebooks merged into one edition notebook, and split back;
- :mod:`.execute`: the edition executed on a real Jupyter kernel (papermill);
- :mod:`.failures`: a failure mapped back to its stage notebook and cell;
- :mod:`.export`: the handout HTML (nbconvert, house template), with :mod:`.contents` (the contents
  list) and :mod:`.fonts` (embedded fonts);
- :mod:`.pdf`: the handout printed by headless Chromium;
- :mod:`.edition`: one client's edition from start to finish, written whole or not at all.
"""
from .contents import table_of_contents
from .edition import EditionResult, render_edition
from .execute import execute_edition
from .export import export_handout
from .notebooks import STAGES, build_edition_notebook, split_edition, stage_notebook_path
from .pdf import print_pdf

__all__ = ["STAGES", "EditionResult", "build_edition_notebook", "execute_edition", "export_handout",
           "print_pdf", "render_edition", "split_edition", "stage_notebook_path", "table_of_contents"]
