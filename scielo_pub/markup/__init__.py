"""SGML and XML article readers: article bytes in, canonical trees out.

``SCIELO_PUB_SGML_PURE=1`` makes the process run the pure-Python SGML engine (``sgml_engine``).
"""

import os

if os.environ.get("SCIELO_PUB_SGML_PURE", "") not in ("", "0"):
    from scielo_pub.markup.sgml_engine import install_pure_finder

    install_pure_finder()
