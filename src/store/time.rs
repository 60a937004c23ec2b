//! Commit timestamps: a `CommitTime` type, git's date formats for GIT_*_DATE, and git's
//! `--date` styles for showing them. The calendar work is `jiff`'s; this file only says
//! which of git's forms are read and written.

use jiff::Timestamp;
use jiff::fmt::{rfc2822, strtime};
use jiff::tz::{Offset, TimeZone};

use super::error::StoreError;

/// A point in time as git stores it: seconds since the Unix epoch plus the writer's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitTime {
    pub seconds: i64,
    pub offset_minutes: i32,
}

/// git's `--date` styles. Every one but `relative`, `raw` and `unix` shows the time in the
/// offset its writer recorded, as git does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `Thu Apr 7 22:13:13 2005 +0200`
    Default,
    /// `2005-04-07 22:13:13 +0200`
    Iso,
    /// `2005-04-07T22:13:13+02:00` (`Z` for UTC)
    IsoStrict,
    /// `Thu, 7 Apr 2005 22:13:13 +0200`
    Rfc,
    /// `2005-04-07`
    Short,
    /// `2 hours ago`, `1 year, 3 months ago`, as git counts them
    Relative,
    /// `1112911993 +0200`
    Raw,
    /// `1112911993`
    Unix,
}

/// A `--date` style with the clock (seconds since the epoch) that `relative` counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFormat {
    pub style: DateStyle,
    pub now: i64,
}

impl DateFormat {
    /// `time` in this style.
    pub fn show(self, time: CommitTime) -> String {
        time.show(self.style, self.now)
    }
}

impl CommitTime {
    /// The time set by an environment variable in git's formats (`GIT_AUTHOR_DATE`,
    /// `GIT_COMMITTER_DATE`): `None` when unset or empty; a value git would not read is
    /// [`StoreError::InvalidDate`] naming the variable.
    pub fn from_env(var: &str) -> Result<Option<CommitTime>, StoreError> {
        let value = std::env::var_os(var).map(|v| v.to_string_lossy().into_owned());
        Self::from_value(var, value)
    }

    /// The logic of [`CommitTime::from_env`] on an explicit value, for tests.
    pub fn from_value(var: &str, value: Option<String>) -> Result<Option<CommitTime>, StoreError> {
        match value.filter(|s| !s.trim().is_empty()) {
            None => Ok(None),
            Some(value) => {
                Self::parse(&value)
                    .map(Some)
                    .map_err(|reason| StoreError::InvalidDate {
                        var: var.to_string(),
                        value,
                        reason,
                    })
            }
        }
    }

