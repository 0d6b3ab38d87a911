//! The domain layer: what frontline knows about news reports, apart from how they are stored.
//!
//! The seed format and its loader, the quantity parser with its qualifier arithmetic, search
//! terms and snippets, and naming zones. These modules decide what a fact is and how numbers
//! combine; the archive layer ([`crate::archive`]) stores and reads them, and the CLI
//! ([`crate::cli`]) only parses arguments and prints.

pub mod check;
pub mod cite;
pub mod datasette;
pub mod draft;
pub mod load;
pub mod model;
pub mod quantity;
pub mod search;
pub mod seed;
pub mod zone;
