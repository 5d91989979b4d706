# Cython declarations for sgml_instance.py (the compiled engine; see setup.py).

from scielo_pub.markup.sgml_fast cimport FastLoopMixin


cdef class InstanceParser(FastLoopMixin):
    cpdef add_data(self, str data, Py_ssize_t offset)
    cpdef flush_run(self)
