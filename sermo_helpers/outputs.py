"""MIME types of the kernel's own outputs that the renderer reads; no imports, so a kernel that
publishes one does not load the renderer (``sermo_helpers.render`` imports nbformat and its schema
validator: over a second in the kernel)."""

#: The edition's record for ``results.json`` (:func:`sermo_helpers.strategy.publish_edition`), read by
#: :func:`sermo_helpers.render.export.edition_data` and never shown in the handout.
EDITION_MIME = "application/vnd.sermo.edition+json"
