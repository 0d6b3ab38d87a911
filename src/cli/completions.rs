//! `frontline completions SHELL`: a completion script for bash, zsh, fish, elvish or PowerShell,
//! written by clap_complete from the same definition the parser uses, so it never lags behind.

use crate::error::Result;

/// Arguments of `frontline completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline completions bash > ~/.local/share/bash-completion/completions/frontline
  frontline completions zsh > ~/.zfunc/_frontline      (with fpath+=~/.zfunc in .zshrc)
  frontline completions fish > ~/.config/fish/completions/frontline.fish
  frontline completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script to standard output.
pub fn run(args: &Args) -> Result<()> {
    let mut cmd = super::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "frontline", &mut script);
    super::write_output(None, &script)
}
