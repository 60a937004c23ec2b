//! Commit timestamps: a fixed `CommitTime` type and git's date formats from GIT_*_DATE.

use super::error::StoreError;

/// A point in time as git stores it: seconds since the Unix epoch plus the writer's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitTime {
    pub seconds: i64,
    pub offset_minutes: i32,
}

impl CommitTime {
    /// Reads GIT_COMMITTER_DATE, else GIT_AUTHOR_DATE, so emend honours the same override as git.
    ///
    /// `None` when neither is set (or both are empty); a set but unparsable value is [`StoreError::InvalidDate`].
    pub fn from_env() -> Result<Option<CommitTime>, StoreError> {
        let get = |k: &str| std::env::var_os(k).map(|v| v.to_string_lossy().into_owned());
        Self::from_vars(get("GIT_COMMITTER_DATE"), get("GIT_AUTHOR_DATE"))
    }

    /// The logic of [`CommitTime::from_env`] on explicit values, so it can be tested without touching the environment.
    pub fn from_vars(
        committer: Option<String>,
        author: Option<String>,
    ) -> Result<Option<CommitTime>, StoreError> {
        let pick = [
            ("GIT_COMMITTER_DATE", committer),
            ("GIT_AUTHOR_DATE", author),
        ]
        .into_iter()
        .find_map(|(var, v)| v.filter(|s| !s.trim().is_empty()).map(|s| (var, s)));
        match pick {
            None => Ok(None),
            Some((var, value)) => {
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

    /// Parses git's `"<unix> <+hhmm>"`, `"@<unix> [+hhmm]"` or ISO 8601 with a zone; the error says why not.
    pub fn parse(s: &str) -> Result<CommitTime, String> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix('@') {
            let (secs, off) = match rest.split_once(' ') {
                Some((a, b)) => (a, Some(b.trim())),
                None => (rest, None),
            };
            let seconds = parse_unix(secs)?;
            let offset_minutes = off.map(parse_offset).transpose()?.unwrap_or(0);
            return Ok(CommitTime {
                seconds,
                offset_minutes,
            });
        }
        if let Some((secs, off)) = s.split_once(' ')
            && !secs.is_empty()
            && secs.bytes().all(|b| b.is_ascii_digit())
        {
            return Ok(CommitTime {
                seconds: parse_unix(secs)?,
                offset_minutes: parse_offset(off.trim())?,
            });
        }
        parse_iso(s)
    }

    /// The current time, in UTC.
    pub fn now() -> CommitTime {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        CommitTime {
            seconds,
            offset_minutes: 0,
        }
    }

    /// The time in its own UTC offset as ISO 8601: `2026-11-27T10:00:00+01:00`.
    pub fn iso8601(self) -> String {
        let (date, time) = self.local_parts();
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let off = self.offset_minutes.unsigned_abs();
        format!("{date}T{time}{sign}{:02}:{:02}", off / 60, off % 60)
    }

    /// The time in its own UTC offset, to the minute: `2026-11-27 10:00`.
    pub fn short(self) -> String {
        let (date, time) = self.local_parts();
        format!("{date} {}", &time[..5])
    }

    /// (`YYYY-MM-DD`, `HH:MM:SS`) in the time's own offset.
    fn local_parts(self) -> (String, String) {
        let local = self.seconds + i64::from(self.offset_minutes) * 60;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            format!("{y:04}-{m:02}-{d:02}"),
            format!(
                "{:02}:{:02}:{:02}",
                secs / 3600,
                secs % 3600 / 60,
                secs % 60
            ),
        )
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
    if s == "Z" || s == "z" {
        return Ok(0);
    }
    let bad = || format!("{s:?} is not a time zone offset like +0200, -05:30 or Z");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let colon_ok = !rest.contains(':') || (rest.len() == 5 && rest.as_bytes()[2] == b':');
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || !colon_ok {
        return Err(bad());
    }
    let hh: i32 = digits[..2].parse().map_err(|_| bad())?;
    let mm: i32 = digits[2..].parse().map_err(|_| bad())?;
    if hh > 23 || mm > 59 {
        return Err(bad());
    }
    Ok(sign * (hh * 60 + mm))
}

/// Parses ISO 8601 `YYYY-MM-DD[T ]HH:MM:SS[.frac]<zone>` where zone is `Z`, `±hh:mm`, `±hhmm` (optionally after a space).
fn parse_iso(s: &str) -> Result<CommitTime, String> {
    let bad = |why: &str| format!("{s:?} is not a recognised date ({why})");
    let b = s.as_bytes();
    if b.len() < 19 {
        return Err(bad("too short"));
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse::<i64>().map_err(|_| bad("number out of range"))
        } else {
            Err(bad("expected digits"))
        }
    };
    if b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad("expected YYYY-MM-DDTHH:MM:SS"));
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(bad("no such day"));
    }
    if hour > 23 || min > 59 || sec > 60 {
        return Err(bad("no such time of day"));
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(bad("empty fraction of a second"));
        }
        rest = &frac[n..];
    }
    let zone = rest.trim_start();
    if zone.is_empty() {
        return Err(bad("no time zone: add Z or an offset like +02:00"));
    }
    let offset_minutes = parse_offset(zone)?;
    let days = days_from_civil(year, month, day);
    let local = days * 86_400 + hour * 3600 + min * 60 + sec.min(59);
    Ok(CommitTime {
        seconds: local - i64::from(offset_minutes) * 60,
        offset_minutes,
    })
}

