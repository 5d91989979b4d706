"""The store's citation graph in, SciELO's journal indicators out (serials matching, formulas, SQL)."""
