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
        Date::parse_iso(s.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ngày không hợp lệ «{s}»: cần dạng năm-tháng-ngày, ví dụ 2026-09-04"
            ))
        })
    }
}

/// A clock time, `HH:MM`.
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
