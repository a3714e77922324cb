//! Calendar dates and clock times of the input, and how Party documents write them.
//!
//! A small own type rather than a date crate: the input needs only ISO parsing, ordering and
//! the two written forms of `format.md` (zero-padded days, months 1–2 padded, others not).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date, validated (no 31 June, 29 February only in leap years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Date::new(num(0..4)? as u16, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// The day as Party documents write it: always two digits.
    pub fn day_text(&self) -> String {
        format!("{:02}", self.day)
    }

    /// The month as Party documents write it: months 1 and 2 take a leading zero, others not,
    /// so that `tháng 01` cannot be altered to `tháng 11` by hand.
    pub fn month_text(&self) -> String {
        if self.month <= 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        }
    }

    /// `ngày 03 tháng 8 năm 2026`.
    pub fn long(&self) -> String {
        format!(
            "ngày {} tháng {} năm {}",
            self.day_text(),
            self.month_text(),
            self.year
        )
    }

    /// `03/8/2026`, the running-text form.
    pub fn short(&self) -> String {
        format!("{}/{}/{}", self.day_text(), self.month_text(), self.year)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_written(&s)
            .map_err(|(vi, en)| serde::de::Error::custom(crate::input::lang::bilingual(&vi, &en)))
    }
}

impl Date {
    /// A date as people write it: `2026-08-03` (ISO), `03/08/2026`, `3/8/2026`, `03-08-2026`,
    /// `03.08.2026` (day first: Vietnam never writes the month first), or
    /// `ngày 03 tháng 8 năm 2026`. A wrong one gets a message (Vietnamese, English) that shows
    /// the correction when one can be seen.
    pub fn parse_written(raw: &str) -> Result<Date, (String, String)> {
        let s = raw.trim();
        if let Some(d) = Date::parse_iso(s) {
            return Ok(d);
        }
        let shown: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
        let Some((a, b, c)) = numbers_of(s) else {
            return Err((
                format!("ngày không hợp lệ «{shown}»: viết ngày/tháng/năm, ví dụ 03/08/2026"),
                format!("invalid date «{shown}»: write day/month/year, e.g. 03/08/2026"),
            ));
        };
        // Year first (2026/08/03) or last (03/08/2026); the other two are day and month in
        // the order Vietnamese writes them.
        let (year, month, day) = if a >= 1000 { (a, b, c) } else { (c, b, a) };
        if !(1900..=2999).contains(&year) {
            return Err((
                format!(
                    "ngày «{shown}»: năm {year} không hợp lệ; viết đủ bốn chữ số, ví dụ {:02}/{:02}/2026",
                    day, month
                ),
                format!(
                    "date «{shown}»: the year {year} is not valid; write all four digits, e.g. {:02}/{:02}/2026",
                    day, month
                ),
            ));
        }
        if !(1..=12).contains(&month) {
            let hint = if (1..=12).contains(&day) && month <= 31 {
                format!(" (có phải {month:02}/{day:02}/{year}? ngày viết trước tháng)")
            } else {
                String::new()
            };
            return Err((
                format!("ngày «{shown}»: không có tháng {month}{hint}"),
                format!(
                    "date «{shown}»: there is no month {month}; the day comes before the month"
                ),
            ));
        }
        let last = days_in_month(year as u16, month as u8) as u32;
        if day == 0 || day > last {
            return Err((
                format!("ngày «{shown}»: tháng {month} năm {year} chỉ có {last} ngày"),
                format!("date «{shown}»: month {month} of {year} has only {last} days"),
            ));
        }
        Ok(Date::new(year as u16, month as u8, day as u8).expect("checked above"))
    }
}

/// The three numbers of a written date, in the order written, with nothing else but separators
/// and the words `ngày`, `tháng`, `năm`.
fn numbers_of(s: &str) -> Option<(u32, u32, u32)> {
    let mut rest = s.to_lowercase();
    for word in ["ngày", "tháng", "năm"] {
        rest = rest.replacen(word, " ", 1);
    }
    let parts: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ','))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some((
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    ))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
}

impl Time {
    pub fn parse(s: &str) -> Option<Time> {
        let (h, m) = s.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        let hour: u8 = h.parse().ok()?;
        let minute: u8 = m.parse().ok()?;
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }

    pub fn text(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse(s.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "giờ không hợp lệ «{s}»: cần dạng giờ:phút, ví dụ 08:00"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse_iso("2026-09-04"), Date::new(2026, 9, 4));
        assert!(Date::parse_iso("2026-02-29").is_none());
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2026-06-31").is_none());
        assert!(Date::parse_iso("2026-9-4").is_none());
        assert!(Date::parse_iso("04/09/2026").is_none());
        assert!(Date::parse_iso("2026-+9-04").is_none());
    }

    #[test]
    fn dates_as_people_write_them() {
        let d = Date::new(2026, 8, 3);
        for s in [
            "03/08/2026",
            "3/8/2026",
            "03-08-2026",
            "03.08.2026",
            " 2026/08/03 ",
            "ngày 03 tháng 8 năm 2026",
            "Ngày 3 tháng 08 năm 2026",
        ] {
            assert_eq!(Date::parse_written(s).ok(), d, "{s}");
        }
        let said = |s: &str| Date::parse_written(s).unwrap_err().0;
        assert_eq!(
            said("31/02/2026"),
            "ngày «31/02/2026»: tháng 2 năm 2026 chỉ có 28 ngày"
        );
        assert_eq!(
            said("08/13/2026"),
            "ngày «08/13/2026»: không có tháng 13 (có phải 13/08/2026? ngày viết trước tháng)"
        );
        assert_eq!(
            said("03/08/26"),
            "ngày «03/08/26»: năm 26 không hợp lệ; viết đủ bốn chữ số, ví dụ 03/08/2026"
        );
        assert_eq!(
            said("mùng ba"),
            "ngày không hợp lệ «mùng ba»: viết ngày/tháng/năm, ví dụ 03/08/2026"
        );
    }

    #[test]
    fn party_forms() {
        let d = Date::new(2026, 9, 7).unwrap();
        assert_eq!(d.long(), "ngày 07 tháng 9 năm 2026");
        assert_eq!(d.short(), "07/9/2026");
        let d = Date::new(2026, 2, 5).unwrap();
        assert_eq!(d.long(), "ngày 05 tháng 02 năm 2026");
        let d = Date::new(2026, 11, 15).unwrap();
        assert_eq!(d.long(), "ngày 15 tháng 11 năm 2026");
        assert!(Date::new(2026, 8, 3).unwrap() < Date::new(2026, 9, 1).unwrap());
    }

    #[test]
    fn times() {
        assert_eq!(Time::parse("8:00").unwrap().text(), "08:00");
        assert!(Time::parse("24:00").is_none());
        assert!(Time::parse("19:5").is_none());
    }
}
