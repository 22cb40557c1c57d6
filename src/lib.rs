//! gloss turns a folder of articles and their annotations into a static, cross-linked
//! briefing site. See `DESIGN.md` for the content format and the pipeline:
//! load → anchor → link → render → write.

pub mod anchor;
pub mod build;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod fix;
pub mod fsutil;
pub mod link;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod parallel;
pub mod render;
pub mod reuse;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod slug;
pub mod source;
pub mod sync;
pub mod text;
pub mod timings;
pub mod w3c;
pub mod watch;
pub mod write;
pub mod yaml;
