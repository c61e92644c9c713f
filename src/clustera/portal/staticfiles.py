"""Static files with content hashes in their names, so browsers may keep them for a year.

WhiteNoise serves a file whose name carries its hash (``portal.3f2a1c9b.css``) with
``Cache-Control: max-age=315360000, public, immutable`` and any other with a one-minute
``max-age``; it also serves the gzip and Brotli copies made by ``collectstatic``.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed and compressed; a file missing from the manifest keeps its plain name.

    Not strict: a template naming a file that ``collectstatic`` did not see (an optional
    vendor file such as Leaflet without ``npm ci``) gets its unhashed address instead of a
    server error.
    """

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        """The hashed name, or the plain one when the file was never collected.

        Without ``collectstatic`` (a CLI report, a benchmark or a page rendered before
        ``clustera serve`` collected the files) Django would look for the file under
        ``STATIC_ROOT`` to hash it and raise ``ValueError``; the plain address still works
        (WhiteNoise finds the file through the finders' fallback or it is served later).
        """
        try:
            return str(super().stored_name(name))
        except ValueError:
            return name
