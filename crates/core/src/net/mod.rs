//! Ports and addresses: the values a catalog lists and a user types, parsed strictly.
//!
//! Every parser here returns an error with a message and help instead of panicking, whatever
//! the input. A parsed [`Address`] only contains the characters `[a-z0-9.*:/-]`, so it can be
//! written into a generated shell script or firewall configuration as it is.

pub mod addr;
pub mod port;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;

pub use addr::{collapse, split_families, AddrError, Address, Family};
pub use port::{PortError, PortRange, PortSet, Transport};

/// The user's input for a message, shown between backticks: control characters escaped and
/// long input shortened, so a message always stays on one readable line.
pub(crate) fn show(input: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::new();
    for (i, c) in input.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::show;

    #[test]
    fn show_escapes_and_shortens() {
        assert_eq!(show("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(show(&"x".repeat(100)), format!("{}…", "x".repeat(60)));
        assert_eq!(show("ok"), "ok");
    }
}