    /// Parses the forms git reads in GIT_*_DATE that carry a zone: `"<unix> <+hhmm>"`,
    /// `"@<unix> [+hhmm]"`, RFC 2822 (`Thu, 07 Apr 2005 22:13:13 +0200`) and ISO 8601
    /// (`2005-04-07T22:13:13Z`, `2005-04-07 22:13:13 +0200`); the error says why not.
    pub fn parse(s: &str) -> Result<CommitTime, String> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix('@') {
            let (secs, off) = match rest.split_once(' ') {
                Some((a, b)) => (a, Some(b.trim())),
                None => (rest, None),
            };
            let offset_minutes = off.map(parse_offset).transpose()?.unwrap_or(0);
            return Self::checked(parse_unix(secs)?, offset_minutes);
        }
        if let Some((secs, off)) = s.split_once(' ')
            && !secs.is_empty()
            && secs.bytes().all(|b| b.is_ascii_digit())
        {
            return Self::checked(parse_unix(secs)?, parse_offset(off.trim())?);
        }
        if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let zoned =
                rfc2822::parse(s).map_err(|e| format!("{s:?} is not a recognised date ({e})"))?;
            let seconds = zoned.timestamp().as_second();
            return Self::checked(seconds, zoned.offset().seconds() / 60);
        }
        parse_iso(s)
    }

    /// A time jiff can show (years -9999 to 9999) with an offset of less than a day.
    fn checked(seconds: i64, offset_minutes: i32) -> Result<CommitTime, String> {
        let t = CommitTime {
            seconds,
            offset_minutes,
        };
        t.zoned().map(|_| t)
    }

    /// The current time, in UTC.
    pub fn now() -> CommitTime {
        CommitTime {
            seconds: Timestamp::now().as_second(),
            offset_minutes: 0,
        }
    }

    /// The time in its own UTC offset as ISO 8601: `2026-11-27T10:00:00+01:00`.
    pub fn iso8601(self) -> String {
        self.strftime("%Y-%m-%dT%H:%M:%S%:z")
    }

    /// The time in its own UTC offset, to the minute: `2026-11-27 10:00`.
    pub fn short(self) -> String {
        self.strftime("%Y-%m-%d %H:%M")
    }

    /// The time as git's `--date=STYLE` shows it; `now` (seconds since the epoch) is the
    /// clock `relative` counts from.
    pub fn show(self, style: DateStyle, now: i64) -> String {
        match style {
            DateStyle::Default => self.strftime("%a %b %-d %H:%M:%S %Y %z"),
            DateStyle::Iso => self.strftime("%Y-%m-%d %H:%M:%S %z"),
            DateStyle::IsoStrict if self.offset_minutes == 0 => self.strftime("%Y-%m-%dT%H:%M:%SZ"),
            DateStyle::IsoStrict => self.iso8601(),
            DateStyle::Rfc => self.strftime("%a, %-d %b %Y %H:%M:%S %z"),
            DateStyle::Short => self.strftime("%Y-%m-%d"),
            DateStyle::Relative => relative(now.saturating_sub(self.seconds)),
            DateStyle::Raw => self.strftime("%s %z"),
            DateStyle::Unix => self.seconds.to_string(),
        }
    }

    /// The time in its writer's offset; an error for a time or offset jiff cannot hold.
    fn zoned(self) -> Result<jiff::ZonedDateTime, String> {
        let out_of_range = |e: jiff::Error| format!("{} is out of range ({e})", self.seconds);
        let offset = Offset::from_seconds(self.offset_minutes.saturating_mul(60)).map_err(|e| {
            format!(
                "{} minutes is not a time zone offset ({e})",
                self.offset_minutes
            )
        })?;
        let ts = Timestamp::from_second(self.seconds).map_err(out_of_range)?;
        Ok(ts.to_zoned_datetime(TimeZone::fixed(offset)))
    }

    /// Formats in the writer's offset; a time out of jiff's range (only from a forged
    /// commit) is shown as git's raw form.
    fn strftime(self, format: &str) -> String {
        self.zoned()
            .ok()
            .and_then(|z| strtime::format(format, &z).ok())
            .unwrap_or_else(|| format!("{} {:+05}", self.seconds, self.offset_minutes))
    }

    /// Converts to git2's time type for signatures.
    pub(crate) fn to_git(self) -> git2::Time {
        git2::Time::new(self.seconds, self.offset_minutes)
    }

    /// Converts from git2's time type (as read from a commit).
    pub(crate) fn from_git(t: git2::Time) -> CommitTime {
        CommitTime {
            seconds: t.seconds(),
            offset_minutes: t.offset_minutes(),
        }
    }
}

