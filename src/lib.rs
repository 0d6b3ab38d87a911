//! frontline: the facts of Chinese news reports kept in one SQLite archive, every fact citing its
//! passage, with named aggregate queries, read-only SQL, search, reports, backup and checks.
//!
//! The crate is a library with a thin command line on top, in three layers:
//!
//! - [`archive`]: the only code that opens an archive file or holds SQL. It identifies the file,
//!   checks its schema version, locks it down for the mode it is opened in, applies the numbered
//!   migrations and the named queries' views, and maps every SQLite error to a message with a hint.
//! - [`domain`]: the seed format and loader, quantities and their qualifiers, search and zones:
//!   the rules of the data, independent of storage and of the terminal.
//! - [`cli`]: one small module per command, which parses its arguments, calls the layers below and
//!   prints through [`output`] (tables, CSV, JSON, ...) or [`report`] (Markdown, HTML).
//!
//! Errors are one type, [`error::Error`], printed as `frontline: <what went wrong>: <why>, <what
//! to do>`; its kind decides the exit code (1 runtime, 2 usage, a closed pipe exits quietly).

pub mod archive;
pub mod cli;
pub mod domain;
pub mod error;
pub mod output;
pub mod report;
pub mod size;
