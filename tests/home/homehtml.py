"""A small HTML reader for assertions about structure (landmarks, links, headings)."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
FOCUSABLE = {"a", "button", "input", "select", "textarea"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.nodes = []  # text and child elements, in order

    @property
    def children(self):
        return [node for node in self.nodes if isinstance(node, Element)]

    @property
    def text(self):
        parts = [node if isinstance(node, str) else node.text for node in self.nodes]
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag=None, **attrs):
        """Descendants by tag and attributes (aria_label= means aria-label=)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.nodes.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.nodes.append(data)


def parse(response_or_html):
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    builder = _Builder()
    builder.feed(html)
    return builder.root


def focusable(document):
    """Elements reachable with the Tab key, in document order."""
    return [
        element
        for element in document.iter()
        if element.tag in FOCUSABLE
        and (element.tag != "a" or "href" in element.attrs)
        and element.attrs.get("tabindex") != "-1"
    ]
