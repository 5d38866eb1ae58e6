"""The page parser's faster main loop (``importers.html._FastParser``) gives exactly html.parser's events."""
from __future__ import annotations

import random
from html.parser import HTMLParser
from pathlib import Path

import pytest

from xxgk.importers.html import _FastParser

SAMPLES = Path(__file__).resolve().parents[2] / "sample_reports"
Event = tuple[object, ...]


def _recorder(base: type[HTMLParser]) -> type[HTMLParser]:
    class Recorder(base):  # type: ignore[valid-type,misc]
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.events: list[Event] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.events.append(("start", tag, tuple(attrs)))

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.events.append(("startend", tag, tuple(attrs)))

        def handle_endtag(self, tag: str) -> None:
            self.events.append(("end", tag))

        def handle_data(self, data: str) -> None:  # text may arrive in pieces: joined, as the page parser does
            if self.events and self.events[-1][0] == "data":
                self.events[-1] = ("data", str(self.events[-1][1]) + data)
            else:
                self.events.append(("data", data))

        def handle_comment(self, data: str) -> None:
            self.events.append(("comment", data))

        def handle_decl(self, decl: str) -> None:
            self.events.append(("decl", decl))

        def handle_pi(self, data: str) -> None:
            self.events.append(("pi", data))

        def unknown_decl(self, data: str) -> None:
            self.events.append(("unknown", data))

    return Recorder


STD, FAST = _recorder(HTMLParser), _recorder(_FastParser)


def _events(cls: type[HTMLParser], text: str) -> list[Event]:
    p = cls()
    p.feed(text)
    p.close()
    return p.events  # type: ignore[attr-defined, no-any-return]


PIECES = ["<td>", "<TD rowspan='2'>", "<td colspan=3>", '<td class="a b">', "<p class=x/>", "<p class=x />", "<br/>",
          "<br />", "<br/x>", "</td>", "</TD >", "</ td>", "< td>", "<", ">", "&amp;", "&", "&#123;", "&#x4e2d;", "&nbsp",
          "&lt", "text", "中文", "\u3000", " ", "\n", "<script>", "</script>", "<style>a<b</style>", "<!-- c -->", "<!--",
          "-->", "<!doctype html>", "<?x?>", "<![CDATA[x]]>", '<a href="x?a=1&amp;b=2">', "<a href=x/y>",
          '<td a="1"b="2">', "<o:p>", "</o:p>", "<td\u3000x=1>", "<td x==1>", "<td x = '1' >", "<img src=a.png/>",
          "<td/>", "<td x>", "<td x y>", "<td x=>", '<td x="">', "'", '"', "=", '<div style="display:none">', "</div>",
          "<!x>", "</>", "<a\tb=c\n>", "<td x=`1`>", "<TEXTAREA>", "</textarea>", "<td\x0bx=1>", "<a b='<'>",
          '<a b=">">']


@pytest.mark.parametrize("name", ["huaian_2024.html", "kaifeng_zhijian_2018.htm"])
def test_sample_pages_give_the_same_events(name: str) -> None:
    text = (SAMPLES / name).read_bytes().decode("gb18030", "replace")
    fast = _events(FAST, text)
    assert fast == _events(STD, text)
    assert sum(1 for e in fast if e[0] == "start" and e[1] == "td") > 100  # the fast path really read the tables


def test_tricky_markup_gives_the_same_events() -> None:
    rng = random.Random(12)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        assert _events(FAST, text) == _events(STD, text), repr(text)
