//! Integration tests of the keyword scorer: lexicon, matching, Markdown weighting, fitting.
//! Every text here is written for these tests.

mod fitting;
mod lexicon;
mod scoring;
mod support;
