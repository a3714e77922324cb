//! The language a person reads messages in: Vietnamese, or English on request (`--lang en`).

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Separates the Vietnamese and English halves of a message that carries both.
pub const BILINGUAL: char = '\u{1F}';

/// A message in both languages, as one string (what serde's custom errors and
/// `Error::Invalid` can carry); [`pick`] takes one half again.
pub fn bilingual(vi: &str, en: &str) -> String {
    format!("{vi}{BILINGUAL}{en}")
}

/// The half of a [`bilingual`] message in `lang`; a message in one language is that message.
pub fn pick(message: &str, lang: Lang) -> &str {
    match (message.split_once(BILINGUAL), lang) {
        (Some((vi, _)), Lang::Vi) => vi,
        (Some((_, en)), Lang::En) => en,
        (None, _) => message,
    }
}
