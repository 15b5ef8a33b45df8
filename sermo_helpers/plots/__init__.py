"""Plotting: one module per stage (listen, influence, engage, strategy) plus the shared house style.

Every plot function has the shape ``plot_x(data, *, ..., language, ax=None) -> Axes``: tidy frame
first, options keyword-only, labels in the handout language.
"""
