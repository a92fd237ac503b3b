"""The kinds of digest section: one module each, holding the section's data and the rule that fills it.

A rule is `build(given: DigestInput, earlier: tuple[Section, ...]) -> Section`: it reads the digest's material
(digests.inputs) and the sections before it (a tip listed there is not listed again). digests.build.SECTIONS
says which rules make a digest, in reading order; each renderer has one render function per `kind`.
"""
