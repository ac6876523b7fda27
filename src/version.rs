//! Vendor version order (in progress on a branch).
