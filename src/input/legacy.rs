//! Legacy Vietnamese 8-bit encodings (TCVN3 "ABC", VNI-Windows) that arrive as Windows-1252 mojibake: detection and repair.
//!
//! Cell secretaries paste names and sentences out of old Word files typed in the `.VnTime` /
//! `.VnTimeH` (TCVN3) or `VNI-Times` (VNI-Windows) fonts. The clipboard takes those bytes for
//! Windows-1252, so "Lê Văn Cường" reaches the case file as "Lª V¨n C­êng" (TCVN3) or
//! "Leâ Vaên Cöôøng" (VNI). The tables below were built from the public code charts of the two
//! encodings. Detection is deliberately conservative: "repairing" genuine text would be worse
//! than leaving the mojibake for a person to notice.

use unicode_normalization::UnicodeNormalization;

/// A legacy Vietnamese encoding whose bytes may have been read as Windows-1252.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3 ("ABC"), fonts `.VnTime` (lowercase) and `.VnTimeH` (uppercase).
    Tcvn3,
    /// VNI-Windows, fonts `VNI-Times` etc.: a base letter followed by mark bytes.
    Vni,
}

impl Legacy {
    /// The encoding's usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI-Windows",
        }
    }
}

/// If `s` looks like Vietnamese typed in a legacy encoding (read as Windows-1252), returns the Unicode (NFC) text and the encoding.
///
/// Fires only when (1) `s` holds nothing but Windows-1252 letters (a genuine `ă`, `ư`, `đ`, `ạ`…
/// or a combining mark means the text is already Unicode), (2) the words holding encoded bytes
/// carry enough evidence of the encoding (at least one strong sign — a symbol byte such as
/// `ª ¨ © ­ µ ¸ ¹` inside a word, an uppercase accented byte after a lowercase letter, a VNI mark
/// byte after a vowel — or three weak ones such as `å ï ñ ö` that Vietnamese lacks), (3) no
/// byte is left over that the encoding cannot explain, (4) every converted word is a well-formed
/// Vietnamese syllable (one tone at most, legal initial, vowel cluster and final, `-c/-ch/-p/-t`
/// only with the sắc or nặng tone), and (5) the original words are not already well-formed
/// Vietnamese. If both encodings qualify with equal evidence, nothing is detected.
pub fn detect(s: &str) -> Option<(String, Legacy)> {
    if s.is_ascii() {
        return None;
    }
    let already_unicode = s.chars().any(|c| {
        ('\u{300}'..='\u{36F}').contains(&c) || (c.is_alphabetic() && cp1252_byte(c).is_none())
    });
    if already_unicode {
        return None;
    }
    let mut best: Option<(u32, String, Legacy)> = None;
    let mut tie = false;
    for enc in [Legacy::Tcvn3, Legacy::Vni] {
        let a = analyse(s, enc);
        if !a.plausible(s) {
            continue;
        }
        match &best {
            Some((score, _, _)) if *score > a.score => {}
            Some((score, _, _)) if *score == a.score => tie = true,
            _ => {
                tie = false;
                best = Some((a.score, a.text, enc));
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, text, enc)| (text, enc))
}

/// Converts assuming the given encoding (every char of s is interpreted as a Windows-1252 byte; chars outside Windows-1252 are kept as they are).
///
/// Bytes the encoding leaves unassigned are kept as they are too. TCVN3 has no uppercase
/// toned vowels (the `.VnTimeH` font draws the lowercase bytes in capitals), so their case is
/// guessed from the context: capitals inside all-caps words, at the start of the text or of a
/// sentence, and at the start of a word in a run of capitalised words (a name).
pub fn convert(s: &str, enc: Legacy) -> String {
    analyse(s, enc).text
}

// ---------------------------------------------------------------------------------------------
// Vietnamese letters

const GRAVE: usize = 1;
const ACUTE: usize = 2;
const HOOK: usize = 3;
const TILDE: usize = 4;
const DOT: usize = 5;

const A: usize = 0;
const AW: usize = 1;
const AA: usize = 2;
const E: usize = 3;
const EE: usize = 4;
const I: usize = 5;
const O: usize = 6;
const OO: usize = 7;
const OW: usize = 8;
const U: usize = 9;
const UW: usize = 10;
const Y: usize = 11;

/// The twelve Vietnamese vowels (lowercase, precomposed), each row in the tone order
/// none, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot (nặng).
const VOWELS: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// (row, tone) of a lowercase Vietnamese vowel.
fn vowel_of(c: char) -> Option<(usize, usize)> {
    VOWELS
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&v| v == c).map(|t| (r, t)))
}

