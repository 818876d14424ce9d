//! tagvote-keyword (in progress).
