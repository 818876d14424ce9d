//! What a README shows about the kind of project: install commands, import lines, CLI usage,
//! `docker run`, screenshots, downloads, each a pseudo-term the learned weights can use.

use tagvote_core::markdown::{Segment, SegmentKind};

const LIB_INSTALL: [&str; 14] = [
    "pip install ",
    "pip3 install ",
    "npm install ",
    "npm i ",
    "yarn add ",
    "pnpm add ",
    "cargo add ",
    "go get ",
    "composer require ",
    "dotnet add package ",
    "install-package ",
    "poetry add ",
    "uv add ",
    "bun add ",
];
const GLOBAL_INSTALL: [&str; 14] = [
    "cargo install ",
    "npm install -g ",
    "npm i -g ",
    "brew install ",
    "go install ",
    "pipx install ",
    "apt install ",
    "apt-get install ",
    "scoop install ",
    "choco install ",
    "winget install ",
    "snap install ",
    "pacman -s ",
    "nix-env ",
];
const IMPORT: [&str; 7] = [
    "import ",
    "from ",
    "use ",
    "#include ",
    "using ",
    "require ",
    "extern crate ",
];
const CONTAINER: [&str; 5] = [
    "docker run ",
    "docker compose ",
    "docker-compose ",
    "helm install ",
    "kubectl apply ",
];
const BUILD: [&str; 4] = ["git clone ", "make", "npm run ", "npm start"];

/// The pseudo-terms of the cues `text` (split into `segs` by `markdown::segments`) shows, each at
/// most once.
pub fn kind_cues(text: &str, segs: &[Segment]) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut add = |cue: &'static str| {
        if !found.contains(&cue) {
            found.push(cue);
        }
    };
    for seg in segs.iter().filter(|s| s.kind == SegmentKind::Code) {
        for line in seg.text.lines() {
            let line = command_line(line);
            let starts = |set: &[&str]| set.iter().any(|p| line.starts_with(p));
            if starts(&LIB_INSTALL) && !line.contains(" -g ") {
                add("zzcuelibinstall");
            } else if starts(&GLOBAL_INSTALL) {
                add("zzcueglobalinstall");
            } else if starts(&CONTAINER) {
                add("zzcuecontainer");
            } else if starts(&BUILD) {
                add("zzcuebuild");
            } else if starts(&IMPORT) || line.contains("require(") {
                add("zzcueimport");
            } else if is_flag_usage(&line) {
                add("zzcueflags");
            }
        }
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("screenshot") || image_count(&lower) >= 2 {
        add("zzcuescreenshot");
    }
    if ["app store", "google play", ".dmg", ".exe", "appimage", "/releases"]
        .iter()
        .any(|p| lower.contains(p))
    {
        add("zzcuedownload");
    }
    found
}

/// A code line lower-cased, without its shell prompt or `sudo`.
fn command_line(line: &str) -> String {
    let line = line.trim_start();
    let line = line
        .strip_prefix("$ ")
        .or_else(|| line.strip_prefix("> "))
        .unwrap_or(line);
    let line = line.strip_prefix("sudo ").unwrap_or(line).trim_start();
    let mut out = line.to_ascii_lowercase();
    out.push(' ');
    out
}

/// A command with a flag right after its name or subcommand (`tool --flag`, `tool sub -x`).
fn is_flag_usage(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().take(3).collect();
    words.len() >= 2
        && words[0]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && words[1..].iter().any(|w| w.starts_with('-') && w.len() > 1)
}

/// Markdown or HTML images that are not badges.
fn image_count(lower: &str) -> usize {
    lower
        .match_indices("![")
        .chain(lower.match_indices("<img"))
        .filter(|(i, _)| {
            let rest: String = lower[*i..].chars().take(200).collect();
            [".png", ".gif", ".jpg", ".jpeg", ".webp"]
                .iter()
                .any(|e| rest.contains(e))
                && !rest.contains("badge")
                && !rest.contains("shields.io")
        })
        .count()
}

#[cfg(test)]
mod tests {
    use tagvote_core::markdown::segments;

    fn kind_cues(text: &str) -> Vec<&'static str> {
        super::kind_cues(text, &segments(text))
    }

    #[test]
    fn install_commands_tell_a_library_from_a_tool() {
        let lib = "# tiny\n\nA helper.\n\n```sh\n$ pip install tiny\n```\n\n```python\nimport tiny\n```\n";
        assert_eq!(kind_cues(lib), vec!["zzcuelibinstall", "zzcueimport"]);
        let tool = "# tool\n\nDoes things.\n\n```\nsudo cargo install tool\ntool --fast input.txt\n```\n";
        assert_eq!(kind_cues(tool), vec!["zzcueglobalinstall", "zzcueflags"]);
        let global_npm = "# x\n\ny\n\n```\nnpm install -g x\n```\n";
        assert_eq!(kind_cues(global_npm), vec!["zzcueglobalinstall"]);
    }

    #[test]
    fn comments_and_prose_give_no_command_cues() {
        assert!(kind_cues("# x\n\nRun pip install x in a shell.\n").is_empty());
        assert!(kind_cues("# x\n\ny\n\n```\n# docker run x\n```\n").is_empty());
        assert_eq!(
            kind_cues("# x\n\ny\n\n```\ndocker run -p 80:80 x\n```\n"),
            vec!["zzcuecontainer"]
        );
    }

    #[test]
    fn screenshots_are_images_that_are_not_badges() {
        let badges = "# x\n\n![ci](https://img.shields.io/badge/ci-green.svg) ![b](https://x.org/badge.png)\n";
        assert!(kind_cues(badges).is_empty());
        let shots = "# x\n\n![main window](docs/main.png)\n\n<img src=\"docs/dark.gif\">\n";
        assert_eq!(kind_cues(shots), vec!["zzcuescreenshot"]);
    }

    #[test]
    fn non_ascii_text_after_an_image_is_read_without_panicking() {
        let text = format!(
            "# x\n\n![{}](a.png) ![b](b.png) Téléchargez l'AppImage\n",
            "é".repeat(150)
        );
        assert_eq!(kind_cues(&text), vec!["zzcuescreenshot", "zzcuedownload"]);
    }
}
