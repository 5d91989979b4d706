# cython: language_level=3
"""lxml elements for the compiled SGML engine: a parent, a tag and its attributes in, the new
subelement out, as ``etree.SubElement`` makes it; Diagnostics made by direct slot setting.

``etree.SubElement`` checks the tag and every attribute name on each call, and its check costs a
``TypeError`` raised and cleared inside CPython (``b':' in name``) per name. Here each distinct
(tag, attributes) pair is made once by ``etree.SubElement`` under a scratch parent (so every check
and its ``ValueError`` happen as before) and kept as a template; each element after that is a
copy of its template made through lxml's public C API (``deepcopyNodeToDocument``) and appended
with ``appendChildToElement``, which also drops the copy's namespace declaration where an
ancestor declares the same one; a stray element (``stray_element``) is a copy of a plain template
bound to the marker namespace's declaration in scope, which leaves no declaration to remove.
Only the compiled engine uses this module (``setup.py`` builds
it against the headers of the lxml it installs with); the pure-Python engine calls
``etree.SubElement`` and the tests check that both give identical trees.
"""

from cpython.ref cimport PyObject
from libc.string cimport strcmp

from lxml.includes cimport tree
from lxml.includes.etreepublic cimport (
    _Element, appendChildToElement, deepcopyNodeToDocument, setNodeText)
from lxml.includes.etreepublic cimport LXML_VERSION_STRING, import_lxml__etree

from lxml import etree

from scielo_pub.errors import Diagnostic
from scielo_pub.markup.sgml_lexer import xml_safe

#: The lxml this module was compiled against; another major version may lay out its types or
#: API otherwise, so importing this module then fails and the engine uses the Python API.
BUILT_AGAINST = LXML_VERSION_STRING.decode("ascii")
if BUILT_AGAINST.split(".")[0] != etree.__version__.split(".")[0]:
    raise ImportError(f"sgml_lxml was built against lxml {BUILT_AGAINST}, not {etree.__version__}")
import_lxml__etree()


cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        pass
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    int PyMember_SetOne(char* address, PyMemberDef* member, PyObject* value) except -1

#: Most templates kept; past it elements are made by ``etree.SubElement`` as before.
cdef Py_ssize_t MAX_TEMPLATES = 4096
cdef dict _templates = {}
cdef object _SubElement = etree.SubElement
cdef object _NO_TEMPLATE = object()


cdef object _scratch(dict nsmap):
    return etree.Element("scratch", nsmap=nsmap)


cdef object _SCRATCH_PLAIN = _scratch({})
cdef str _NS = "urn:scielo-pub:sgml"
cdef bytes _NS_UTF8 = _NS.encode()
cdef bytes _PREFIX = b"sgml"
cdef object _SCRATCH_NS = _scratch({"sgml": _NS})
cdef str _STRAY = "{" + _NS + "}stray"
#: A stray element's local name, without a namespace (``stray_element`` binds its copies).
cdef object _STRAY_TEMPLATE = _SubElement(_SCRATCH_PLAIN, "stray")


cdef tree.xmlNs* _sgml_ns_in_scope(tree.xmlNode* c_node):
    """The nearest declaration of the marker namespace among ``c_node`` and its ancestors when
    it binds the prefix ``sgml`` and no nearer declaration rebinds that prefix (the one
    ``SubElement`` binds a new ``{urn:scielo-pub:sgml}`` element to); else NULL."""
    cdef tree.xmlNs* c_ns
    cdef const char* href = _NS_UTF8
    cdef const char* prefix = _PREFIX
    while c_node is not NULL and c_node.type == tree.XML_ELEMENT_NODE:
        c_ns = c_node.nsDef
        while c_ns is not NULL:
            if c_ns.prefix is not NULL and strcmp(<const char*>c_ns.prefix, prefix) == 0:
                if c_ns.href is not NULL and strcmp(<const char*>c_ns.href, href) == 0:
                    return c_ns
                return NULL
            if c_ns.href is not NULL and strcmp(<const char*>c_ns.href, href) == 0:
                return NULL
            c_ns = c_ns.next
        c_node = c_node.parent
    return NULL


