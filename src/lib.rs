//! gloss: a static-site generator for annotated briefings.
