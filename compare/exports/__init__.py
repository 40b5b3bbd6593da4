"""Outputs for advisors' reports: data tables, the PDF/HTML report and static chart images.

Pure builders: values in, bytes or documents out. Nothing here imports Flask or the store; the
web layer (``compare.web.exports``, ``compare.web.api``, ``compare.web.embed``) reads the request,
loads the comparison and hands a ``Scope`` to these functions.
"""
