"""scielo-pub: SciELO Markup SGML and SciELO PS XML in, validated collections, sites and records out."""

__version__ = "0.1.0"
