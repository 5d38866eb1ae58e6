"""Pure domain knowledge of the annual-report statistics tables (no I/O, no UI, no SQL).

Modules: ``model`` (the data every layer passes around), ``normalise`` (label text),
``numbers`` (cell text to value), ``templates`` (the three template generations as data),
``identities`` (the reconciliation identities), ``compare`` (cross-year alignment).

The specification this implements is ``docs/`` in the repository; comments cite its sections as
``spec §N`` (the index of sections is ``docs/README.md``).
"""
