//! Loading: walk the tree, parse every Terraform file, build the module graph.

pub mod ast;
pub mod fs;
pub mod json;
pub mod modules;
pub mod parse;
pub mod prescan;
pub mod walk;

pub use modules::{ModuleDir, Workspace, load};
