//! tagvote-llm (in progress).
