//! Text on one line, its estimated width, and branch labels wrapped.

use super::*;

/// Text on one line: runs of whitespace become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which font the text will be drawn in, and so how its width is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Font {
    /// Whatever sans-serif the reader's system has (SVG): widths are
    /// estimated.
    #[default]
    Any,
    /// The bundled DejaVu Sans (PNG, PDF): widths are its advance widths.
    Bundled,
}

impl Font {
    /// The width of `text` at `size` px. An estimate errs on the wide side:
    /// the reader's font may be wider than average, and text wider than
    /// its box would cross the border.
    pub fn width(self, text: &str, size: f64) -> f64 {
        let bundled = super::super::font::width(text, size);
        match self {
            Font::Any => estimated_width(text, size).max(bundled),
            Font::Bundled => bundled,
        }
    }

    /// The width of `text` in bold (an estimate makes it a tenth wider).
    pub fn bold_width(self, text: &str, size: f64) -> f64 {
        let bundled = super::super::font::bold_width(text, size);
        match self {
            Font::Any => (estimated_width(text, size) * 1.1).max(bundled),
            Font::Bundled => bundled,
        }
    }

    /// The width of the widest line.
    pub fn widest(self, lines: &[String], size: f64) -> f64 {
        lines
            .iter()
            .map(|line| self.width(line, size))
            .fold(0.0, f64::max)
    }

    /// The width of the widest line in bold.
    pub fn widest_bold(self, lines: &[String], size: f64) -> f64 {
        lines
            .iter()
            .map(|line| self.bold_width(line, size))
            .fold(0.0, f64::max)
    }

    /// Text broken at spaces into lines of at most `width` px. With
    /// estimated widths, into lines of as many characters as a line of
    /// average glyphs (0.6 em) that wide holds, and at least `columns`.
    pub fn wrap(self, text: &str, width: f64, size: f64, columns: usize) -> Vec<String> {
        match self {
            Font::Any => wrap(text, ((width / (size * 0.6)) as usize).max(columns)),
            Font::Bundled => {
                let mut lines: Vec<String> = Vec::new();
                for word in text.split_whitespace() {
                    match lines.last_mut() {
                        Some(line) if self.width(&format!("{line} {word}"), size) <= width => {
                            line.push(' ');
                            line.push_str(word);
                        }
                        _ => lines.push(word.to_string()),
                    }
                }
                if lines.is_empty() {
                    lines.push(String::new());
                }
                lines
            }
        }
    }
}

/// Estimated width of `text` at `size` px, for an unknown font: glyphs are
/// sorted into rough width classes: about 7px for a letter at 13px, more
/// for capitals, wide scripts and emoji, less for thin letters. [`Font`]
/// takes the wider of this and the bundled DejaVu Sans, a wide face (and
/// the sans-serif of many Linux systems), so neither kind of text is
/// underestimated.
fn estimated_width(text: &str, size: f64) -> f64 {
    text.chars().map(glyph_units).sum::<f64>() * size * 0.54
}

fn glyph_units(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | 'I' | 'f' | 't' | 'r' | ' ' | '.' | ',' | ':' | ';' | '\'' | '|'
        | '!' => 0.6,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 1.5,
        'A'..='Z' => 1.25,
        '\u{0}'..='\u{1f}'
        | '\u{300}'..='\u{36f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{fe00}'..='\u{fe0f}' => 0.0,
        '\u{1100}'..='\u{115f}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{1f000}'..='\u{1faff}'
        | '\u{20000}'..='\u{3fffd}' => 1.9,
        _ => 1.0,
    }
}

/// A branch label wrapped, with the size of its white backing.
#[derive(Debug, Clone)]
pub struct LabelText {
    pub lines: Vec<String>,
    pub w: f64,
    pub h: f64,
}

impl LabelText {
    /// Width and height swapped, as [`Content::turn`].
    pub(super) fn turn(&mut self) {
        (self.w, self.h) = (self.h, self.w);
    }
}

pub(super) fn label_text(label: &str, font: Font) -> Option<LabelText> {
    let label = one_line(label);
    if label.is_empty() {
        return None;
    }
    let lines = wrap(&label, LABEL_WRAP);
    Some(LabelText {
        w: font.widest(&lines, LABEL_FONT) + 8.0,
        h: lines.len() as f64 * LABEL_LINE + 4.0,
        lines,
    })
}
