//! Loading: walk the tree, parse every Terraform file, build the module graph.

pub(crate) mod ast;
pub mod fs;
pub(crate) mod json;
pub(crate) mod modules;
pub mod parse;
pub(crate) mod prescan;
pub mod walk;

pub use modules::{ModuleDir, Workspace, load};
