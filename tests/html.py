"""A small HTML tree for tests (standard library only): find elements, read attributes and text."""

import json
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.attr_list = list(attrs)
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, **attrs):
        """Elements below this one; attrs match exactly, ``class_`` matches one class name."""
        wanted_class = attrs.pop("class_", None)
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if wanted_class and wanted_class not in node.attrs.get("class", "").split():
                continue
            if all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                found.append(node)
        return found

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def by_id(self, id_):
        return self.find(id=id_)

    @property
    def text(self):
        parts = []
        for child in self.children:
            parts.append(child.text if isinstance(child, Node) else child)
        return "".join(parts)

    @property
    def clean_text(self):
        return " ".join(self.text.split())

    def links(self):
        return [a.attrs.get("href") for a in self.find_all("a")]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [])
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, [(k, "" if v is None else v) for k, v in attrs], self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, [(k, "" if v is None else v) for k, v in attrs], self.current)
        self.current.children.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(content) -> Node:
    if isinstance(content, bytes):
        content = content.decode()
    elif hasattr(content, "content"):
        content = content.content.decode()
    builder = TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def meta_content(doc: Node, key: str) -> str | None:
    """<meta name=key> or <meta property=key>."""
    for meta in doc.find_all("meta"):
        if meta.attrs.get("name") == key or meta.attrs.get("property") == key:
            return meta.attrs.get("content")
    return None


def jsonld(doc: Node) -> list[dict]:
    """Every JSON-LD object on the page, with @graph flattened."""
    objects = []
    for script in doc.find_all("script", type="application/ld+json"):
        data = json.loads(script.text)
        if isinstance(data, dict) and "@graph" in data:
            objects.extend(data["@graph"])
        elif isinstance(data, list):
            objects.extend(data)
        else:
            objects.append(data)
    return objects


def header_grid(table: Node) -> list[tuple[Node, list[Node]]]:
    """Each cell of a table's body and foot with the header cells a screen reader should name for
    it: the ``<th>`` above it in the head (by column, colspans counted) and the ``<th>`` starting
    its own row. What ``headers`` must list when a table has a totals row or two header levels."""
    columns: list[Node] = []
    for th in table.find("thead").find_all("th"):
        columns.extend([th] * int(th.attrs.get("colspan", "1")))
    grid = []
    for tr in table.find_all("tr"):
        if tr.parent.tag == "thead":
            continue
        position, row_header = 0, None
        for cell in (child for child in tr.children if isinstance(child, Node)):
            if cell.tag == "th" and row_header is None:
                row_header = cell
            elif cell.tag == "td":
                grid.append((cell, [row_header, columns[position]]))
            position += int(cell.attrs.get("colspan", "1"))
    return grid


def named_headers(table: Node, cell: Node) -> list[Node]:
    """The header cells a cell's ``headers`` attribute names (ids looked up in its table)."""
    return [table.by_id(id_) for id_ in cell.attrs.get("headers", "").split()]