/// Number of days in `month` of `year` (proleptic Gregorian).
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a count of days since 1970-01-01 (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_the_time_own_offset() {
        let t = CommitTime {
            seconds: 1_764_237_600,
            offset_minutes: 60,
        };
        assert_eq!(t.iso8601(), "2025-11-27T11:00:00+01:00");
        assert_eq!(t.short(), "2025-11-27 11:00");
        let neg = CommitTime {
            seconds: 0,
            offset_minutes: -330,
        };
        assert_eq!(neg.iso8601(), "1969-12-31T18:30:00-05:30");
        for days in [-1_000_000, -1, 0, 59, 365, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    fn t(seconds: i64, offset_minutes: i32) -> CommitTime {
        CommitTime {
            seconds,
            offset_minutes,
        }
    }

    #[test]
    fn parses_git_formats() {
        assert_eq!(
            CommitTime::parse("1112911993 +0200").unwrap(),
            t(1112911993, 120)
        );
        assert_eq!(
            CommitTime::parse("@1112911993 -0530").unwrap(),
            t(1112911993, -330)
        );
        assert_eq!(CommitTime::parse("@1112911993").unwrap(), t(1112911993, 0));
        // 2005-04-07T22:13:13Z == 1112911993
        assert_eq!(
            CommitTime::parse("2005-04-07T22:13:13Z").unwrap(),
            t(1112911993, 0)
        );
        assert_eq!(
            CommitTime::parse("2005-04-08T00:13:13+02:00").unwrap(),
            t(1112911993, 120)
        );
        assert_eq!(
            CommitTime::parse("2005-04-08 00:13:13 +0200").unwrap(),
            t(1112911993, 120)
        );
        assert_eq!(
            CommitTime::parse("2005-04-07T22:13:13.250Z").unwrap(),
            t(1112911993, 0)
        );
        assert_eq!(CommitTime::parse("1970-01-01T00:00:00Z").unwrap(), t(0, 0));
        assert_eq!(
            CommitTime::parse("2000-02-29T12:00:00Z").unwrap(),
            t(951825600, 0)
        );
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
        ] {
            assert!(CommitTime::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn env_precedence_and_errors() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(CommitTime::from_vars(None, None).unwrap(), None);
        assert_eq!(CommitTime::from_vars(some(""), None).unwrap(), None);
        assert_eq!(
            CommitTime::from_vars(some("@5 +0000"), some("@7 +0000")).unwrap(),
            Some(t(5, 0))
        );
        assert_eq!(
            CommitTime::from_vars(None, some("@7 +0100")).unwrap(),
            Some(t(7, 60))
        );
        let err = CommitTime::from_vars(None, some("soon")).unwrap_err();
        assert!(matches!(err, StoreError::InvalidDate { .. }));
        assert!(err.to_string().contains("GIT_AUTHOR_DATE"), "{err}");
    }
}
