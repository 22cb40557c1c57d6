//! `pgo/rustc`, the rustc wrapper that makes release builds profile-guided: it adds the
//! committed profile to optimized compiles only, and only when rustc's LLVM can read it. Run
//! with a stand-in rustc that prints the arguments it gets.

use std::fs;
use std::path::Path;
use std::process::Command;

/// A copy of the wrapper beside a profile written by LLVM `profile_llvm`, and a stand-in
/// rustc reporting LLVM `rustc_llvm`.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(profile_llvm: &str, rustc_llvm: &str) -> Setup {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let pgo = dir.path().join("pgo");
        fs::create_dir(&pgo).expect("pgo/");
        let wrapper = Path::new(env!("CARGO_MANIFEST_DIR")).join("pgo/rustc");
        fs::copy(wrapper, pgo.join("rustc")).expect("the wrapper copied");
        fs::write(pgo.join("gloss.profdata"), "a profile").expect("a profile");
        fs::write(pgo.join("llvm-version"), format!("{profile_llvm}\n")).expect("its version");
        let rustc = dir.path().join("fake-rustc");
        fs::write(
            &rustc,
            format!(
                "#!/bin/sh\nif [ \"$1\" = -vV ]; then echo 'rustc 1.95.0'; \
                 echo 'LLVM version: {rustc_llvm}'; exit 0; fi\necho \"$@\"\n"
            ),
        )
        .expect("a stand-in rustc");
        make_executable(&rustc);
        // Sources for the profile to describe, and their checksum as benches/pgo.sh records it.
        fs::create_dir(dir.path().join("src")).expect("src/");
        fs::write(dir.path().join("src/lib.rs"), "fn main() {}\n").expect("a source");
        fs::write(dir.path().join("Cargo.toml"), "[package]\n").expect("a manifest");
        fs::write(dir.path().join("Cargo.lock"), "version = 4\n").expect("a lock file");
        let setup = Setup { dir };
        let sources = setup.wrapper(&["--sources"], &[]);
        fs::write(pgo.join("sources"), sources).expect("pgo/sources");
        setup
    }

    fn profile(&self) -> String {
        let pgo = self.dir.path().join("pgo").canonicalize().expect("pgo/");
        format!("-Cprofile-use={}/gloss.profdata", pgo.display())
    }

    /// What the wrapper printed, run with `args` and `env` (and RUSTC the stand-in).
    fn wrapper(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = Command::new("sh")
            .arg(self.dir.path().join("pgo/rustc"))
            .args(args)
            .env("RUSTC", self.dir.path().join("fake-rustc"))
            .env_remove("GLOSS_PGO")
            .env_remove("RUSTC_WRAPPER")
            .envs(env.iter().copied())
            .output()
            .expect("the wrapper runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    /// What the stand-in rustc was given when the wrapper ran with `args`.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let rustc = self.dir.path().join("fake-rustc");
        let rustc = rustc.to_str().expect("a UTF-8 path");
        let args: Vec<&str> = std::iter::once(rustc).chain(args.iter().copied()).collect();
        self.wrapper(&args, env).trim().to_string()
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

const RELEASE: &[&str] = &["--crate-name", "tera", "-C", "opt-level=3", "src/lib.rs"];

#[test]
fn an_optimized_compile_gets_the_profile_by_its_absolute_path() {
    let setup = Setup::new("22", "22");
    let args = setup.run(RELEASE, &[]);
    assert_eq!(
        args,
        format!(
            "{} {} -Cllvm-args=-no-pgo-warn-mismatch",
            RELEASE.join(" "),
            setup.profile()
        )
    );
    // The joined spelling cargo does not use, but a user's RUSTFLAGS may.
    let joined = setup.run(&["-Copt-level=3", "x.rs"], &[]);
    assert!(joined.contains(&setup.profile()), "{joined}");
    // A newer LLVM reads an older profile.
    let newer = Setup::new("22", "23");
    assert!(newer.run(RELEASE, &[]).contains(&newer.profile()));
}

#[test]
fn other_compiles_are_left_as_they_are() {
    let setup = Setup::new("22", "22");
    for args in [
        &[
            "--crate-name",
            "build_script_build",
            "-C",
            "opt-level=0",
            "build.rs",
        ][..],
        &["--crate-name", "gloss", "src/lib.rs"],
        &["-", "--crate-name", "___", "--print=file-names"],
    ] {
        assert_eq!(setup.run(args, &[]), args.join(" "));
    }
    // Building the instrumented binary (benches/pgo.sh).
    assert_eq!(setup.run(RELEASE, &[("GLOSS_PGO", "0")]), RELEASE.join(" "));
    // An older LLVM cannot read the profile: the plain build rather than a failed one.
    assert_eq!(Setup::new("22", "21").run(RELEASE, &[]), RELEASE.join(" "));
}

#[test]
fn without_the_profile_the_build_is_plain() {
    let setup = Setup::new("22", "22");
    fs::remove_file(setup.dir.path().join("pgo/gloss.profdata")).expect("removed");
    assert_eq!(setup.run(RELEASE, &[]), RELEASE.join(" "));
}

#[test]
fn status_says_whether_a_release_build_would_be_profile_guided() {
    let setup = Setup::new("22", "22");
    let status = |env: &[(&str, &str)]| setup.wrapper(&["--status"], env);
    assert_eq!(
        status(&[]),
        "profile-guided (pgo/gloss.profdata, made from these sources)\n"
    );
    assert_eq!(
        status(&[("GLOSS_PGO", "0")]),
        "not profile-guided: GLOSS_PGO=0\n"
    );
    assert_eq!(
        status(&[("RUSTC_WRAPPER", "sccache")]),
        "not profile-guided: RUSTC_WRAPPER=sccache replaces pgo/rustc\n"
    );
    // Any change to the code or to the dependencies' versions and features.
    for changed in ["src/lib.rs", "Cargo.toml", "Cargo.lock"] {
        let path = setup.dir.path().join(changed);
        let before = fs::read(&path).expect("the file");
        fs::write(&path, [&before[..], b"\n"].concat()).expect("changed");
        assert_eq!(
            status(&[]),
            "profile-guided (pgo/gloss.profdata, made from other sources than these: \
             functions changed since go without it; benches/pgo.sh makes it again)\n",
            "{changed}"
        );
        fs::write(&path, before).expect("changed back");
    }
    fs::write(setup.dir.path().join("src/new.rs"), "").expect("a new file");
    assert!(status(&[]).contains("other sources"));
    fs::write(setup.dir.path().join("pgo/llvm-version"), "23\n").expect("a newer profile");
    assert_eq!(
        status(&[]),
        "not profile-guided: rustc's LLVM 22 is older than the profile's 23\n"
    );
}

/// The packages of gloss's dependency tree with their features, one per line, sorted.
fn dependency_tree(edges: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--prefix",
            "none",
            "--format",
            "{p} [{f}]",
        ])
        .args(["--edges", edges])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{out:?}");
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_string())
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// Building tests or examples along must not change how gloss's dependencies are compiled:
/// their features are part of the symbol names the profile finds functions by (Cargo.toml).
#[test]
fn dev_dependencies_change_no_feature_of_a_dependency() {
    let release = dependency_tree("normal,build");
    let with_dev = dependency_tree("normal,build,dev");
    let changed: Vec<&String> = release.iter().filter(|p| !with_dev.contains(p)).collect();
    assert!(
        changed.is_empty(),
        "built along with tests or examples, these get other features (turn them on in \
         Cargo.toml's [dependencies]):\n{changed:#?}\nwith dev-dependencies:\n{with_dev:#?}"
    );
}
