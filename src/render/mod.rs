//! The render stage: Markdown and marks into HTML, pages through Tera templates.

pub mod marks;
pub mod views;
