declare_rule! {
    /// Finds files that `sop` does not read: a symbolic link whose target lies
    /// outside the project, a symbolic link loop or a link to nothing, a FIFO,
    /// socket or device named `*.yaml`, a file larger than the size limit
    /// (8 MiB unless `[limits]` raises it), or a file the operating system
    /// will not let `sop` read.
    ///
    /// The finding names the path and why; it never shows anything of what a
    /// link points at. Nothing blocks: the run goes on with the other files.
    ///
    /// ## Why it matters
    /// `sop lint` runs in CI on pull requests that anyone can send. A link such
    /// as `env.yaml -> /proc/self/environ` would otherwise print the CI job's
    /// secrets into a public log, a FIFO would hang the job, and a link loop
    /// would stop every other file from being checked.
    ///
    /// ## Example
    /// ```sh
    /// ln -s /etc/passwd sops/users.yaml   # outside the project: not read
    /// ln -s .. sops/loop                   # a loop: not followed
    /// mkfifo sops/pipe.yaml                # not a regular file: not read
    /// ```
    pub struct UnreadableFile;
}
