"""How values and report text are shown, the same way on every output (pure: no I/O, no widgets).

The CLI, the app and both exporters format through these modules, so a number, a blank, a status or
a file name reads the same everywhere:

* ``numbers``: a value (with its raw text) as text — integers plain, decimals without float noise,
  a printed dash as ``-``, a blank as nothing, signed deltas and percentages;
* ``text``: report text made safe for a terminal (no control or escape sequences, no ambiguous-width
  punctuation), display width, clipping and padding by terminal cells;
* ``status``: the names, marks and styles of check statuses and grid cells;
* ``times``: stored UTC times in the office's time zone (Asia/Shanghai unless ``XXGK_TZ`` says otherwise);
* ``reports``: template generations, table names, where an agency or year was found, import results
  and version states, in words;
* ``filenames``: file names built from agency names;
* ``spreadsheet``: sheet names and cell text made safe for XLSX and CSV (no formulas).
"""
