# cython: language_level=3
"""lxml elements for the compiled SGML engine: a parent, a tag and its attributes in, the new
subelement out, as ``etree.SubElement`` makes it; Diagnostics made by direct slot setting.

``etree.SubElement`` checks the tag and every attribute name on each call, and its check costs a
``TypeError`` raised and cleared inside CPython (``b':' in name``) per name. Here each distinct
(tag, attributes) pair is made once by ``etree.SubElement`` under a scratch parent (so every check
and its ``ValueError`` happen as before) and kept as a template; each element after that is a
copy of its template made through lxml's public C API (``deepcopyNodeToDocument``) and appended
with ``appendChildToElement``, which also drops the copy's namespace declaration where an
ancestor declares the same one. Only the compiled engine uses this module (``setup.py`` builds
it against the headers of the lxml it installs with); the pure-Python engine calls
``etree.SubElement`` and the tests check that both give identical trees.
"""

from cpython.object cimport PyObject_GenericSetAttr

from lxml.includes.etreepublic cimport _Element, appendChildToElement, deepcopyNodeToDocument
from lxml.includes.etreepublic cimport import_lxml__etree

from lxml import etree

from scielo_pub.errors import Diagnostic
from scielo_pub.markup.sgml_lexer import xml_safe

import_lxml__etree()

#: Most templates kept; past it elements are made by ``etree.SubElement`` as before.
cdef Py_ssize_t MAX_TEMPLATES = 4096
cdef dict _templates = {}
cdef object _SubElement = etree.SubElement
cdef object _NO_TEMPLATE = object()


cdef object _scratch(dict nsmap):
    return etree.Element("scratch", nsmap=nsmap)


cdef object _SCRATCH_PLAIN = _scratch({})
cdef object _SCRATCH_NS = _scratch({"sgml": "urn:scielo-pub:sgml"})


cpdef object sub_element(object parent, str tag, tuple attrs):
    """``etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs})`` (``attrs``: the
    (name, value) pairs in order, or None for none); a ``ValueError`` as it raises one."""
    key = (tag, attrs)
    template = _templates.get(key)
    if template is None:
        scratch = _SCRATCH_NS if tag.startswith("{") else _SCRATCH_PLAIN
        try:
            values = {k: xml_safe(v) for k, v in attrs} if attrs else {}
            template = _SubElement(scratch, tag, values)
        except ValueError:
            template = _NO_TEMPLATE
        if len(_templates) < MAX_TEMPLATES:
            _templates[key] = template
    if template is _NO_TEMPLATE:
        raise ValueError(f"invalid tag name {tag!r}")
    cdef _Element owner = <_Element?>parent
    cdef _Element made = deepcopyNodeToDocument(owner._doc, (<_Element>template)._c_node)
    appendChildToElement(owner, made)
    return made


#: The fields of a ``Diagnostic`` in order.
cdef tuple _FIELDS = ("path", "line", "column", "severity", "message", "code", "kind", "advice")


cpdef object new_diagnostic(path, Py_ssize_t line, Py_ssize_t column, severity, str message,
                            str code, str advice):
    """``Diagnostic(path, line, column, severity, message, code, advice=advice)`` with its slots
    set by the generic attribute setter (the frozen dataclass's own refuses)."""
    made = Diagnostic.__new__(Diagnostic)
    values = (path, line if line >= 1 else 1, column if column >= 1 else 1, severity, message,
              code, "structure", advice)
    cdef Py_ssize_t i
    for i in range(8):
        PyObject_GenericSetAttr(made, _FIELDS[i], values[i])
    return made
