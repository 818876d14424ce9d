//! tagvote-embed (in progress).
