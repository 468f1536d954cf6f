//! The order in which a module's `module` calls are instantiated. Terraform evaluates by
//! dependency, not by position in the file: a call that uses `module.roles.arn`, directly or
//! through locals and resource arguments, is instantiated after `module "roles"`, wherever the
//! two blocks are written.

use std::collections::{HashMap, HashSet};

use crate::load::ast::{Block, Body, Expr, ExprKind, ObjKey, TplPart, TravOp};

/// Most definitions followed from one call when looking for the modules it uses.
const MAX_VISITS: usize = 4_096;

/// `calls` in an order where each comes after the calls it uses (stable; a cycle keeps the
/// written order).
pub(super) fn ordered<'w>(calls: &[&'w Block], bodies: &[&'w Body]) -> Vec<&'w Block> {
    let index: HashMap<&str, usize> = calls.iter().enumerate().filter_map(|(i, c)| c.labels.first().map(|n| (n.as_str(), i))).collect();
    // Each call's dependencies among the calls, as indexes.
    let deps: Vec<Vec<usize>> = calls
        .iter()
        .enumerate()
        .map(|(i, c)| used_modules(&c.body, bodies).iter().filter_map(|d| index.get(d.as_str()).copied()).filter(|&j| j != i).collect())
        .collect();
    let mut done = vec![false; calls.len()];
    let mut out = Vec::with_capacity(calls.len());
    while out.len() < calls.len() {
        let ready = (0..calls.len()).find(|&i| !done[i] && deps[i].iter().all(|&j| done[j]));
        // A cycle (Terraform rejects it): the first one left, as written.
        let Some(i) = ready.or_else(|| (0..calls.len()).find(|&i| !done[i])) else { break };
        done[i] = true;
        out.push(calls[i]);
    }
    out
}

/// The `module.<name>` references an argument list reaches, following locals and the
/// arguments of resources and data sources of the same module.
fn used_modules(call: &Body, bodies: &[&Body]) -> HashSet<String> {
    let mut w = Walk { bodies, out: HashSet::new(), seen: HashSet::new(), visits: 0 };
    for a in &call.attrs {
        w.expr(&a.expr, 0);
    }
    w.out
}

struct Walk<'a> {
    bodies: &'a [&'a Body],
    out: HashSet<String>,
    seen: HashSet<String>,
    visits: usize,
}

