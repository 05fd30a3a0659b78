//! The findings last published for an open document, kept beside the
//! diagnostics they were sent as: a code action's request names
//! diagnostics, and its fixes are of the findings behind them.
//!
//! Each diagnostic carries its index in the list as `data` (`{"finding":
//! 3}`), which clients hand back untouched; a client that drops it is
//! matched by code, range and message instead. The index alone is not
//! trusted: Neovim 0.7 hands back byte columns as UTF-16 ones, so its
//! ranges do not match on a line with non-ASCII text, but its code and
//! message must.

use lsp_types::Diagnostic as LspDiagnostic;
use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;

/// The diagnostics of one lint, and the findings they show: the first
/// diagnostics, one each; a diagnostic that is no finding (a project that
/// cannot be loaded) has none, and no fix.
#[derive(Debug, Default)]
pub struct Published {
    diagnostics: Vec<LspDiagnostic>,
    findings: Vec<Diagnostic>,
}

/// The `data` of the diagnostic at `index` of its list.
pub fn data(index: usize) -> Value {
    json!({ "finding": index })
}

impl Published {
    /// `diagnostics[i]` shows `findings[i]`.
    pub fn new(diagnostics: Vec<LspDiagnostic>, findings: Vec<Diagnostic>) -> Published {
        Published {
            diagnostics,
            findings,
        }
    }

    /// The finding a client's diagnostic stands for, if it is one of
    /// these (not one of an older text, nor another server's).
    pub fn finding_of(&self, asked: &LspDiagnostic) -> Option<&Diagnostic> {
        let same =
            |shown: &LspDiagnostic| shown.code == asked.code && shown.message == asked.message;
        let by_data = asked
            .data
            .as_ref()
            .and_then(|data| data.get("finding")?.as_u64())
            .and_then(|index| usize::try_from(index).ok())
            .filter(|&index| self.diagnostics.get(index).is_some_and(same));
        let index = by_data.or_else(|| {
            self.diagnostics
                .iter()
                .position(|shown| same(shown) && shown.range == asked.range)
        })?;
        self.findings.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::tests::finding_at;
    use lsp_types::{NumberOrString, Position, Range};

    fn shown(index: usize, character: u32) -> LspDiagnostic {
        LspDiagnostic {
            range: Range::new(Position::new(1, character), Position::new(1, character + 5)),
            code: Some(NumberOrString::String("unknown-step".into())),
            message: format!("no step {index}"),
            data: Some(data(index)),
            ..LspDiagnostic::default()
        }
    }

    #[test]
    fn a_diagnostic_is_found_by_its_index_or_its_range() {
        let text = "a: 1\n    goto: refnd\n    goto: clos\n";
        let findings = vec![finding_at(text, "refnd"), finding_at(text, "clos")];
        let published = Published::new(vec![shown(0, 10), shown(1, 20)], findings.clone());
        // Neovim 0.7: the index kept, the columns in bytes.
        let mut asked = shown(1, 24);
        assert_eq!(published.finding_of(&asked), Some(&findings[1]));
        // Without `data`: by its range.
        asked.data = None;
        assert_eq!(published.finding_of(&asked), None);
        asked.range = shown(1, 20).range;
        assert_eq!(published.finding_of(&asked), Some(&findings[1]));
        // An index that shows another finding now (an older text): no.
        let mut stale = shown(0, 10);
        stale.message = "no step 7".into();
        assert_eq!(published.finding_of(&stale), None);
    }
}
