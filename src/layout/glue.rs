//! Where a line must not break although UAX #14 allows it: inside a document number
//! (`03-KH/CB`, `296-QĐ/TW`, `2025–2030`) and between `số`, `ngày`, `tháng`, `năm` and the
//! number after it. Our line breaker skips these places; the DOCX writer writes them with a
//! no-break space, a non-breaking hyphen or a word joiner, so Word and LibreOffice keep them too.

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Signs that join the parts of a number; UAX #14 allows a break after each.
const JOINERS: [char; 3] = ['-', '/', '–'];

/// Words that stay with the number after them (`số 03`, `ngày 04`, `năm 2026`).
const NUMBER_WORDS: [&str; 5] = ["số", "số:", "ngày", "tháng", "năm"];

/// Non-breaking hyphen: the DOCX writer turns it into `<w:noBreakHyphen/>`.
pub const NB_HYPHEN: char = '\u{2011}';
/// Word joiner: no break on either side, drawn as nothing.
pub const WORD_JOINER: char = '\u{2060}';

/// Whether a break UAX #14 allows at byte `pos` of `text` is refused.
pub fn holds(text: &str, pos: usize) -> bool {
    let (before, after) = text.split_at(pos);
    let mut back = before.chars().rev();
    let (Some(b), Some(a)) = (back.next(), after.chars().next()) else {
        return false;
    };
    if JOINERS.contains(&b) {
        return back.next().is_some_and(char::is_alphanumeric) && a.is_alphanumeric();
    }
    if b == ' ' && a.is_ascii_digit() {
        let word = before
            .trim_end_matches(' ')
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        return NUMBER_WORDS.contains(&word.to_lowercase().as_str());
    }
    false
}

/// `text` as the DOCX writer prints it: each refused break made explicit (a space becomes a
/// no-break space, a hyphen a non-breaking one, and a word joiner follows `/` or `–`).
pub fn for_word(text: &str) -> String {
    let held: Vec<usize> = linebreaks(text)
        .filter(|&(pos, op)| op == BreakOpportunity::Allowed && holds(text, pos))
        .map(|(pos, _)| pos)
        .collect();
    if held.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 3 * held.len());
    let mut held = held.into_iter().peekable();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if held.peek() == Some(&end) {
            held.next();
            match c {
                ' ' => out.push('\u{a0}'),
                '-' => out.push(NB_HYPHEN),
                c => {
                    out.push(c);
                    out.push(WORD_JOINER);
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts;

    fn breaks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut prev = 0;
        for (pos, op) in linebreaks(text) {
            if op == BreakOpportunity::Mandatory || !holds(text, pos) {
                out.push(text[prev..pos].trim_end());
                prev = pos;
            }
        }
        out
    }

    #[test]
    fn numbers_and_their_words_stay_whole() {
        assert_eq!(
            breaks("Kế hoạch số 03-KH/CB, ngày 04 tháng 9 năm 2026"),
            [
                "Kế",
                "hoạch",
                "số 03-KH/CB,",
                "ngày 04",
                "tháng 9",
                "năm 2026"
            ]
        );
        assert_eq!(breaks("nhiệm kỳ 2025–2030"), ["nhiệm", "kỳ", "2025–2030"]);
        // Elsewhere a hyphen or a space still breaks.
        assert_eq!(breaks("ấp - xã"), ["ấp", "-", "xã"]);
        assert_eq!(breaks("năm nay"), ["năm", "nay"]);
    }

    #[test]
    fn word_gets_explicit_no_break_characters_the_font_has() {
        assert_eq!(for_word("Số 02-QĐ/CB"), "Số\u{a0}02\u{2011}QĐ/\u{2060}CB");
        assert_eq!(for_word("ấp Tân Phú"), "ấp Tân Phú");
        // The no-break space is drawn from the font; the non-breaking hyphen is written as
        // Word's own element, drawn with the hyphen, and the joiner is drawn as nothing.
        assert!(fonts::missing_chars("\u{a0}-").is_empty());
    }
}
