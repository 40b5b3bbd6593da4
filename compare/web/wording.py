"""The exports' catalogue (``compare.exports.wording``) for views: ``_`` in the request's language.

The API, export and embed views word their errors with it, so their Dutch lives in the same
catalogue as the report's and the embeds' (the site's catalogue stays the pages engineer's).
"""

from __future__ import annotations

from compare.exports.wording import translations
from compare.web.i18n import current_language


def gettext(message: str, **values: object) -> str:
    """``message`` in the request's language, with ``%(name)s`` placeholders filled from ``values``."""
    text = translations(current_language()).gettext(message)
    return text % values if values else text
