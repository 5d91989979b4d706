# Cython declarations for sgml_lexer.py (the compiled engine; see setup.py).

cimport cython


@cython.locals(ch=Py_UCS4, code=Py_UCS4)
cpdef bint _has_bad_chars(str text)
cpdef str xml_safe(str text)
