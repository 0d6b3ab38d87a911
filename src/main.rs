//! The `frontline` binary: parses the command line, runs it, and maps the result to an exit code
//! (0 ok, 1 runtime error, 2 usage error; a closed output pipe exits quietly). Everything else is
//! in the library (`frontline::cli` and the layers below it).

use clap::error::ErrorKind;

use frontline::cli;
use frontline::error::Kind;

fn main() {
    // A file-size limit (ulimit -f) must surface as a write error we report and clean up after,
    // like a full disk, not as a signal that kills the process mid-write.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // An empty FRONTLINE_DB means "not set", not "an archive with an empty name".
    if std::env::var_os("FRONTLINE_DB").is_some_and(|v| v.is_empty()) {
        // SAFETY: at start-up, before any thread exists.
        unsafe { std::env::remove_var("FRONTLINE_DB") };
    }
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    if let Err(e) = cli::run(&cli) {
        if e.kind != Kind::BrokenPipe {
            eprintln!("frontline: {e}");
        }
        std::process::exit(e.exit_code());
    }
}

/// Ends the process for an argument clap could not parse, in frontline's own error style
/// (`frontline: <what>`, then clap's usage line and hint) and with clap's exit code (2). Help and
/// the version are not errors: clap prints them as usual.
fn usage_error(e: clap::Error) -> ! {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    eprint!("{}", cli::clap_message(&e));
    std::process::exit(e.exit_code());
}
