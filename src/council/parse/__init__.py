"""Text and XML in, ``Document`` out: the parsing pipeline.

Stages are modules named by what they do: ``clean`` (undo PDF/OCR damage, keep positions),
``tokens`` (classify lines), ``paragraphs`` (join lines into paragraphs), ``structure`` (build
the tree, with ``masthead`` for what surrounds the paragraphs, ``points`` for nesting sub-points,
``leads`` for lead words and ``markers`` for footnote numbers glued to words), ``references``
(find mentions of other documents), ``akn`` (read the UN's Akoma Ntoso XML); ``checks`` says
where a parse may have gone wrong. docs/parsing.md describes the text parser.
"""

from council.parse.structure import parse_resolution

__all__ = ["parse_resolution"]
