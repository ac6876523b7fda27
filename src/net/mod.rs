//! Ports and addresses (in progress on a branch).
