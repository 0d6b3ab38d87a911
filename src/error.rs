//! One error type for the whole program, so that `main` can map every failure to an exit code in
//! one place and print it in one shape: `frontline: <what went wrong>: <why>, <what to do>`.
//!
//! Exit codes are part of frontline's interface for scripts: 0 success, 1 runtime error (bad
//! archive, bad seed, I/O), 2 usage error (bad arguments, unknown names). A closed output pipe is
//! not an error at all; it is reported as [`Kind::BrokenPipe`] and `main` exits quietly.

use std::fmt;

/// What sort of failure an [`Error`] is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Something went wrong while doing the work (exit 1).
    Runtime,
    /// The command line asked for something impossible (exit 2).
    Usage,
    /// The reader of our output went away (`| head`); exit quietly.
    BrokenPipe,
}

/// A failure with what went wrong, why, and (where we know it) what the user can do about it.
#[derive(Debug)]
pub struct Error {
    /// The kind decides the exit code.
    pub kind: Kind,
    what: String,
    why: String,
    fix: Option<String>,
}

/// Result type used across frontline.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A runtime error (exit 1).
    pub fn runtime(what: impl Into<String>, why: impl Into<String>) -> Self {
        Error {
            kind: Kind::Runtime,
            what: what.into(),
            why: why.into(),
            fix: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(what: impl Into<String>, why: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            what: what.into(),
            why: why.into(),
            fix: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// The exit code `main` should use.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Runtime => 1,
            Kind::Usage => 2,
            Kind::BrokenPipe => 0,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.why)?;
        if let Some(fix) = &self.fix {
            write!(f, ", {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    /// Bare I/O errors only arise while writing output; a closed pipe is not a failure.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error {
                kind: Kind::BrokenPipe,
                what: "output".into(),
                why: e.to_string(),
                fix: None,
            }
        } else {
            Error::runtime("cannot write output", e.to_string())
        }
    }
}

/// Attaches "what went wrong" to any displayable error, turning it into a runtime [`Error`].
pub trait Context<T> {
    /// Wraps the error: `what` becomes the first part of the message, the error itself the why.
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::runtime(what(), e.to_string()))
    }
}
