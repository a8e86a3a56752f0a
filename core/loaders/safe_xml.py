"""Parsing XML from untrusted files (OFD parts, Word parts).

Documents never need a DTD, so any DOCTYPE or ENTITY declaration is refused
outright (billion laughs, external entities). The parser is also configured to
resolve nothing, load no DTD and touch no network, as a second line of defence.
"""

from __future__ import annotations

from fzreview.core.document import DocumentError
from fzreview.core.loaders.limits import DEFAULT_LIMITS, MIB, Limits

UNSAFE_XML_MESSAGE = "文件中含有不安全的 XML 结构（DTD 或实体声明），已拒绝打开。"

_MARKERS = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for enc in ("ascii", "utf-16-le", "utf-16-be")
)


def has_dtd(data: bytes) -> bool:
    """True when XML bytes declare a DTD or entities (in UTF-8 or UTF-16)."""
    return any(marker in data for marker in _MARKERS)


def parse_xml(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS):
    """Parse XML bytes into an lxml element; refuse DTDs; errors become DocumentError.

    The part's size and its number of tags are bounded before parsing: a tree of
    millions of tiny elements costs far more memory than its bytes. Nesting is
    bounded by libxml2 (256 levels without huge_tree).
    """
    from lxml import etree

    if has_dtd(data):
        raise DocumentError(UNSAFE_XML_MESSAGE)
    if len(data) > limits.max_xml_bytes:
        raise DocumentError(
            f"{kind}文件内部的一个部件有 {len(data) / MIB:.0f} MB，超过 {limits.max_xml_bytes // MIB} MB 的上限，结构异常，已拒绝打开。"
        )
    tags = data.count(b"<")
    if tags > limits.max_xml_tags:
        raise DocumentError(
            f"{kind}文件内部的一个部件含有 {tags:,} 个标记，超过 {limits.max_xml_tags:,} 个的上限，结构异常，已拒绝打开。"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise DocumentError(f"{kind}文件的内部数据已损坏（XML 格式错误），无法读取。") from None
    if root is None:
        raise DocumentError(f"{kind}文件的内部数据是空的，无法读取。")
    return root


def local_name(tag) -> str:
    """`{namespace}Name` → `Name` (non-string tags, e.g. comments, give "")."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
