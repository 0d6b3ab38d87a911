//! Progress on standard error for long work (`import`, `init --seed`, `report`; `backup` draws its
//! own from the copy's size): a bar drawn by indicatif,
//! only when standard error is a terminal, never with `--quiet`, and cleared when the work ends,
//! so that logs, pipes and scripts see exactly what they saw before.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// `--quiet`: no progress.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets `--quiet` for this process.
pub fn set_quiet(on: bool) {
    QUIET.store(on, Ordering::Relaxed);
}

/// Whether progress is off (`--quiet`); commands with their own progress display ask this.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A bar counting `len` steps of `unit` (zones, ...), labelled `what`; hidden like [`articles`].
pub fn steps(len: usize, what: &str, unit: &str) -> ProgressBar {
    if quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar =
        ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{msg}} {{wide_bar}} {{pos}}/{{len}} {unit} {{eta}}"
    )) {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// A bar counting `len` articles, labelled `what`; hidden (drawing nothing) unless standard error
/// is a terminal and `--quiet` is off.
pub fn articles(len: usize, what: &str) -> ProgressBar {
    if QUIET.load(Ordering::Relaxed) || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar =
        ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr_with_hz(10));
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} articles {eta}") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar.tick();
    bar
}
