//! How finely the per-article stages are cut up between threads.

/// The most items one thread takes in a piece (rayon's `with_max_len`). Left to itself, rayon
/// cuts a list into a few pieces per thread and splits a piece further only when another
/// thread steals from it; the last piece could then hold over a thousand articles, and at
/// 10,000 articles one core waited ~50 ms at the end of a stage while the other finished it.
/// Eight articles take well under a millisecond, and the pieces cost a microsecond each.
pub const PIECE: usize = 8;
