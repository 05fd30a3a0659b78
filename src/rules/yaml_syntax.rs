declare_rule! {
    /// Finds files that are not valid YAML, are not UTF-8 text, or hold more
    /// than one YAML document.
    ///
    /// The finding comes from loading the project, the same for `sop lint`,
    /// `sop graph` and `sop render`. When the file still has a plain
    /// top-level `id:` line, that id counts for `unknown-sop`, so steps that
    /// call the broken SOP get no findings of their own.
    ///
    /// ## Why it matters
    /// Nothing else can be checked in a file that cannot be read, so a file with
    /// this finding gets no other. It also catches input that would make a YAML
    /// reader misbehave: nesting deeper than 64 levels, aliases that expand to
    /// more than 250,000 nodes or 16 MiB of text, a key that appears twice in
    /// one mapping. Characters YAML does not allow are refused too: control
    /// characters such as ESC or NUL, which can hide text from a reviewer, and
    /// a carriage return without a line feed. Written as escapes in a
    /// double-quoted string (`"\e"`, `"\x07"`) they are fine.
    ///
    /// ## Example
    /// ```yaml
    /// title: Handling a complaint
    ///   department: Customer Service   # indented by mistake
    /// ```
    pub struct YamlSyntax;
}
