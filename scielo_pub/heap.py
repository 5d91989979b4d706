"""The objects alive in the ``scielo-pub`` process in, the collector's policy for them out.

``scielo-pub`` (``cli.run``) freezes what its imports made before a command runs (``gc.freeze``),
so the process is known to be the command's own and to end with it. In such a process
:func:`settle` moves what is alive now out of the cyclic collector's way: a build calls it after
each stage that makes an object per article (the published articles, their links), so a full
collection later in the build walks only what was made since, not 100,000 articles' objects each
time. Frozen objects are still freed by reference counting when the build drops them; only a
reference cycle among them would outlive its use, until the process ends. So :func:`settle`
first collects the garbage already made (one full collection of what was made since the last
freeze): a stage's structures that refer to each other and were dropped as it ended (the links
stage's ``link_state.Views``, which holds every article's input and the stage's digests, and the
SQL statements the stage compiled) are freed, not frozen. Elsewhere (a test, a server, a program
calling ``cli.main``) nothing was frozen and :func:`settle` does nothing: a long-lived process
must keep collecting its garbage.
"""

from __future__ import annotations

import gc

#: False: :func:`settle` never freezes (the tests compare both).
SETTLE = True
#: False: :func:`settle` freezes the garbage it finds with what is alive (the tests count it).
COLLECT_FIRST = True


def settle() -> bool:
    """Freeze what is alive now if this process froze its imports (``cli.run``), its garbage
    collected first; whether it did."""
    if SETTLE and gc.get_freeze_count():
        if COLLECT_FIRST:
            gc.collect()
        gc.freeze()
        return True
    return False
