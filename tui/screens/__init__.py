"""One screen per flow. Screens never import each other: the app (``xxgk.tui.app``) opens them."""
