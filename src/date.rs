//! Dates as analysts write them: a year, a month or a day (`1992`, `2006-08`, `2007-03-14`),
//! checked against the calendar and shown as people read them ("9–13 March 2007").

use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let expected = || format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        if parts.len() > 3
            || parts[0].len() != 4
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
            || parts[1..].iter().any(|p| p.len() != 2)
        {
            return Err(expected());
        }
        let number = |s: &str| s.parse::<u32>().map_err(|_| expected());
        let year = number(parts[0])? as i32;
        let month = parts.get(1).map(|m| number(m)).transpose()?;
        let day = parts.get(2).map(|d| number(d)).transpose()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!(
                "`{text}` has no month {m}: months run from 01 to 12"
            ));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(format!(
                    "`{text}` is not a real date: {} {year} has {last} days",
                    MONTHS[m as usize - 1]
                ));
            }
        }
        Ok(PartialDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The ISO form, as written: `2007`, `2007-03` or `2007-03-14`.
    pub fn iso(&self) -> String {
        // Written digit by digit: pages show tens of thousands of dates, and `format!` with
        // padding costs a thousand instructions a call.
        let small = |part: Option<u8>| part.is_none_or(|p| p <= 99);
        let Ok(year @ 0..=9999) = u16::try_from(self.year) else {
            return self.iso_formatted();
        };
        if !small(self.month) || !small(self.day) {
            return self.iso_formatted();
        }
        let mut iso = String::with_capacity(10);
        push_digits(&mut iso, year, 4);
        for part in [self.month, self.month.and(self.day)].into_iter().flatten() {
            iso.push('-');
            push_digits(&mut iso, part.into(), 2);
        }
        iso
    }

    /// [`PartialDate::iso`] for years outside 0–9999.
    fn iso_formatted(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[m as usize - 1])
    }
}

/// `n` in decimal, with leading zeros to `width` digits (`n` has no more than `width`).
fn push_digits(out: &mut String, n: u16, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u16.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

impl fmt::Display for PartialDate {
    /// "14 March 2007", "March 2007" or "2007".
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // Put together from its parts rather than with `write!`: see [`PartialDate::iso`].
        let mut text = String::with_capacity(20);
        if let (Some(day), Some(_)) = (self.day, self.month) {
            text.push_str(&day.to_string());
            text.push(' ');
        }
        if let Some(month) = self.month_name() {
            text.push_str(month);
            text.push(' ');
        }
        text.push_str(&self.year.to_string());
        f.write_str(&text)
    }
}

/// A span of time for display: "9–13 March 2007", "March–May 2007", "1979–1989",
/// "30 December 2006 – 2 January 2007". Parts shared by both ends are written once.
pub fn format_range(from: &PartialDate, until: Option<&PartialDate>) -> String {
    let Some(until) = until.filter(|u| *u != from) else {
        return from.to_string();
    };
    let same_shape =
        from.month.is_some() == until.month.is_some() && from.day.is_some() == until.day.is_some();
    if !same_shape || from.year != until.year {
        let sep = if from.month.is_none() && until.month.is_none() {
            "–"
        } else {
            " – "
        };
        return format!("{from}{sep}{until}");
    }
    match (from.day, until.day) {
        (Some(d1), Some(d2)) if from.month == until.month => {
            format!(
                "{d1}–{d2} {} {}",
                until.month_name().unwrap_or_default(),
                from.year
            )
        }
        (Some(d1), Some(d2)) => format!(
            "{d1} {} – {d2} {} {}",
            from.month_name().unwrap_or_default(),
            until.month_name().unwrap_or_default(),
            from.year
        ),
        _ => match (from.month_name(), until.month_name()) {
            (Some(m1), Some(m2)) => format!("{m1}–{m2} {}", from.year),
            _ => format!("{from}–{until}"),
        },
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parses_three_precisions() {
        assert_eq!(d("1992").to_string(), "1992");
        assert_eq!(d("2006-08").to_string(), "August 2006");
        assert_eq!(d("2007-03-14").to_string(), "14 March 2007");
        assert_eq!(d("2007-03-14").iso(), "2007-03-14");
        assert!(d("2008-02-29").is_full());
    }

    #[test]
    fn iso_dates_are_zero_padded_at_every_precision() {
        assert_eq!(d("0987-01-02").iso(), "0987-01-02");
        assert_eq!(d("2006-08").iso(), "2006-08");
        assert_eq!(d("0042").iso(), "0042");
        for (year, month, day) in [
            (7, Some(3), Some(9)),
            (2024, Some(12), None),
            (-44, None, None),
        ] {
            let date = PartialDate { year, month, day };
            assert_eq!(date.iso(), date.iso_formatted(), "{date:?}");
        }
        let far = PartialDate {
            year: 12345,
            month: Some(1),
            day: None,
        };
        assert_eq!(far.iso(), "12345-01");
    }

    #[test]
    fn rejects_impossible_dates_with_reasons() {
        assert_eq!(
            PartialDate::parse("2007-02-30").unwrap_err(),
            "`2007-02-30` is not a real date: February 2007 has 28 days"
        );
        assert!(
            PartialDate::parse("2007-13")
                .unwrap_err()
                .contains("no month 13")
        );
        for bad in [
            "07-03-14",
            "2007/03/14",
            "2007-3-14",
            "March 2007",
            "",
            "2007-03-14-1",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_coarse_dates_before_fine_ones_in_the_same_period() {
        assert!(d("2007") < d("2007-01"));
        assert!(d("2007-03") < d("2007-03-01"));
        assert!(d("2006-12-31") < d("2007"));
    }

    #[test]
    fn formats_ranges_without_repeating_shared_parts() {
        let r = |a: &str, b: &str| format_range(&d(a), Some(&d(b)));
        assert_eq!(r("2007-03-09", "2007-03-13"), "9–13 March 2007");
        assert_eq!(r("2007-03-30", "2007-04-02"), "30 March – 2 April 2007");
        assert_eq!(r("1979", "1989"), "1979–1989");
        assert_eq!(r("2007-03", "2007-05"), "March–May 2007");
        assert_eq!(
            r("2006-12-30", "2007-01-02"),
            "30 December 2006 – 2 January 2007"
        );
        assert_eq!(format_range(&d("2002"), None), "2002");
    }
}
