"""The typed model: canonical SciELO PS trees in, frozen Article/Journal/Issue/Collection records out."""

from .article import actual_counts, article_from_tree, split_issue
from .types import (
    Abstract,
    AbstractSection,
    Affiliation,
    Article,
    Collection,
    Contributor,
    Counts,
    Funding,
    Issue,
    Journal,
    KeywordGroup,
    License,
    PartialDate,
    RefAuthor,
    Reference,
    SubArticle,
)

__all__ = [
    "Abstract",
    "AbstractSection",
    "Affiliation",
    "Article",
    "Collection",
    "Contributor",
    "Counts",
    "Funding",
    "Issue",
    "Journal",
    "KeywordGroup",
    "License",
    "PartialDate",
    "RefAuthor",
    "Reference",
    "SubArticle",
    "actual_counts",
    "article_from_tree",
    "split_issue",
]
