//! Condition language (in progress on a branch).
