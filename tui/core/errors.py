"""Errors a user can cause: the CLI and the app show them as one line, never a traceback."""


class PostilError(Exception):
    """Base of every error that is the user's to fix: a bad path, a bad quote, a damaged store."""


class DocumentError(PostilError):
    """A document could not be read as text."""


class QuoteError(PostilError):
    """A quote could not be turned into one passage of a document."""


class NotFoundError(PostilError):
    """An annotation, document or tag that was asked for does not exist."""


class StoreError(PostilError):
    """The store cannot be used as it is."""


class StoreCorruptError(StoreError):
    """A store file does not parse; it is left untouched so nothing is lost."""


class StoreVersionError(StoreError):
    """A store file was written by a newer postil and must not be rewritten by this one."""


class UsageError(PostilError):
    """Arguments that do not fit together; the CLI exits with status 2 for these."""
