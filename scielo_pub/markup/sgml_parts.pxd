# Cython declarations for sgml_parts.py (the compiled engine; see setup.py): the parser's state,
# typed so that the document loop reads it without dictionary look-ups.

cimport cython

from scielo_pub.markup.sgml_lexer cimport xml_safe
from scielo_pub.markup.sgml_records cimport RecordEnds
from scielo_pub.markup.sgml_frame cimport Frame, new_frame


cdef dict _STRAY_MESSAGES
cpdef str _stray_message(str data)
cpdef _diagnostic(path, Py_ssize_t line, Py_ssize_t column, severity, str message, str code,
                  str advice)


cdef class MarkupMixin:
    cdef public object dtd
    cdef public str text
    cdef public object path
    cdef public object alg
    cdef public object decl
    cdef public object lex
    cdef public bint fast
    cdef public object finders_plain
    cdef public object finders_net
    cdef public bint plain_tree
    cdef public dict no_pcdata_cache
    cdef public dict leaves
    cdef public dict tag_attrs
    cdef public dict elements
    cdef public dict attlists
    cdef public dict transitions
    cdef public dict nullables
    cdef public bint lower_names
    cdef public bint omittag
    cdef public Py_ssize_t stago_len
    cdef public bint columns
    cdef public list diagnostics
    cdef public list newlines
    cdef public Py_ssize_t line_offset
    cdef public Py_ssize_t line_number
    cdef public object attrs
    cdef public list stack
    cdef public object root
    cdef public str doc_name
    cdef public list run
    cdef public Py_ssize_t run_offset
    cdef public list buf
    cdef public object buf_el
    cdef public bint buf_text
    cdef public Py_ssize_t entity_depth
    cdef public set active_entities
    cdef public Py_ssize_t budget
    cdef public Py_ssize_t ms_depth
    cdef public object ref_offset
    cdef public Py_ssize_t taglvl
    cdef public Py_ssize_t namelen
    cdef public set sdata_warned
    cdef public RecordEnds records
    cdef public object markup_at
    cdef public bint recovering
    cdef public Py_ssize_t net_count
    cdef public bint net_tag
    cdef public object last_ended
    cdef public object rs_done

    cpdef position(self, Py_ssize_t offset)
    @cython.locals(last=Py_ssize_t, line=Py_ssize_t)
    cpdef Py_ssize_t line_of(self, Py_ssize_t offset)
    cpdef add_diagnostic(self, Py_ssize_t line, Py_ssize_t col, severity, str message, str code,
                         str advice)
    cpdef stray(self, str data, Py_ssize_t offset, bint reported=*)
    cpdef append_text(self, str data)
    cpdef flush_buf(self)
    cpdef accept(self, Frame frame, str name)
    cpdef make_element(self, str name, dict attrs, parent, Py_ssize_t start)
