"""The store's citation graph in, SciELO's journal indicators out (serials matching, formulas, SQL), and
the citation-statistics pages that show them (``pages``: one renderer for the served and static site)."""
