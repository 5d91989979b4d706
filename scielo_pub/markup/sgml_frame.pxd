# Cython declarations for sgml_frame.py (the compiled engine; see setup.py): one open element,
# typed so that the document loop reads its fields without dictionary look-ups.

cdef class Frame:
    cdef public str name
    cdef public object decl
    cdef public str content
    cdef public bint mixed
    cdef public object state
    cdef public object el
    cdef public object incl
    cdef public object excl
    cdef public bint in_pcdata
    cdef public Py_ssize_t offset
    cdef public bint included
    cdef public bint net
    cdef public object srmap

    cpdef setup(self, str name, decl, state, el, incl, excl, Py_ssize_t offset, bint included)


cpdef Frame new_frame(str name, decl, state, el, incl, excl, Py_ssize_t offset, bint included)
