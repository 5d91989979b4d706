# Cython declarations for sgml_fast.py (the compiled engine; see setup.py).

cimport cython

from scielo_pub.markup.sgml_lexer cimport xml_safe
from scielo_pub.markup.sgml_frame cimport Frame, new_frame
from scielo_pub.markup.sgml_parts cimport MarkupMixin


cdef class FastLoopMixin(MarkupMixin):
    @cython.locals(frame=Frame, top=Frame, stack=list, end=Py_ssize_t, start=Py_ssize_t,
                   etago=Py_ssize_t, stago=Py_ssize_t, sa=Py_ssize_t, sa_end=Py_ssize_t,
                   lower=bint, kind=str, raw=str)
    cpdef run_document(self, str text, Py_ssize_t pos)
    cpdef data_before_tag(self, Frame frame, str data, Py_ssize_t offset)
    cpdef bint no_pcdata(self, Frame frame)
    cpdef bint is_leaf(self, decl)
    cpdef list specs(self, str attr_text, Py_ssize_t base)
    cpdef tuple tag_attributes(self, str name, str attr_text, list specs, Py_ssize_t at)
    @cython.locals(frame=Frame, stack=list, depth=Py_ssize_t, tag_end=Py_ssize_t, name=str,
                   raw=str, attr_text=str, at=Py_ssize_t, text=str, la=Py_ssize_t,
                   la_end=Py_ssize_t, data_end=Py_ssize_t)
    cpdef Py_ssize_t fast_leaf(self, m, Py_ssize_t start)
    cpdef fast_element(self, str name, dict attrs, parent, Py_ssize_t start, text=*)
    @cython.locals(frame=Frame, parent=Frame, stack=list, depth=Py_ssize_t, name=str,
                   at=Py_ssize_t, specs=list)
    cpdef Py_ssize_t fast_start_tag(self, str raw, str attr_text, Py_ssize_t base,
                                    Py_ssize_t start, Py_ssize_t end)
    @cython.locals(frame=Frame)
    cpdef fast_push(self, str name, decl, dict attrs, Py_ssize_t start, Frame parent)
    cpdef bint done(self, Frame frame)
    cpdef fast_end_tag(self, Frame frame, Py_ssize_t at)
