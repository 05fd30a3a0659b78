//! Calendar dates `YYYY-MM-DD`, enough for review dates and `--today`.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date: write it as YYYY-MM-DD, e.g. 2027-01-31")]
pub struct DateError(String);

impl Date {
    /// Today in UTC.
    pub fn today() -> Date {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Date::from_days_since_epoch((seconds / 86_400) as i64)
    }

    /// Howard Hinnant's `civil_from_days`.
    fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `period` later. Years and months keep the day of the month,
    /// or take the month's last day when it has fewer (2024-02-29 plus a
    /// year is 2025-02-28), as a writer counting on a calendar would.
    pub fn plus(self, period: Period) -> Date {
        match period {
            Period::Days(days) => {
                Date::from_days_since_epoch(self.days_since_epoch() + i64::from(days))
            }
            Period::Months(months) => {
                let index =
                    i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
                let year = index.div_euclid(12) as i32;
                let month = index.rem_euclid(12) as u32 + 1;
                Date {
                    year,
                    month,
                    day: self.day.min(days_in_month(year, month)),
                }
            }
        }
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

/// A span of calendar time: `2y`, `18m` or `400d` in `sop.toml` and on the
/// command line. Years are twelve months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a period: write a number and a unit, e.g. 2y (years), 18m (months) or 400d (days)"
)]
pub struct PeriodError(String);

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Period, PeriodError> {
        let error = || PeriodError(text.to_string());
        let trimmed = text.trim();
        let unit_at = trimmed.len().checked_sub(1).ok_or_else(error)?;
        if !trimmed.is_char_boundary(unit_at) {
            return Err(error());
        }
        let (number, unit) = trimmed.split_at(unit_at);
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        // At most 100 years: a date 10,000 years away is a typo, not a plan.
        let count: u32 = number.parse().map_err(|_| error())?;
        let (period, days) = match unit {
            "y" => (
                Period::Months(count.checked_mul(12).ok_or_else(error)?),
                u64::from(count) * 366,
            ),
            "m" => (Period::Months(count), u64::from(count) * 31),
            "d" => (Period::Days(count), u64::from(count)),
            _ => return Err(error()),
        };
        if count == 0 || days > 100 * 366 {
            return Err(error());
        }
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Days(days) => write!(f, "{days}d"),
            Period::Months(months) if months % 12 == 0 => write!(f, "{}y", months / 12),
            Period::Months(months) => write!(f, "{months}m"),
        }
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

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let error = || DateError(text.to_string());
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(at, b)| at == 4 || at == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(error());
        }
        let date = Date {
            year: text[0..4].parse().map_err(|_| error())?,
            month: text[5..7].parse().map_err(|_| error())?,
            day: text[8..10].parse().map_err(|_| error())?,
        };
        let valid = (1..=12).contains(&date.month)
            && (1..=days_in_month(date.year, date.month)).contains(&date.day);
        valid.then_some(date).ok_or_else(error)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            "2028-02-29".parse::<Date>().unwrap().to_string(),
            "2028-02-29"
        );
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-1-01",
            "27-01-01",
            "2027-00-10",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_are_years_months_or_days() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let period = |text: &str| text.parse::<Period>().unwrap();
        assert_eq!(day("2024-02-29").plus(period("1y")), day("2025-02-28"));
        assert_eq!(day("2025-01-31").plus(period("1m")), day("2025-02-28"));
        assert_eq!(day("2025-11-30").plus(period("18m")), day("2027-05-30"));
        assert_eq!(day("2025-12-31").plus(period("400d")), day("2027-02-04"));
        assert_eq!(day("2025-01-01").days_until(day("2026-01-01")), 365);
        assert_eq!(period("2y").to_string(), "2y");
        assert_eq!(period("18m").to_string(), "18m");
        for bad in [
            "",
            "y",
            "2",
            "2w",
            "-1d",
            "0d",
            "1.5y",
            "101y",
            "99999999999d",
            "2é",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn days_since_epoch_is_the_inverse() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_779, 2_000_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn converts_days_since_epoch() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_779).to_string(),
            "2026-11-22"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }
}