fn is_plain_vowel(c: char) -> bool {
    VOWELS.iter().any(|row| row[0] == c)
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// Latin-1 letters that are also Vietnamese letters: their presence alone proves nothing.
fn is_viet_latin1(c: char) -> bool {
    "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(c)
}

// ---------------------------------------------------------------------------------------------
// Windows-1252

/// Windows-1252 0x80..=0x9F; the five unassigned bytes keep their Latin-1 (C1) reading.
const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The byte a char stands for when text was decoded as Windows-1252 (or Latin-1).
fn cp1252_byte(c: char) -> Option<u8> {
    match u8::try_from(u32::from(c)) {
        Ok(b) => Some(b),
        Err(_) => CP1252_80
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

// ---------------------------------------------------------------------------------------------
// TCVN3 (TCVN 5712:1993, VN3)

/// Letters without tone: the uppercase Ă Â Ê Ô Ơ Ư Đ (all the capitals VN3 has) and their lowercase.
const TCVN3_LETTERS: [(u8, char); 14] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
];

/// Toned lowercase vowels: for each vowel row, the bytes of grave, hook, tilde, acute, dot.
const TCVN3_TONED: [(usize, [u8; 5]); 12] = [
    (A, [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
    (AW, [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
    (AA, [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
    (E, [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
    (EE, [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
    (I, [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
    (O, [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
    (OO, [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
    (OW, [0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
    (U, [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
    (UW, [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
    (Y, [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
];

/// Order of the tones within a `TCVN3_TONED` row.
const TCVN3_TONE_ORDER: [usize; 5] = [GRAVE, HOOK, TILDE, ACUTE, DOT];

/// Byte → Unicode; `'\0'` for bytes TCVN3 leaves to ASCII or unassigned.
const TCVN3_TABLE: [char; 256] = build_tcvn3();

const fn build_tcvn3() -> [char; 256] {
    let mut table = ['\0'; 256];
    let mut i = 0;
    while i < TCVN3_LETTERS.len() {
        let (b, c) = TCVN3_LETTERS[i];
        table[b as usize] = c;
        i += 1;
    }
    let mut r = 0;
    while r < TCVN3_TONED.len() {
        let (row, bytes) = TCVN3_TONED[r];
        let mut k = 0;
        while k < 5 {
            table[bytes[k] as usize] = VOWELS[row][TCVN3_TONE_ORDER[k]];
            k += 1;
        }
        r += 1;
    }
    table
}

fn tcvn3(b: u8) -> Option<char> {
    Some(TCVN3_TABLE[usize::from(b)]).filter(|&c| c != '\0')
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Tone only.
    Tone,
    /// Circumflex (â ê ô), possibly with a tone.
    Hat,
    /// Breve (ă), possibly with a tone.
    Breve,
}

/// Mark bytes that follow a vowel, lowercase form; the uppercase form is 0x20 lower.
const VNI_MARKS: [(u8, Mark, usize); 17] = [
    (0xF8, Mark::Tone, GRAVE),  // ø
    (0xF9, Mark::Tone, ACUTE),  // ù
    (0xFB, Mark::Tone, HOOK),   // û
    (0xF5, Mark::Tone, TILDE),  // õ
    (0xEF, Mark::Tone, DOT),    // ï
    (0xE2, Mark::Hat, 0),       // â
    (0xE0, Mark::Hat, GRAVE),   // à
    (0xE1, Mark::Hat, ACUTE),   // á
    (0xE5, Mark::Hat, HOOK),    // å
    (0xE3, Mark::Hat, TILDE),   // ã
    (0xE4, Mark::Hat, DOT),     // ä
    (0xEA, Mark::Breve, 0),     // ê
    (0xE8, Mark::Breve, GRAVE), // è
    (0xE9, Mark::Breve, ACUTE), // é
    (0xFA, Mark::Breve, HOOK),  // ú
    (0xFC, Mark::Breve, TILDE), // ü
    (0xEB, Mark::Breve, DOT),   // ë
];

/// Vowels that VNI encodes in one byte, lowercase form (uppercase is 0x20 lower): (byte, row, tone).
const VNI_LETTERS: [(u8, usize, usize); 8] = [
    (0xF4, OW, 0),    // ô → ơ
    (0xF6, UW, 0),    // ö → ư
    (0xEC, I, GRAVE), // ì
    (0xED, I, ACUTE), // í
    (0xE6, I, HOOK),  // æ → ỉ
    (0xF3, I, TILDE), // ó → ĩ
    (0xF2, I, DOT),   // ò → ị
    (0xEE, Y, DOT),   // î → ỵ
];

const VNI_D_LOWER: u8 = 0xF1; // ñ → đ
const VNI_D_UPPER: u8 = 0xD1; // Ñ → Đ

fn vni_mark(b: u8) -> Option<(Mark, usize)> {
    VNI_MARKS
        .iter()
        .find(|&&(lb, _, _)| b == lb || b == lb - 0x20)
        .map(|&(_, m, t)| (m, t))
}

/// (row, tone, uppercase) of a one-byte VNI vowel.
fn vni_letter(b: u8) -> Option<(usize, usize, bool)> {
    VNI_LETTERS.iter().find_map(|&(lb, r, t)| {
        if b == lb {
            Some((r, t, false))
        } else if b == lb - 0x20 {
            Some((r, t, true))
        } else {
            None
        }
    })
}

fn ascii_vowel_row(b: u8) -> Option<usize> {
    match b.to_ascii_lowercase() {
        b'a' => Some(A),
        b'e' => Some(E),
        b'i' => Some(I),
        b'o' => Some(O),
        b'u' => Some(U),
        b'y' => Some(Y),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Analysis

/// One char of the input with the byte it stands for in Windows-1252.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    byte: Option<u8>,
}

impl Unit {
    fn high(self) -> Option<u8> {
        self.byte.filter(|&b| b >= 0x80)
    }
}

fn is_mapped(b: u8, enc: Legacy) -> bool {
    match enc {
        Legacy::Tcvn3 => tcvn3(b).is_some(),
        Legacy::Vni => {
            vni_mark(b).is_some() || vni_letter(b).is_some() || b == VNI_D_LOWER || b == VNI_D_UPPER
        }
    }
}

/// Whether a unit belongs to a word: letters, and bytes the encoding turns into letters.
fn is_word(u: Unit, enc: Legacy) -> bool {
    u.ch.is_alphabetic() || u.high().is_some_and(|b| is_mapped(b, enc))
}

/// A decoded word. `caseless` marks TCVN3 toned vowels, whose case the bytes do not tell.
#[derive(Default)]
struct Word {
    chars: Vec<(char, bool)>,
    /// Holds at least one byte the encoding maps.
    mapped: bool,
    /// Holds a non-ASCII char the encoding cannot explain.
    leftover: bool,
    evidence: u32,
    /// Holds one piece of strong evidence (worth 2) on its own.
    strong: bool,
}

impl Word {
    fn keep(&mut self, u: Unit) {
        if !u.ch.is_ascii() {
            self.leftover = true;
        }
        self.chars.push((u.ch, false));
    }
}

fn has_ascii_letter(units: &[Unit]) -> bool {
    units.iter().any(|u| u.ch.is_ascii_alphabetic())
}

fn decode_tcvn3(units: &[Unit]) -> Word {
    // A lone symbol (`©`, `£`, `«`) is as likely a symbol as a word: no evidence from it.
    let counts = has_ascii_letter(units);
    let mut w = Word::default();
    let mut seen_lower = false;
    for &u in units {
        let Some((b, c)) = u.high().and_then(|b| tcvn3(b).map(|c| (b, c))) else {
            seen_lower |= u.ch.is_lowercase();
            w.keep(u);
            continue;
        };
        w.mapped = true;
        if counts {
            let symbol = b <= 0xBE || b == 0xD7 || b == 0xF7; // ª ¨ µ ¸ … × ÷
            let case_anomaly = u.ch.is_uppercase() && seen_lower; // "NguyÔn", "ThÞ"
            if symbol || case_anomaly {
                w.evidence += 2;
                w.strong = true;
            } else if !is_viet_latin1(u.ch) {
                w.evidence += 1;
            }
        }
        seen_lower |= c.is_lowercase() && b < 0xB5;
        w.chars.push((c, b >= 0xB5));
    }
    w
}

fn decode_vni(units: &[Unit]) -> Word {
    let counts = has_ascii_letter(units);
    let mut w = Word::default();
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        i += 1;
        let Some(b) = u.byte else {
            w.keep(u);
            continue;
        };
        let start = match ascii_vowel_row(b) {
            Some(row) => Some((row, 0, b.is_ascii_uppercase())),
            None if b >= 0x80 => vni_letter(b),
            None => None,
        };
        if let Some((mut row, mut tone, is_upper)) = start {
            if b >= 0x80 {
                w.mapped = true;
                if counts && (matches!(row, OW | UW) || !is_viet_latin1(u.ch)) {
                    w.evidence += 1;
                }
            }
            while let Some((mark, t)) = units.get(i).and_then(|n| n.high()).and_then(vni_mark) {
                let marked = match mark {
                    Mark::Tone => Some(row),
                    Mark::Hat => match row {
                        A => Some(AA),
                        E => Some(EE),
                        O => Some(OO),
                        _ => None,
                    },
                    Mark::Breve => (row == A).then_some(AW),
                };
                let Some(marked) = marked else { break };
                if t != 0 && tone != 0 {
                    break;
                }
                row = marked;
                if t != 0 {
                    tone = t;
                }
                w.mapped = true;
                if counts {
                    w.evidence += 2;
                    w.strong = true;
                }
                i += 1;
            }
            let v = VOWELS[row][tone];
            w.chars.push((if is_upper { upper(v) } else { v }, false));
        } else if b == VNI_D_LOWER || b == VNI_D_UPPER {
            w.mapped = true;
            if counts {
                w.evidence += 1;
            }
            w.chars
                .push((if b == VNI_D_UPPER { 'Đ' } else { 'đ' }, false));
        } else {
            // Plain letters, and mark bytes with no vowel to sit on.
            w.keep(u);
        }
    }
    w
}

struct CaseInfo {
    upper: usize,
    lower: usize,
    caseless: bool,
    first_caseless: bool,
    capitalised: bool,
}

fn case_info(w: &Word) -> CaseInfo {
    let cased = w.chars.iter().filter(|&&(_, cl)| !cl).map(|&(c, _)| c);
    CaseInfo {
        upper: cased.clone().filter(|c| c.is_uppercase()).count(),
        lower: cased.filter(|c| c.is_lowercase()).count(),
        caseless: w.chars.iter().any(|&(_, cl)| cl),
        first_caseless: w.chars.first().is_some_and(|&(_, cl)| cl),
        capitalised: w
            .chars
            .first()
            .is_some_and(|&(c, cl)| !cl && c.is_uppercase()),
    }
}

/// Gives TCVN3's caseless toned vowels a case from their surroundings (see [`convert`]).
fn fix_tcvn3_case(words: &mut [Word], gaps: &[String]) {
    let info: Vec<CaseInfo> = words.iter().map(case_info).collect();
    let strong = |i: usize| info[i].upper >= 2 && info[i].lower == 0;
    let n = words.len();
    for i in 0..n {
        let me = &info[i];
        if !me.caseless {
            continue;
        }
        let prev = i.checked_sub(1).map(strong);
        let next = (i + 1 < n).then(|| strong(i + 1));
        let all_caps = strong(i)
            || (me.upper >= 1 && me.lower == 0 && (prev == Some(true) || next == Some(true)))
            || (me.upper == 0
                && me.lower == 0
                && (prev.is_some() || next.is_some())
                && prev != Some(false)
                && next != Some(false));
        if all_caps {
            for (c, cl) in &mut words[i].chars {
                if *cl {
                    *c = upper(*c);
                }
            }
            continue;
        }
        if !me.first_caseless || me.upper > 0 {
            continue;
        }
        let sentence_start = i == 0 || gaps[i].contains(['.', '!', '?', '\n']);
        let others: Vec<&CaseInfo> = (0..n).filter(|&j| j != i).map(|j| &info[j]).collect();
        let name_like = others.len() >= 2 && others.iter().all(|o| o.capitalised);
        if sentence_start || name_like {
            let first = &mut words[i].chars[0].0;
            *first = upper(*first);
        }
    }
}

struct Analysis {
    text: String,
    score: u32,
    strong: bool,
    bad: bool,
    /// Converted words holding mapped bytes.
    converted: Vec<String>,
    /// The original form of words holding non-ASCII chars.
    originals: Vec<String>,
}

impl Analysis {
    fn plausible(&self, s: &str) -> bool {
        let already_fine =
            !self.originals.is_empty() && self.originals.iter().all(|w| is_syllable(w));
        !self.bad
            && (self.score >= 3 || (self.score >= 2 && self.strong))
            && !self.converted.is_empty()
            && self.converted.iter().all(|w| is_syllable(w))
            && !already_fine
            && self.text != s
    }
}

/// Separators allowed between two word chars.
fn harmless_separator(b: u8) -> bool {
    matches!(b, 0xA0 | 0x91 | 0x92 | 0x96 | 0x97 | 0x85 | 0xB7)
}

fn analyse(s: &str, enc: Legacy) -> Analysis {
    let units: Vec<Unit> = s
        .chars()
        .map(|ch| Unit {
            ch,
            byte: cp1252_byte(ch),
        })
        .collect();
    let word: Vec<bool> = units.iter().map(|&u| is_word(u, enc)).collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if word[i] {
            let start = i;
            while i < units.len() && word[i] {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    let mut words: Vec<Word> = spans
        .iter()
        .map(|&(a, b)| match enc {
            Legacy::Tcvn3 => decode_tcvn3(&units[a..b]),
            Legacy::Vni => decode_vni(&units[a..b]),
        })
        .collect();
    let mut gaps = Vec::with_capacity(spans.len());
    let mut pos = 0;
    for &(a, b) in &spans {
        gaps.push(units[pos..a].iter().map(|u| u.ch).collect::<String>());
        pos = b;
    }
    if enc == Legacy::Tcvn3 {
        fix_tcvn3_case(&mut words, &gaps);
    }

    let mut text = String::with_capacity(s.len() + 8);
    let mut converted = Vec::new();
    let mut originals = Vec::new();
    let mut score = 0;
    let mut strong = false;
    let mut bad = false;
    for ((&(a, b), w), gap) in spans.iter().zip(&words).zip(&gaps) {
        text.push_str(gap);
        let out: String = w.chars.iter().map(|&(c, _)| c).collect();
        text.push_str(&out);
        bad |= w.leftover;
        score += w.evidence;
        strong |= w.strong;
        if w.mapped {
            converted.push(out);
        }
        if units[a..b].iter().any(|u| !u.ch.is_ascii()) {
            originals.push(units[a..b].iter().map(|u| u.ch).collect());
        }
    }
    text.extend(units[pos..].iter().map(|u| u.ch));
    for k in 1..units.len().saturating_sub(1) {
        if !word[k]
            && word[k - 1]
            && word[k + 1]
            && let Some(b) = units[k].high()
        {
            bad |= !harmless_separator(b);
        }
    }
    Analysis {
        text: text.nfc().collect(),
        score,
        strong,
        bad,
        converted,
        originals,
    }
}

// ---------------------------------------------------------------------------------------------
// Vietnamese syllables

#[derive(Clone, Copy)]
enum Coda {
    /// No final consonant allowed.
    None,
    /// A final consonant is required.
    Required,
    /// Either.
    Optional,
}

const INITIALS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel clusters (without tone) and whether they take a final consonant.
const NUCLEI: [(&str, Coda); 45] = [
    ("a", Coda::Optional),
    ("e", Coda::Optional),
    ("ê", Coda::Optional),
    ("i", Coda::Optional),
    ("o", Coda::Optional),
    ("ô", Coda::Optional),
    ("ơ", Coda::Optional),
    ("u", Coda::Optional),
    ("ư", Coda::Optional),
    ("y", Coda::Optional),
    ("oa", Coda::Optional),
    ("oe", Coda::Optional),
    ("uê", Coda::Optional),
    ("uy", Coda::Optional),
    ("ă", Coda::Required),
    ("â", Coda::Required),
    ("iê", Coda::Required),
    ("yê", Coda::Required),
    ("uô", Coda::Required),
    ("ươ", Coda::Required),
    ("oă", Coda::Required),
    ("uâ", Coda::Required),
    ("uyê", Coda::Required),
    ("oo", Coda::Required),
    ("ai", Coda::None),
    ("ao", Coda::None),
    ("au", Coda::None),
    ("ay", Coda::None),
    ("âu", Coda::None),
    ("ây", Coda::None),
    ("eo", Coda::None),
    ("êu", Coda::None),
    ("ia", Coda::None),
    ("iu", Coda::None),
    ("oi", Coda::None),
    ("ôi", Coda::None),
    ("ơi", Coda::None),
    ("ua", Coda::None),
    ("ui", Coda::None),
    ("ưa", Coda::None),
    ("ưi", Coda::None),
    ("ưu", Coda::None),
    ("iêu", Coda::None),
    ("yêu", Coda::None),
    ("ươi", Coda::None),
];

/// Triphthongs and rarer clusters, all without final consonant.
const NUCLEI_OPEN_MORE: [&str; 9] = [
    "ươu", "uôi", "oai", "oay", "oao", "oeo", "uây", "uya", "uyu",
];

fn coda_of(nucleus: &str) -> Option<Coda> {
    if nucleus == "uơ" || NUCLEI_OPEN_MORE.contains(&nucleus) {
        return Some(Coda::None);
    }
    NUCLEI
        .iter()
        .find(|(n, _)| *n == nucleus)
        .map(|&(_, coda)| coda)
}

/// Whether `word` is one well-formed Vietnamese syllable (any case, precomposed).
fn is_syllable(word: &str) -> bool {
    let mut tone = 0;
    let mut plain = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if let Some((row, t)) = vowel_of(c) {
            if t != 0 {
                if tone != 0 {
                    return false;
                }
                tone = t;
            }
            plain.push(VOWELS[row][0]);
        } else if c.is_ascii_lowercase() || c == 'đ' {
            plain.push(c);
        } else {
            return false;
        }
    }
    INITIALS.iter().any(|initial| {
        plain
            .strip_prefix(initial)
            .is_some_and(|rest| rhyme_ok(initial, rest, tone))
    })
}

fn rhyme_ok(initial: &str, rest: &str, tone: usize) -> bool {
    let split = rest
        .char_indices()
        .find(|&(_, c)| !is_plain_vowel(c))
        .map_or(rest.len(), |(i, _)| i);
    let (nucleus, last) = rest.split_at(split);
    let Some(first) = nucleus.chars().next() else {
        return false;
    };
    let Some(coda) = coda_of(nucleus) else {
        return false;
    };
    if !FINALS.contains(&last) {
        return false;
    }
    let coda_ok = match coda {
        Coda::None => last.is_empty(),
        Coda::Required => !last.is_empty(),
        Coda::Optional => true,
    };
    if !coda_ok {
        return false;
    }
    if matches!(last, "c" | "ch" | "p" | "t") && !matches!(tone, ACUTE | DOT) {
        return false;
    }
    if matches!(last, "ch" | "nh") && !nucleus.ends_with(['a', 'ê', 'i', 'y']) {
        return false;
    }
    match initial {
        "k" | "gh" | "ngh" => matches!(first, 'i' | 'e' | 'ê' | 'y'),
        "qu" => first != 'u',
        "gi" => first != 'i',
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    /// TCVN3 chart, transcribed separately from the tables above: (byte as Windows-1252, Unicode).
    const TCVN3_CHART: [(char, char); 74] = [
        ('¡', 'Ă'),
        ('¢', 'Â'),
        ('£', 'Ê'),
        ('¤', 'Ô'),
        ('¥', 'Ơ'),
        ('¦', 'Ư'),
        ('§', 'Đ'),
        ('¨', 'ă'),
        ('©', 'â'),
        ('ª', 'ê'),
        ('«', 'ô'),
        ('¬', 'ơ'),
        ('\u{AD}', 'ư'),
        ('®', 'đ'),
        ('µ', 'à'),
        ('¶', 'ả'),
        ('·', 'ã'),
        ('¸', 'á'),
        ('¹', 'ạ'),
        ('»', 'ằ'),
        ('¼', 'ẳ'),
        ('½', 'ẵ'),
        ('¾', 'ắ'),
        ('Æ', 'ặ'),
        ('Ç', 'ầ'),
        ('È', 'ẩ'),
        ('É', 'ẫ'),
        ('Ê', 'ấ'),
        ('Ë', 'ậ'),
        ('Ì', 'è'),
        ('Î', 'ẻ'),
        ('Ï', 'ẽ'),
        ('Ð', 'é'),
        ('Ñ', 'ẹ'),
        ('Ò', 'ề'),
        ('Ó', 'ể'),
        ('Ô', 'ễ'),
        ('Õ', 'ế'),
        ('Ö', 'ệ'),
        ('×', 'ì'),
        ('Ø', 'ỉ'),
        ('Ü', 'ĩ'),
        ('Ý', 'í'),
        ('Þ', 'ị'),
        ('ß', 'ò'),
        ('á', 'ỏ'),
        ('â', 'õ'),
        ('ã', 'ó'),
        ('ä', 'ọ'),
        ('å', 'ồ'),
        ('æ', 'ổ'),
        ('ç', 'ỗ'),
        ('è', 'ố'),
        ('é', 'ộ'),
        ('ê', 'ờ'),
        ('ë', 'ở'),
        ('ì', 'ỡ'),
        ('í', 'ớ'),
        ('î', 'ợ'),
        ('ï', 'ù'),
        ('ñ', 'ủ'),
        ('ò', 'ũ'),
        ('ó', 'ú'),
        ('ô', 'ụ'),
        ('õ', 'ừ'),
        ('ö', 'ử'),
        ('÷', 'ữ'),
        ('ø', 'ứ'),
        ('ù', 'ự'),
        ('ú', 'ỳ'),
        ('û', 'ỷ'),
        ('ü', 'ỹ'),
        ('ý', 'ý'),
        ('þ', 'ỵ'),
    ];

    /// Unicode → TCVN3 → Windows-1252 chars. Capital toned vowels have no byte: like the
    /// keyboard drivers with a `.VnTimeH` font, write the lowercase byte.
    fn enc_tcvn3(s: &str) -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    return c;
                }
                let lower = c.to_lowercase().next().unwrap();
                TCVN3_CHART
                    .iter()
                    .find(|&&(_, u)| u == c)
                    .or_else(|| TCVN3_CHART.iter().find(|&&(_, u)| u == lower))
                    .unwrap_or_else(|| panic!("no TCVN3 byte for {c}"))
                    .0
            })
            .collect()
    }

    /// Unicode → VNI-Windows → Windows-1252 chars, built from the canonical decomposition.
    fn enc_vni(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c);
                continue;
            }
            if c == 'đ' || c == 'Đ' {
                out.push(if c == 'đ' { 'ñ' } else { 'Ñ' });
                continue;
            }
            let nfd: Vec<char> = c.to_string().nfd().collect();
            let base = nfd[0].to_ascii_lowercase();
            let mut mark = ' ';
            let mut tone = 0;
            for &m in &nfd[1..] {
                match m {
                    '\u{302}' | '\u{306}' | '\u{31B}' => mark = m,
                    '\u{300}' => tone = 1,
                    '\u{301}' => tone = 2,
                    '\u{309}' => tone = 3,
                    '\u{303}' => tone = 4,
                    '\u{323}' => tone = 5,
                    _ => panic!("unexpected mark in {c}"),
                }
            }
            let plain = ["", "ø", "ù", "û", "õ", "ï"][tone];
            let piece = match (base, mark) {
                ('i', ' ') => ["i", "ì", "í", "æ", "ó", "ò"][tone].to_string(),
                ('y', ' ') if tone == 5 => "î".to_string(),
                ('o', '\u{31B}') => format!("ô{plain}"),
                ('u', '\u{31B}') => format!("ö{plain}"),
                (b, ' ') => format!("{b}{plain}"),
                (b, '\u{302}') => format!("{b}{}", ["â", "à", "á", "å", "ã", "ä"][tone]),
                ('a', '\u{306}') => format!("a{}", ["ê", "è", "é", "ú", "ü", "ë"][tone]),
                _ => panic!("no VNI form for {c}"),
            };
            if c.is_uppercase() {
                out.extend(piece.chars().flat_map(char::to_uppercase));
            } else {
                out.push_str(&piece);
            }
        }
        out
    }

    const PHRASES: [&str; 22] = [
        "Lê Văn Cường",
        "Nguyễn Thị Đào",
        "Ủy ban Kiểm tra Đảng ủy xã Tân Hòa",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Trần Thị Thu Hường",
        "Phạm Quốc Tuấn",
        "Hoàng Văn Thắng",
        "Bùi Thị Ngọc Ánh",
        "Đặng Hữu Nghĩa",
        "Võ Thị Mỹ Duyên",
        "Đỗ Khắc Huỳnh",
        "Chi bộ đã họp kiểm điểm việc thực hiện nhiệm vụ năm 2024.",
        "Đồng chí Lương Xuân Trường, Bí thư chi bộ",
        "Khuyết điểm: chưa thường xuyên kiểm tra, giám sát đảng viên",
        "Người ở lại giữ gìn quê hương",
        "Hè về, chúng em đi nghỉ mát ở Vũng Tàu",
        "Thưởng rượu ngoài vườn, khuya mới về",
        "NGUYỄN THỊ ĐÀO",
        "BIÊN BẢN HỌP CHI BỘ",
        "ỦY BAN KIỂM TRA HUYỆN ỦY",
        "Ấn tượng: Ông nói ờ, ừ, ạ",
    ];

    #[test]
    fn names() {
        assert_eq!(Legacy::Tcvn3.name(), "TCVN3");
        assert_eq!(Legacy::Vni.name(), "VNI-Windows");
    }

    #[test]
    fn vowel_table_matches_unicode_decomposition() {
        let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
        let bases = [
            "a", "a\u{306}", "a\u{302}", "e", "e\u{302}", "i", "o", "o\u{302}", "o\u{31B}", "u",
            "u\u{31B}", "y",
        ];
        for (row, base) in bases.iter().enumerate() {
            for (tone, mark) in tones.iter().enumerate() {
                let expected: String = format!("{base}{mark}").nfc().collect();
                assert_eq!(
                    VOWELS[row][tone].to_string(),
                    expected,
                    "row {row} tone {tone}"
                );
            }
        }
    }

    #[test]
    fn tcvn3_table_matches_chart() {
        for (b, expected) in TCVN3_CHART {
            let byte = cp1252_byte(b).unwrap();
            assert_eq!(tcvn3(byte), Some(expected), "byte {byte:#X}");
        }
        let assigned = (0..=255u8).filter(|&b| tcvn3(b).is_some()).count();
        assert_eq!(assigned, TCVN3_CHART.len());
    }

    #[test]
    fn cp1252_bytes() {
        assert_eq!(cp1252_byte('a'), Some(b'a'));
        assert_eq!(cp1252_byte('ª'), Some(0xAA));
        assert_eq!(cp1252_byte('€'), Some(0x80));
        assert_eq!(cp1252_byte('’'), Some(0x92));
        assert_eq!(cp1252_byte('\u{9D}'), Some(0x9D));
        assert_eq!(cp1252_byte('ă'), None);
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(convert("Lª V¨n C\u{AD}êng", Legacy::Tcvn3), "Lê Văn Cường");
        assert_eq!(convert("Leâ Vaên Cöôøng", Legacy::Vni), "Lê Văn Cường");
        assert_eq!(
            detect("Lª V¨n C\u{AD}êng"),
            Some(("Lê Văn Cường".to_string(), Legacy::Tcvn3))
        );
        assert_eq!(
            detect("Leâ Vaên Cöôøng"),
            Some(("Lê Văn Cường".to_string(), Legacy::Vni))
        );
    }

    #[test]
    fn well_known_legacy_strings() {
        let cases = [
            (
                "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
                Legacy::Tcvn3,
                "Cộng hoà xã hội chủ nghĩa Việt Nam",
            ),
            (
                "§éc lËp - Tù do - H¹nh phóc",
                Legacy::Tcvn3,
                "Độc lập - Tự do - Hạnh phúc",
            ),
            ("Hå ChÝ Minh", Legacy::Tcvn3, "Hồ Chí Minh"),
            (
                "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
                Legacy::Vni,
                "Cộng hòa xã hội chủ nghĩa Việt Nam",
            ),
            (
                "Ñoäc laäp - Töï do - Haïnh phuùc",
                Legacy::Vni,
                "Độc lập - Tự do - Hạnh phúc",
            ),
            ("Tieáng Vieät", Legacy::Vni, "Tiếng Việt"),
            ("NGUYEÃN THÒ ÑAØO", Legacy::Vni, "NGUYỄN THỊ ĐÀO"),
        ];
        for (legacy, enc, unicode) in cases {
            assert_eq!(convert(legacy, enc), unicode, "{legacy}");
            assert_eq!(detect(legacy), Some((unicode.to_string(), enc)), "{legacy}");
        }
    }

    #[test]
    fn round_trip_tcvn3() {
        for p in PHRASES {
            let m = enc_tcvn3(p);
            assert_ne!(m, p);
            assert_eq!(convert(&m, Legacy::Tcvn3), p, "{m}");
            assert_eq!(detect(&m), Some((p.to_string(), Legacy::Tcvn3)), "{m}");
        }
    }

    #[test]
    fn round_trip_vni() {
        for p in PHRASES {
            let m = enc_vni(p);
            assert_ne!(m, p);
            assert_eq!(convert(&m, Legacy::Vni), p, "{m}");
            assert_eq!(detect(&m), Some((p.to_string(), Legacy::Vni)), "{m}");
        }
    }

    #[test]
    fn phrases_cover_every_vowel_tone_and_d() {
        let all: String = PHRASES.concat();
        let lower = all.to_lowercase();
        for row in VOWELS {
            assert!(row.iter().any(|&v| lower.contains(v)), "{row:?}");
        }
        for tone in 1..6 {
            assert!(VOWELS.iter().any(|row| lower.contains(row[tone])), "{tone}");
        }
        assert!(all.contains('đ') && all.contains('Đ'));
        assert!(all.chars().any(|c| c.is_uppercase()
            && vowel_of(c.to_lowercase().next().unwrap()).is_some_and(|(_, t)| t != 0)));
    }

    #[test]
    fn no_detection_on_real_text() {
        let texts = [
            "",
            "Hello world",
            "Le Van Cuong",
            "Lê Văn Cường",
            "Nguyễn Thị Đào",
            "Ủy ban Kiểm tra Đảng ủy xã Tân Hòa",
            "Tân Hòa",
            "Hoàng",
            "Ngô Tô",
            "Hòa Bình",
            "Lê Hà",
            "café",
            "naïve",
            "Zoë",
            "Noël à Paris",
            "crème brûlée",
            "São Paulo",
            "mãe",
            "Müller",
            "señor Peña",
            "Schön",
            "© 2024 Company",
            "Price: 5 £",
            "« Bonjour »",
            "3×4 ÷ 2",
            "Don’t – stop…",
            "Nguye\u{302}\u{303}n",
            "Så på",
            "dû mû",
            "Ngô Thò",
        ];
        for t in texts {
            assert_eq!(detect(t), None, "{t}");
        }
    }

    #[test]
    fn mixed_strings() {
        assert_eq!(
            detect("Dear Lª V¨n C\u{AD}êng, your file is ready."),
            Some((
                "Dear Lê Văn Cường, your file is ready.".to_string(),
                Legacy::Tcvn3
            ))
        );
        assert_eq!(
            detect("Contact: NguyÔn ThÞ §µo (cell 3)"),
            Some((
                "Contact: Nguyễn Thị Đào (cell 3)".to_string(),
                Legacy::Tcvn3
            ))
        );
        assert_eq!(
            detect("Contact: Leâ Vaên Cöôøng (cell 3)"),
            Some(("Contact: Lê Văn Cường (cell 3)".to_string(), Legacy::Vni))
        );
        // Windows-1252 punctuation around the name stays.
        assert_eq!(
            detect("“Lª V¨n C\u{AD}êng” – 1975"),
            Some(("“Lê Văn Cường” – 1975".to_string(), Legacy::Tcvn3))
        );
        // Genuine Unicode next to mojibake: already Unicode, left alone.
        assert_eq!(detect("Đồng chí Lª V¨n C\u{AD}êng"), None);
        // Weak evidence only (Latin-1 letters foreign to Vietnamese) needs three pieces.
        assert_eq!(detect("Bïi Hång"), None);
        assert_eq!(
            detect("Bïi Hång Hµ"),
            Some(("Bùi Hồng Hà".to_string(), Legacy::Tcvn3))
        );
        // A stray byte the encoding cannot explain: no guess.
        assert_eq!(detect("Lª V¨n C°êng"), None);
    }

    #[test]
    fn convert_keeps_what_it_cannot_map() {
        assert_eq!(convert("Lª → ă", Legacy::Tcvn3), "Lê → ă");
        assert_eq!(convert("aø 5 ù", Legacy::Vni), "à 5 ù");
        assert_eq!(convert("Hello", Legacy::Vni), "Hello");
    }

    #[test]
    fn output_is_nfc() {
        for p in PHRASES {
            assert!(is_nfc(&convert(&enc_tcvn3(p), Legacy::Tcvn3)));
            assert!(is_nfc(&convert(&enc_vni(p), Legacy::Vni)));
        }
        assert!(is_nfc(&convert("e\u{301}", Legacy::Tcvn3)));
    }

    #[test]
    fn syllables() {
        for w in [
            "Nguyễn",
            "Huỳnh",
            "người",
            "quyết",
            "giữa",
            "gì",
            "khuya",
            "rượu",
            "thuở",
            "xoong",
            "Đ\u{1ea3}ng",
            "ý",
            "kỹ",
            "nghiệp",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "cafộ", "Tõnn", "hoàngg", "cat", "kan", "ăń", "ngoàì", "Zoở", "đ", "ôô",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
