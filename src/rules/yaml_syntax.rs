use crate::diagnostic::{Diagnostic, Label};
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::yaml::{ByteSpan, SyntaxError};

declare_rule! {
    /// Finds files that are not valid YAML, are not UTF-8 text, or hold more
    /// than one YAML document.
    ///
    /// ## Why it matters
    /// Nothing else can be checked in a file that cannot be read, so a file with
    /// this finding gets no other. It also catches input that would make a YAML
    /// reader misbehave: nesting deeper than 64 levels, aliases that expand to
    /// more than 250,000 nodes, a key that appears twice in one mapping.
    ///
    /// ## Example
    /// ```yaml
    /// title: Handling a complaint
    ///   department: Customer Service   # indented by mistake
    /// ```
    pub struct YamlSyntax;
}

/// The finding for a file that could not be parsed.
pub fn check(source: &SourceFile, error: &SyntaxError) -> Diagnostic {
    let span = ByteSpan {
        start: error.offset,
        end: error.offset,
    };
    Diagnostic::at(Rule::YamlSyntax, source, span, error.message.clone())
}

/// The finding for a file that could not be read as text.
pub fn unreadable(source: &SourceFile, offset: Option<usize>, message: String) -> Diagnostic {
    let label = offset.map(|offset| {
        Label::new(
            source,
            ByteSpan {
                start: offset,
                end: offset,
            },
        )
    });
    Diagnostic::new(Rule::YamlSyntax, &source.path, label, message)
}
