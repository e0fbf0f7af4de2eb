"""Text and XML in, ``Document`` out: the parsing pipeline.

Stages are modules named by what they do: ``clean`` (undo PDF/OCR damage, keep positions),
``tokens`` (classify lines), ``structure`` (build the tree), ``references`` (find mentions of
other documents), ``akn`` (read the UN's Akoma Ntoso XML).
"""
