# Cython declarations for sgml_instance.py (the compiled engine; see setup.py).

from scielo_pub.markup.sgml_fast cimport FastLoopMixin
from scielo_pub.markup.sgml_parts cimport Frame


cdef class InstanceParser(FastLoopMixin):
    cpdef position(self, Py_ssize_t offset)
    cpdef report(self, Py_ssize_t offset, str message, str code, severity=*, advice=*, at=*)
    cpdef add_data(self, str data, Py_ssize_t offset)
    cpdef flush_run(self)
    cpdef stray(self, str data, Py_ssize_t offset, bint reported=*)
    cpdef append_text(self, str data)
    cpdef flush_buf(self)