/// git's `--date=relative` for a time `diff` seconds ago (date.c, `show_date_relative`).
fn relative(diff: i64) -> String {
    let n = |count: i64, unit: &str| {
        let s = if count == 1 { "" } else { "s" };
        format!("{count} {unit}{s}")
    };
    if diff < 0 {
        return "in the future".to_string();
    }
    if diff < 90 {
        return format!("{} ago", n(diff, "second"));
    }
    let minutes = (diff + 30) / 60;
    if minutes < 90 {
        return format!("{} ago", n(minutes, "minute"));
    }
    let hours = (minutes + 30) / 60;
    if hours < 36 {
        return format!("{} ago", n(hours, "hour"));
    }
    let days = (hours + 12) / 24;
    if days < 14 {
        return format!("{} ago", n(days, "day"));
    }
    if days < 70 {
        return format!("{} ago", n((days + 3) / 7, "week"));
    }
    if days < 365 {
        return format!("{} ago", n((days + 15) / 30, "month"));
    }
    if days < 1825 {
        let total_months = (days * 12 * 2 + 365) / (365 * 2);
        let (years, months) = (total_months / 12, total_months % 12);
        return match months {
            0 => format!("{} ago", n(years, "year")),
            _ => format!("{}, {} ago", n(years, "year"), n(months, "month")),
        };
    }
    format!("{} ago", n((days + 183) / 365, "year"))
}

/// Parses a decimal count of seconds since the epoch.
fn parse_unix(s: &str) -> Result<i64, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not a number of seconds since 1970"));
    }
    s.parse::<i64>()
        .map_err(|_| format!("{s:?} is out of range"))
}

/// Parses `+hhmm`, `-hhmm`, `+hh:mm` or `Z` into minutes east of UTC.
fn parse_offset(s: &str) -> Result<i32, String> {
    if s.eq_ignore_ascii_case("z") {
        return Ok(0);
    }
    let bad = || format!("{s:?} is not a time zone offset like +0200, -05:30 or Z");
    let parsed = strtime::parse("%z", s)
        .or_else(|_| strtime::parse("%:z", s))
        .map_err(|_| bad())?;
    let offset = parsed.offset().ok_or_else(bad)?;
    if offset.seconds() % 60 != 0 || offset.seconds().abs() >= 24 * 3600 {
        return Err(bad());
    }
    Ok(offset.seconds() / 60)
}

