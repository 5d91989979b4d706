# Cython declarations for sgml_records.py (the compiled engine; see setup.py).

cdef class RecordEnds:
    cdef public int state
    cdef public list levels

    cpdef str run(self, str data)
    cpdef str data(self, str text)
    cpdef str record_end(self)
    cpdef record_start(self)
    cpdef markup(self)
    cpdef str start_element(self, bint included)
    cpdef end_element(self, bint included)
