//! Vietnamese number words for documents: `21 (hai mươi mốt)`, `02 (hai) bản`.

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// 0–999, with `full` when a higher group precedes (so `5` reads `không trăm linh năm`).
fn hundreds(n: u64, full: bool) -> String {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    let mut parts: Vec<&str> = Vec::new();
    if h > 0 || full {
        parts.push(DIGITS[h as usize]);
        parts.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || full) => parts.push("linh"),
        0 => {}
        1 => parts.push("mười"),
        _ => {
            parts.push(DIGITS[t as usize]);
            parts.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => parts.push("mốt"),
        4 if t >= 2 => parts.push("tư"),
        5 if t >= 1 => parts.push("lăm"),
        _ => parts.push(DIGITS[u as usize]),
    }
    parts.join(" ")
}

/// The number in words: `21` → `hai mươi mốt`, `1005` → `một nghìn không trăm linh năm`.
pub fn number_words(n: u64) -> String {
    if n == 0 {
        return "không".to_string();
    }
    const UNITS: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut parts = Vec::new();
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        let full = i + 1 < groups.len();
        parts.push(hundreds(*g, full));
        let unit = UNITS[i % 4];
        if !unit.is_empty() {
            parts.push(unit.to_string());
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_number_words() {
        for (n, w) in [
            (0, "không"),
            (1, "một"),
            (2, "hai"),
            (10, "mười"),
            (11, "mười một"),
            (15, "mười lăm"),
            (19, "mười chín"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (23, "hai mươi ba"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (1000, "một nghìn"),
            (1005, "một nghìn không trăm linh năm"),
            (2053, "hai nghìn không trăm năm mươi ba"),
            (1_938, "một nghìn chín trăm ba mươi tám"),
        ] {
            assert_eq!(number_words(n), w, "{n}");
        }
    }
}
