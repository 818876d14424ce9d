//! Integration tests of tagvote-embed. Tests that need the model find it where `tagvote model fetch` puts
//! it (or `$TAGVOTE_MODEL_DIR`) and fail with the command to run when it is absent.

mod cache;
mod fetch;
mod lead;
mod reference;
mod scorer;
mod support;
