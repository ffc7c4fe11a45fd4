"""Compiled Jinja templates kept in memory, for environments made again and again in one process."""

from __future__ import annotations

from jinja2.bccache import BytecodeCache, Bucket


class TemplateCode(BytecodeCache):
    """The theme's compiled templates, kept in memory across serve's rebuilds.

    MkDocs makes a new Jinja environment for every build, so every rebuild
    compiled the theme's page, 404 and sitemap templates again (about a
    second for one edited page). Jinja keys the code by template name and
    a checksum of its source: a changed template is compiled again.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