cpdef object sub_element(object parent, str tag, tuple attrs, Py_ssize_t line, object text):
    """``etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs})`` (``attrs``: the
    (name, value) pairs in order) with its ``sourceline`` set to ``line`` (at most 65535, the
    most lxml holds) and, unless None, its ``text`` to ``text``; a ``ValueError`` as
    ``SubElement`` raises one."""
    if line > 65535:
        line = 65535
    cdef _Element owner = <_Element?>parent
    namespaced = tag.startswith("{")
    if namespaced and not (
            tag.startswith("{" + _NS + "}") and _sgml_ns_in_scope(owner._c_node) is not NULL):
        made = _SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs} if attrs else {})
        made.sourceline = line
        if text is not None:
            made.text = text
        return made
    key = (tag, attrs)
    template = _templates.get(key)
    if template is None:
        scratch = _SCRATCH_NS if namespaced else _SCRATCH_PLAIN
        try:
            values = {k: xml_safe(v) for k, v in attrs} if attrs else {}
            template = _SubElement(scratch, tag, values)
        except ValueError:
            template = _NO_TEMPLATE
        if len(_templates) < MAX_TEMPLATES:
            _templates[key] = template
    if template is _NO_TEMPLATE:
        raise ValueError(f"invalid tag name {tag!r}")
    cdef _Element copy = deepcopyNodeToDocument(owner._doc, (<_Element>template)._c_node)
    appendChildToElement(owner, copy)
    copy._c_node.line = line if line > 0 else 0  # as the ``sourceline`` setter does
    if text is not None:
        setNodeText(copy._c_node, text)
    return copy


cpdef object stray_element(object parent, Py_ssize_t line, object text):
    """``sub_element(parent, "{urn:scielo-pub:sgml}stray", (), line, text)``: where the marker
    namespace is in scope with the prefix ``sgml`` (below the document element, always), a copy
    of a plain ``stray`` template bound to that declaration, as ``SubElement`` binds it, without
    the namespace declaration a namespaced copy carries and its removal on append."""
    cdef _Element owner = <_Element?>parent
    cdef tree.xmlNs* c_ns = _sgml_ns_in_scope(owner._c_node)
    if c_ns is NULL:
        return sub_element(parent, _STRAY, (), line, text)
    if line > 65535:
        line = 65535
    cdef _Element copy = deepcopyNodeToDocument(owner._doc, (<_Element>_STRAY_TEMPLATE)._c_node)
    appendChildToElement(owner, copy)
    copy._c_node.ns = c_ns
    copy._c_node.line = line if line > 0 else 0  # as the ``sourceline`` setter does
    if text is not None:
        setNodeText(copy._c_node, text)
    return copy


#: The fields of a ``Diagnostic`` in order.
cdef tuple _FIELDS = ("path", "line", "column", "severity", "message", "code", "kind", "advice")
#: Their slots (member descriptors: a frozen dataclass with ``slots=True``), in that order.
cdef PyMemberDef* _MEMBERS[8]


cdef int _members() except -1:
    cdef Py_ssize_t i
    for i in range(8):
        descriptor = Diagnostic.__dict__[_FIELDS[i]]
        if type(descriptor).__name__ != "member_descriptor":
            raise ImportError(f"Diagnostic.{_FIELDS[i]} is not a slot")
        _MEMBERS[i] = (<PyMemberDescrObject*>descriptor).d_member
    return 0


_members()


cdef inline int _set(object made, int field, object value) except -1:
    return PyMember_SetOne(<char*><PyObject*>made, _MEMBERS[field], <PyObject*>value)


cpdef object new_diagnostic(path, Py_ssize_t line, Py_ssize_t column, severity, str message,
                            str code, str advice):
    """``Diagnostic(path, line, column, severity, message, code, advice=advice)`` with its slots
    set through their member definitions (the frozen dataclass's own setter refuses); positions
    below 1 become 1, as its ``__post_init__`` does."""
    made = Diagnostic.__new__(Diagnostic)
    _set(made, 0, path)
    _set(made, 1, line if line >= 1 else 1)
    _set(made, 2, column if column >= 1 else 1)
    _set(made, 3, severity)
    _set(made, 4, message)
    _set(made, 5, code)
    _set(made, 6, "structure")
    _set(made, 7, advice)
    return made
