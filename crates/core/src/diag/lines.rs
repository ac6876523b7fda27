//! Line and column of many offsets in one text, each in time independent of the text's size:
//! a catalog with ten thousand errors is located in time linear in the file, where
//! [`super::line_col`] (which scans the text from the start) would take quadratic time.

use std::cell::Cell;

/// The line starts of a text, found once.
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of each line's first character.
    starts: Vec<usize>,
    /// The last position asked for (offset, line index, column), so that positions asked for in
    /// order along one long line count its characters once.
    last: Cell<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines {
            text,
            starts,
            last: Cell::new((0, 0, 1)),
        }
    }

    /// Line and column (1-based, columns in characters) of byte `offset`; the same answer as
    /// [`super::line_col`].
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let (last_offset, last_line, last_col) = self.last.get();
        let (from, col) = if last_line == line && last_offset >= start && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (start, 1)
        };
        let col = col
            + self.text.get(from..offset).map_or(0, |s| {
                if s.is_ascii() {
                    s.len()
                } else {
                    s.chars().count()
                }
            });
        self.last.set((offset, line, col));
        (
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_answers_as_line_col() {
        let t = "ab\ncdé\nf\n\nxyz";
        let lines = Lines::new(t);
        let mut offsets: Vec<usize> = (0..=t.len() + 3)
            .filter(|&o| t.is_char_boundary(o.min(t.len())))
            .collect();
        offsets.extend([9, 2, 7, 0, 1000, 4]);
        for o in offsets {
            assert_eq!(
                lines.line_col(o),
                super::super::line_col(t, o),
                "offset {o}"
            );
        }
    }
}
