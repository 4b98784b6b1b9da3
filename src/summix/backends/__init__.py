"""Engines that run a seq2seq model, one module each behind :class:`summix.backends.base.Backend`.

Each module imports its heavy engine only when a model is loaded; the table of engines is
:mod:`summix.engines`.
"""
