//! The `tagvote` command line: tag software projects from their README with a vote of scorers,
//! and measure every scorer and the vote against gold labels.

mod annotators;
mod blas;
mod cli;
mod defaults;
mod git;
mod progress;
mod scorers;
mod setup;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    blas::restart_with_suited_kernels();
    init_tracing();
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("Error: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each cause left out when the message before already says it.
fn error_text(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1).map(ToString::to_string) {
        if !text.contains(&cause) {
            text = format!("{text}: {cause}");
        }
    }
    text
}

/// Diagnostics go to stderr; `RUST_LOG` chooses the level (warnings by default).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
