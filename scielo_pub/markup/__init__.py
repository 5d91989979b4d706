"""SGML and XML article readers: article bytes in, canonical trees out.

The SGML engine's modules run compiled where ``setup.py`` built them; ``SCIELO_PUB_SGML_PURE=1``,
or a build older than the sources, makes the process run the pure-Python ones (``sgml_engine``).
"""

import os

from scielo_pub.markup.sgml_engine import PURE_ENV, install_pure_finder, stale

if os.environ.get(PURE_ENV, "") not in ("", "0") or stale():
    install_pure_finder()