/// Parses ISO 8601 `YYYY-MM-DD[T ]HH:MM:SS[.frac]<zone>` where zone is `Z`, `±hh:mm` or
/// `±hhmm`, optionally after a space. A time without a zone is refused: git would read it
/// in the local zone, which emend does not guess.
fn parse_iso(s: &str) -> Result<CommitTime, String> {
    let bad = |why: &str| format!("{s:?} is not a recognised date ({why})");
    let split = s
        .char_indices()
        .skip(19)
        .find(|&(_, c)| matches!(c, 'Z' | 'z' | '+' | '-' | ' '))
        .map(|(i, _)| i);
    let Some(split) = split else {
        return Err(bad("no time zone: add Z or an offset like +02:00"));
    };
    let (local, zone) = s.split_at(split);
    let civil = strtime::parse("%Y-%m-%dT%H:%M:%S%.f", local)
        .or_else(|_| strtime::parse("%Y-%m-%d %H:%M:%S%.f", local))
        .and_then(|t| t.to_datetime())
        .map_err(|e| bad(&format!("expected YYYY-MM-DDTHH:MM:SS: {e}")))?;
    let zone = zone.trim_start();
    if zone.is_empty() {
        return Err(bad("no time zone: add Z or an offset like +02:00"));
    }
    let offset_minutes = parse_offset(zone)?;
    let offset = Offset::from_seconds(offset_minutes * 60).map_err(|e| bad(&e.to_string()))?;
    let ts = offset
        .to_timestamp(civil)
        .map_err(|e| bad(&e.to_string()))?;
    Ok(CommitTime {
        seconds: ts.as_second(),
        offset_minutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64, offset_minutes: i32) -> CommitTime {
        CommitTime {
            seconds,
            offset_minutes,
        }
    }

    #[test]
    fn formats_in_the_time_own_offset() {
        let t1 = t(1_764_237_600, 60);
        assert_eq!(t1.iso8601(), "2025-11-27T11:00:00+01:00");
        assert_eq!(t1.short(), "2025-11-27 11:00");
        assert_eq!(t(0, -330).iso8601(), "1969-12-31T18:30:00-05:30");
        let t2 = t(1_112_911_993, 120);
        let show = |s| t2.show(s, 0);
        assert_eq!(show(DateStyle::Default), "Fri Apr 8 00:13:13 2005 +0200");
        assert_eq!(show(DateStyle::Iso), "2005-04-08 00:13:13 +0200");
        assert_eq!(show(DateStyle::IsoStrict), "2005-04-08T00:13:13+02:00");
        assert_eq!(
            t(0, 0).show(DateStyle::IsoStrict, 0),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(show(DateStyle::Rfc), "Fri, 8 Apr 2005 00:13:13 +0200");
        assert_eq!(show(DateStyle::Short), "2005-04-08");
        assert_eq!(show(DateStyle::Raw), "1112911993 +0200");
        assert_eq!(t(5, -330).show(DateStyle::Raw, 0), "5 -0530");
        assert_eq!(show(DateStyle::Unix), "1112911993");
    }

    #[test]
    fn relative_counts_as_git_does() {
        let day = 86_400;
        for (diff, want) in [
            (-1, "in the future"),
            (0, "0 seconds ago"),
            (1, "1 second ago"),
            (89, "89 seconds ago"),
            (90, "2 minutes ago"),
            (3600, "60 minutes ago"),
            (5400, "2 hours ago"),
            (36 * 3600, "2 days ago"),
            (13 * day, "13 days ago"),
            (14 * day, "2 weeks ago"),
            (69 * day, "10 weeks ago"),
            (70 * day, "2 months ago"),
            (364 * day, "12 months ago"),
            (365 * day, "1 year ago"),
            (500 * day, "1 year, 4 months ago"),
            (1825 * day, "5 years ago"),
            (20_000 * day, "55 years ago"),
        ] {
            assert_eq!(t(0, 0).show(DateStyle::Relative, diff), want, "{diff}");
        }
    }

    #[test]
    fn parses_git_formats() {
        for (input, want) in [
            ("1112911993 +0200", t(1112911993, 120)),
            ("@1112911993 -0530", t(1112911993, -330)),
            ("@1112911993", t(1112911993, 0)),
            ("2005-04-07T22:13:13Z", t(1112911993, 0)),
            ("2005-04-08T00:13:13+02:00", t(1112911993, 120)),
            ("2005-04-08 00:13:13 +0200", t(1112911993, 120)),
            ("2005-04-07T22:13:13.250Z", t(1112911993, 0)),
            ("Fri, 08 Apr 2005 00:13:13 +0200", t(1112911993, 120)),
            ("Thu, 7 Apr 2005 17:13:13 -0500", t(1112911993, -300)),
            ("1970-01-01T00:00:00Z", t(0, 0)),
            ("2000-02-29T12:00:00Z", t(951825600, 0)),
        ] {
            assert_eq!(CommitTime::parse(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "yesterday",
            "1112911993",
            "1112911993 0200",
            "1112911993 +2500",
            "@abc",
            "2005-04-07T22:13:13",
            "2005-13-07T22:13:13Z",
            "2005-02-29T22:13:13Z",
            "2005-04-07T25:13:13Z",
            "2005-04-07X22:13:13Z",
            "Fri, 31 Apr 2005 00:13:13 +0200",
            "@99999999999999999 +0000",
        ] {
            assert!(CommitTime::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn env_values_and_errors() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            CommitTime::from_value("GIT_AUTHOR_DATE", None).unwrap(),
            None
        );
        assert_eq!(
            CommitTime::from_value("GIT_AUTHOR_DATE", some(" ")).unwrap(),
            None
        );
        assert_eq!(
            CommitTime::from_value("GIT_AUTHOR_DATE", some("@7 +0100")).unwrap(),
            Some(t(7, 60))
        );
        let err = CommitTime::from_value("GIT_AUTHOR_DATE", some("soon")).unwrap_err();
        assert!(matches!(err, StoreError::InvalidDate { .. }));
        assert!(err.to_string().contains("GIT_AUTHOR_DATE"), "{err}");
    }
}
