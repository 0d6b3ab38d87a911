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
/// The underlying error, when there is one, is kept as the [`source`](std::error::Error::source),
/// so a caller of the library can still tell an SQLite error code from an I/O error.
#[derive(Debug)]
pub struct Error {
    /// The kind decides the exit code.
    pub kind: Kind,
    what: String,
    why: String,
    fix: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
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
            source: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(what: impl Into<String>, why: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            what: what.into(),
            why: why.into(),
            fix: None,
            source: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// Keeps the error this one was made from, as its source.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// An error writing to standard output. A closed pipe (`| head`) is not a failure: it is
    /// [`Kind::BrokenPipe`], and `main` exits quietly.
    pub fn output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error {
                kind: Kind::BrokenPipe,
                what: "output".into(),
                why: e.to_string(),
                fix: None,
                source: Some(Box::new(e)),
            }
        } else {
            Error::runtime("cannot write output", e.to_string()).caused_by(e)
        }
    }

    /// An I/O error on a file: `doing` is the operation ("read", "write", "create"), so the
    /// message says `cannot read <path>: <why>`.
    pub fn file(doing: &str, path: &std::path::Path, e: std::io::Error) -> Self {
        Error::runtime(format!("cannot {doing} {}", path.display()), e.to_string()).caused_by(e)
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

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

// There is deliberately no `From<std::io::Error>`: an I/O error must say which file and which
// operation ([`Error::file`]) or that standard output failed ([`Error::output`]), and a bare `?`
// could say neither.

/// Attaches "what went wrong" to an error, turning it into a runtime [`Error`] that keeps the
/// original as its source.
pub trait Context<T> {
    /// Wraps the error: `what` becomes the first part of the message, the error itself the why.
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::runtime(what(), e.to_string()).caused_by(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn io_errors_name_the_file_and_the_operation_and_keep_their_source() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::file("read", std::path::Path::new("a/facts.toml"), io);
        assert_eq!(e.to_string(), "cannot read a/facts.toml: denied");
        let source = e.source().expect("the I/O error is kept");
        assert_eq!(
            source.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::PermissionDenied)
        );
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_other_output_errors_are_runtime() {
        let pipe = Error::output(std::io::ErrorKind::BrokenPipe.into());
        assert_eq!((pipe.kind, pipe.exit_code()), (Kind::BrokenPipe, 0));
        let full = Error::output(std::io::Error::other("disk full"));
        assert_eq!((full.kind, full.exit_code()), (Kind::Runtime, 1));
        assert!(
            full.to_string().starts_with("cannot write output"),
            "{full}"
        );
    }

    #[test]
    fn context_keeps_the_cause() {
        let r: std::result::Result<(), std::io::Error> = Err(std::io::Error::other("boom"));
        let e = r.context(|| "cannot sync x".into()).unwrap_err();
        assert_eq!(e.to_string(), "cannot sync x: boom");
        assert!(e.source().is_some());
    }
}
