//! Building the report's texts without the formatting machinery: a `format!` costs several
//! hundred instructions more than joining its parts, and an evaluation writes dozens of them
//! (warning messages, plan fields, rule ids).

/// A number's decimal digits, on the stack.
pub(super) struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    pub(super) fn new(n: usize) -> Digits {
        let mut buf = [b'0'; 20];
        let mut start = buf.len();
        let mut rest = n;
        loop {
            start -= 1;
            if let Some(d) = buf.get_mut(start) {
                *d = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 || start == 0 {
                break;
            }
        }
        Digits { buf, start }
    }

    pub(super) fn as_str(&self) -> &str {
        self.buf
            .get(self.start..)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::Digits;

    #[test]
    fn digits_are_those_of_display() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(Digits::new(n).as_str(), n.to_string());
        }
    }
}