impl Walk<'_> {
    fn expr(&mut self, e: &Expr, depth: usize) {
        self.visits += 1;
        if depth > 64 || self.visits > MAX_VISITS {
            return;
        }
        match &e.kind {
            ExprKind::Template(parts) => self.parts(parts, depth),
            ExprKind::Array(items) => items.iter().for_each(|x| self.expr(x, depth + 1)),
            ExprKind::Object(kv) => {
                for (k, v) in kv {
                    if let ObjKey::Expr(x) = k {
                        self.expr(x, depth + 1);
                    }
                    self.expr(v, depth + 1);
                }
            }
            ExprKind::Traversal(base, ops) => {
                for op in ops {
                    if let TravOp::Index(x) = op {
                        self.expr(x, depth + 1);
                    }
                }
                let attr = |i: usize| match ops.get(i) {
                    Some(TravOp::Attr(a, _)) => Some(a.as_str()),
                    _ => None,
                };
                match base.var() {
                    Some(root) => match (root, attr(0), attr(1)) {
                        ("module", Some(m), _) => {
                            self.out.insert(m.to_string());
                        }
                        ("local", Some(l), _) => self.definition(&format!("local.{l}"), depth),
                        ("data", Some(t), Some(n)) => self.definition(&format!("data.{t}.{n}"), depth),
                        ("var" | "path" | "terraform" | "count" | "each" | "self", _, _) => {}
                        (t, Some(n), _) => self.definition(&format!("{t}.{n}"), depth),
                        _ => {}
                    },
                    None => self.expr(&base.expr(e.span), depth + 1),
                }
            }
            ExprKind::Call(c) => c.args.iter().for_each(|x| self.expr(x, depth + 1)),
            ExprKind::Cond(a, b, c) => {
                self.expr(a, depth + 1);
                self.expr(b, depth + 1);
                self.expr(c, depth + 1);
            }
            ExprKind::Unary(_, x) | ExprKind::Paren(x) => self.expr(x, depth + 1),
            ExprKind::Binary(_, a, b) => {
                self.expr(a, depth + 1);
                self.expr(b, depth + 1);
            }
            ExprKind::For(f) => {
                self.expr(&f.coll, depth + 1);
                if let Some(k) = &f.key_expr {
                    self.expr(k, depth + 1);
                }
                self.expr(&f.val_expr, depth + 1);
                if let Some(c) = &f.cond {
                    self.expr(c, depth + 1);
                }
            }
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Str(..) | ExprKind::Var(_) => {}
        }
    }

    fn parts(&mut self, parts: &[TplPart], depth: usize) {
        for p in parts {
            match p {
                TplPart::Lit(..) => {}
                TplPart::Interp(e) => self.expr(e, depth + 1),
                TplPart::If(x) => {
                    let (c, a, b) = &**x;
                    self.expr(c, depth + 1);
                    self.parts(a, depth + 1);
                    self.parts(b, depth + 1);
                }
                TplPart::For(x) => {
                    let (_, _, c, body) = &**x;
                    self.expr(c, depth + 1);
                    self.parts(body, depth + 1);
                }
            }
        }
    }

    /// Follows a local (`local.x`), resource (`aws_x.y`) or data source (`data.aws_x.y`).
    fn definition(&mut self, key: &str, depth: usize) {
        if !self.seen.insert(key.to_string()) {
            return;
        }
        let bodies = self.bodies;
        if let Some(name) = key.strip_prefix("local.") {
            for a in bodies.iter().flat_map(|b| b.blocks("locals")).filter_map(|l| l.body.attr(name)) {
                self.expr(&a.expr, depth + 1);
            }
            return;
        }
        let (ident, rest) = match key.strip_prefix("data.") {
            Some(r) => ("data", r),
            None => ("resource", key),
        };
        let Some((t, n)) = rest.split_once('.') else { return };
        let found = bodies
            .iter()
            .flat_map(|b| b.blocks.iter())
            .find(|b| b.ident == ident && b.labels.first().is_some_and(|l| l == t) && b.labels.get(1).is_some_and(|l| l == n));
        if let Some(b) = found {
            self.body(&b.body, depth + 1);
        }
    }

    fn body(&mut self, b: &Body, depth: usize) {
        if depth > 64 {
            return;
        }
        for a in &b.attrs {
            self.expr(&a.expr, depth + 1);
        }
        for blk in &b.blocks {
            self.body(&blk.body, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn order_of(src: &str) -> Vec<String> {
        let body = crate::load::parse::parse_hcl(FileId(0), src).unwrap_or_default();
        let bodies = [&body];
        let calls: Vec<&Block> = body.blocks("module").collect();
        ordered(&calls, &bodies).iter().filter_map(|b| b.labels.first().map(ToString::to_string)).collect()
    }

    #[test]
    fn a_call_comes_after_the_modules_it_uses() {
        let src = r#"
module "job" {
  source   = "./job"
  role_arn = local.role
  topic    = aws_sns_topic.t.arn
}
locals { role = module.roles.arn }
resource "aws_sns_topic" "t" { name = module.names.topic }
module "roles" { source = "./roles" }
module "names" { source = "./names" }
"#;
        assert_eq!(order_of(src), ["roles", "names", "job"]);
    }

    #[test]
    fn a_cycle_keeps_the_written_order() {
        let src = r#"
module "a" { x = module.b.y }
module "b" { y = module.a.x }
module "c" { z = 1 }
"#;
        assert_eq!(order_of(src), ["c", "a", "b"]);
    }
}
