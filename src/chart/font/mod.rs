//! The font of PNG and PDF charts, bundled so that they look the same on
//! every machine and so that the layout can measure text with the advance
//! widths it is drawn with: subsets of DejaVu Sans, regular and bold (their
//! licence is `LICENSE` beside them).

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// The family name the SVG asks for when drawn with the bundled font.
pub const FAMILY: &str = "DejaVu Sans";

const REGULAR: &[u8] = include_bytes!("DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("DejaVuSans-Bold.ttf");

/// The advance width of every character a face has, in em, with that of
/// its missing-glyph box for the others (what a renderer draws for them).
struct Advances {
    face: ttf_parser::Face<'static>,
    per_em: f64,
    missing: f64,
    /// The advance of each ASCII character, looked up once: most text of
    /// a chart is ASCII, and the face's tables are searched per character.
    ascii: [f64; 128],
}

impl Advances {
    fn parse(data: &'static [u8]) -> Advances {
        // The bundled files are fonts; a unit test parses both.
        let face = ttf_parser::Face::parse(data, 0).expect("the bundled font parses");
        let per_em = f64::from(face.units_per_em());
        let missing = f64::from(face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0));
        let ascii = std::array::from_fn(|code| {
            let c = char::from(u8::try_from(code).expect("an ASCII code"));
            advance(&face, missing, c)
        });
        Advances {
            face,
            per_em,
            missing,
            ascii,
        }
    }

    fn width(&self, text: &str, size: f64) -> f64 {
        let units: f64 = text
            .chars()
            .map(|c| match self.ascii.get(c as usize) {
                Some(&units) => units,
                None => advance(&self.face, self.missing, c),
            })
            .sum();
        units / self.per_em * size
    }
}

/// The advance of `c` in `face`, in font units: `missing` where it has no glyph.
fn advance(face: &ttf_parser::Face, missing: f64, c: char) -> f64 {
    face.glyph_index(c)
        .and_then(|glyph| face.glyph_hor_advance(glyph))
        .map_or(missing, f64::from)
}

fn faces() -> &'static [Advances; 2] {
    static FACES: OnceLock<[Advances; 2]> = OnceLock::new();
    FACES.get_or_init(|| [Advances::parse(REGULAR), Advances::parse(BOLD)])
}

/// The width of `text` at `size` px in the bundled regular face.
pub(crate) fn width(text: &str, size: f64) -> f64 {
    faces()[0].width(text, size)
}

/// The width of `text` at `size` px in the bundled bold face.
pub(crate) fn bold_width(text: &str, size: f64) -> f64 {
    faces()[1].width(text, size)
}

/// The bundled faces as a font database for usvg, their family standing
/// for `sans-serif` too: no font of the machine is ever used.
pub(crate) fn database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    Arc::clone(DATABASE.get_or_init(|| {
        let mut database = fontdb::Database::new();
        database.load_font_data(REGULAR.to_vec());
        database.load_font_data(BOLD.to_vec());
        database.set_sans_serif_family(FAMILY);
        Arc::new(database)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_are_dejavu_sans_with_real_widths() {
        let database = database();
        let loaded: Vec<_> = database.faces().collect();
        assert_eq!(loaded.len(), 2);
        assert!(loaded.iter().all(|face| face.families[0].0 == FAMILY));
        // DejaVu Sans: "i" is narrow, "W" wide, bold wider than regular.
        assert!(width("W", 13.0) > 2.5 * width("i", 13.0));
        assert!(bold_width("Check the form", 13.0) > width("Check the form", 13.0));
        // Calls are drawn as "→ SOP <id>": the subset keeps the arrow.
        assert!(faces()[0].face.glyph_index('→').is_some());
        // A character the subset lacks measures as the missing-glyph box.
        assert_eq!(width("🎉", 13.0), width("漢", 13.0));
        assert!(width("🎉", 13.0) > 0.0);
    }

    #[test]
    fn the_ascii_table_measures_as_the_face_does() {
        for advances in faces() {
            let text: String = (0u8..128).map(char::from).chain("é→漢🎉".chars()).collect();
            let looked_up: f64 = text
                .chars()
                .map(|c| advance(&advances.face, advances.missing, c))
                .sum();
            assert_eq!(
                advances.width(&text, 13.0),
                looked_up / advances.per_em * 13.0
            );
            assert_eq!(
                advances.ascii[usize::from(b'W')],
                advance(&advances.face, advances.missing, 'W')
            );
        }
    }
}
