//! Terraform's built-in functions that real modules use. Any other function is unknown.

use std::sync::Arc;

use indexmap::IndexMap;

use super::expr::{concat, unknown_from};
use super::{Evaluator, Scope};
use crate::load::ast::{Body, Expr};
use crate::load::json::{self, JKind, JNode};
use crate::source::{FileId, Seg, Span};
use crate::value::{Str, V, Val, fmt_num};

impl Evaluator<'_> {
    pub(super) fn call(&self, name: &str, args: &[Expr], expand: bool, scope: &Scope, span: Span) -> Val {
        let sp = Some(span);
        let name = name.strip_prefix("core::").unwrap_or(name);
        // Lazily evaluated functions first.
        match name {
            "try" => {
                // The first argument that is not a Terraform error; an unknown one is the
                // result (Terraform cannot tell yet whether it will fail).
                let mut last = Val::unknown("`try` with no arguments", sp);
                for a in args {
                    let v = self.expr(a, scope);
                    if !v.first_unknown().is_some_and(Val::is_error) {
                        return v;
                    }
                    last = v;
                }
                return last;
            }
            "can" => {
                let v = args.first().map(|a| self.expr(a, scope));
                return match v {
                    Some(v) if !v.has_unknown() => Val::bool(true, sp),
                    Some(v) if v.first_unknown().is_some_and(Val::is_error) => Val::bool(false, sp),
                    _ => Val::unknown("`can` of a value we cannot evaluate", sp),
                };
            }
            _ => {}
        }
        let mut vals: Vec<Val> = args.iter().map(|a| self.expr(a, scope)).collect();
        if expand && let Some(last) = vals.pop() {
            match &last.kind {
                V::List(l) => vals.extend(l.iter().cloned()),
                _ => return unknown_from(&last, sp),
            }
        }
        // Functions that combine their arguments: measured before they build anything.
        if matches!(name, "concat" | "flatten" | "merge" | "setunion" | "zipmap" | "coalescelist") {
            let mut len = 0u64;
            for v in &vals {
                len += super::limits::weight(v, super::limits::MAX_VALUE_BYTES);
                if !super::limits::fits(len) {
                    return super::limits::too_large(sp);
                }
            }
        }
        let arg = |i: usize| vals.get(i).cloned().unwrap_or_else(Val::null);
        let s = |i: usize| vals.get(i).and_then(Val::to_tf_string);
        // Strict functions: an unknown argument gives an unknown result (with its reason),
        // except the structural ones below, which keep unknown parts in place.
        let structural = matches!(
            name,
            "jsonencode"
                | "merge"
                | "concat"
                | "tolist"
                | "toset"
                | "tomap"
                | "flatten"
                | "coalesce"
                | "compact"
                | "lookup"
                | "element"
                | "one"
                | "distinct"
                | "values"
                | "keys"
                | "zipmap"
                | "length"
                | "tostring"
                | "replace"
                | "format"
                | "join"
                | "coalescelist"
                | "sensitive"
                | "nonsensitive"
        );
        if !structural && let Some(u) = vals.iter().find(|v| v.has_unknown()) {
            return unknown_from(u, sp);
        }
        match name {
            "jsonencode" => Val::new(V::Json(Arc::new(arg(0))), sp),
            "jsondecode" => match vals.first() {
                Some(v) if v.as_string_val().is_some() => {
                    decode_json(v).unwrap_or_else(|e| Val::unknown(format!("`jsondecode` of invalid JSON: {}", e.0), sp))
                }
                Some(Val { kind: V::Json(inner), .. }) => (**inner).clone(),
                Some(v) => unknown_from(v, sp),
                None => Val::unknown("`jsondecode` needs an argument", sp),
            },
            "sensitive" | "nonsensitive" | "tomap" => arg(0),
            "tostring" => match &arg(0).kind {
                V::Num(n) => Val::str(fmt_num(*n), arg(0).span),
                V::Bool(b) => Val::str(b.to_string(), arg(0).span),
                _ => arg(0),
            },
            "tonumber" => match arg(0).as_f64() {
                Some(n) => Val::num(n, arg(0).span),
                None => Val::error("`tonumber` of a non-number", sp),
            },
            "tobool" => match arg(0).as_bool() {
                Some(b) => Val::bool(b, arg(0).span),
                None => Val::error("`tobool` of a non-bool", sp),
            },
            "tolist" | "toset" => match &arg(0).kind {
                V::List(_) => {
                    if name == "toset" {
                        // Terraform orders a set of primitives by value.
                        let mut v = distinct(&arg(0), sp);
                        if let V::List(l) = &mut v.kind {
                            std::sync::Arc::make_mut(l).sort_by(set_order);
                        }
                        v
                    } else {
                        arg(0)
                    }
                }
                _ => unknown_from(&arg(0), sp),
            },
            "merge" => {
                let mut m = IndexMap::new();
                for v in &vals {
                    match &v.kind {
                        V::Obj(o) => m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
                        V::Null => {}
                        _ => return unknown_from(v, sp),
                    }
                }
                Val::obj(m, sp)
            }
            "concat" => {
                let mut out = Vec::new();
                for v in &vals {
                    match &v.kind {
                        V::List(l) => out.extend(l.iter().cloned()),
                        _ => return unknown_from(v, sp),
                    }
                }
                Val::list(out, sp)
            }
            "flatten" => {
                fn flat(v: &Val, out: &mut Vec<Val>, d: usize) -> bool {
                    match &v.kind {
                        V::List(l) if d < 32 => l.iter().all(|x| flat(x, out, d + 1)),
                        V::Unknown(_) => false,
                        _ => {
                            out.push(v.clone());
                            true
                        }
                    }
                }
                let mut out = Vec::new();
                if flat(&arg(0), &mut out, 0) { Val::list(out, sp) } else { unknown_from(&arg(0), sp) }
            }
            "distinct" => distinct(&arg(0), sp),
            "compact" => match &arg(0).kind {
                V::List(l) => Val::list(l.iter().filter(|x| !(x.is_null() || x.as_str() == Some(""))).cloned().collect(), sp),
                _ => unknown_from(&arg(0), sp),
            },
            "coalesce" => vals.iter().find(|v| !(v.is_null() || v.as_str() == Some(""))).cloned().map_or_else(
                || Val::unknown("`coalesce` with no non-empty argument", sp),
                // `coalesce(var.a, "x")` is not `var.a` when that is empty: no identity.
                |v| if v.is_unknown() { v.respan(sp).with_unknown_id(None) } else { v },
            ),
            "coalescelist" => vals
                .iter()
                .find(|v| v.as_list().is_some_and(|l| !l.is_empty()) || v.is_unknown())
                .cloned()
                .unwrap_or_else(|| Val::list(Vec::new(), sp)),
            "lookup" => match (&arg(0).kind, s(1)) {
                (V::Obj(m), Some(k)) => m
                    .get(&k)
                    .cloned()
                    .or_else(|| vals.get(2).cloned())
                    .unwrap_or_else(|| Val::unknown(format!("`lookup` found no key `{k}`"), sp)),
                _ => unknown_from(&(if arg(0).has_unknown() { arg(0) } else { arg(1) }), sp),
            },
            "element" => match (&arg(0).kind, arg(1).as_f64()) {
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
                (V::List(l), Some(n)) if !l.is_empty() && n >= 0.0 => l[(n as usize) % l.len()].clone(),
                _ => unknown_from(&(if arg(0).has_unknown() { arg(0) } else { arg(1) }), sp),
            },
            "one" => match &arg(0).kind {
                V::List(l) if l.len() == 1 => l[0].clone(),
                V::List(l) if l.is_empty() => Val::null(),
                _ => unknown_from(&arg(0), sp),
            },
            "length" => match &arg(0).kind {
                #[expect(clippy::cast_precision_loss, reason = "small")]
                V::List(l) => Val::num(l.len() as f64, sp),
                #[expect(clippy::cast_precision_loss, reason = "small")]
                V::Obj(m) => Val::num(m.len() as f64, sp),
                #[expect(clippy::cast_precision_loss, reason = "small")]
                V::Str(x) => Val::num(x.s.chars().count() as f64, sp),
                _ => unknown_from(&arg(0), sp),
            },
            "keys" => match &arg(0).kind {
                V::Obj(m) => Val::list(sorted(m).into_iter().map(|(k, _)| Val::str(k.clone(), None)).collect(), sp),
                _ => unknown_from(&arg(0), sp),
            },
            "values" => match &arg(0).kind {
                V::Obj(m) => Val::list(sorted(m).into_iter().map(|(_, v)| v.clone()).collect(), sp),
                _ => unknown_from(&arg(0), sp),
            },
            "zipmap" => match (&arg(0).kind, &arg(1).kind) {
                (V::List(k), V::List(v)) => {
                    let mut m = IndexMap::new();
                    for (k, v) in k.iter().zip(v.iter()) {
                        match k.to_tf_string() {
                            Some(k) => m.insert(k, v.clone()),
                            None => return unknown_from(k, sp),
                        };
                    }
                    Val::obj(m, sp)
                }
                _ => Val::unknown("`zipmap` of unknown lists", sp),
            },
            "contains" => match &arg(0).kind {
                V::List(l) => Val::bool(
                    l.iter().any(|x| x.kind == arg(1).kind || (x.to_tf_string().is_some() && x.to_tf_string() == arg(1).to_tf_string())),
                    sp,
                ),
                _ => unknown_from(&arg(0), sp),
            },
            "join" => match (s(0), &arg(1).kind) {
                (Some(sep), V::List(l)) => {
                    let mut pieces = Vec::new();
                    for (i, x) in l.iter().enumerate() {
                        if i > 0 {
                            pieces.push(Val::str(sep.clone(), None));
                        }
                        pieces.push(x.clone());
                    }
                    // From one element, its span; else the list's (a tfvars literal, a default).
                    let from = if l.len() == 1 { l[0].span } else { arg(1).span };
                    let v = concat(pieces, sp);
                    if matches!(v.kind, V::Str(_)) { v.respan(from.or(sp)) } else { v }
                }
                _ => unknown_from(&(if arg(0).has_unknown() { arg(0) } else { arg(1) }), sp),
            },
            "split" => match (s(0), s(1)) {
                (Some(sep), Some(x)) if !sep.is_empty() => Val::list(x.split(sep.as_str()).map(|p| Val::str(p, None)).collect(), sp),
                _ => Val::unknown("`split` of unknown strings", sp),
            },
            // `format("cron(%s)", var.x)`: the value came from its one argument.
            "format" => {
                let v = format(&vals, sp);
                match &vals[..] {
                    [_, only] if !v.has_unknown() => v.respan(only.span.or(sp)),
                    _ => v,
                }
            }
            "replace" => {
                let v = replace(&vals, sp);
                if matches!(v.kind, V::Str(_)) { v.respan(arg(0).span.or(sp)) } else { v }
            }
            // The result keeps the span of the string it came from: a finding points at the
            // literal the user wrote, not at the call.
            "lower" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| derived(x.to_lowercase(), &arg(0), sp)),
            "upper" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| derived(x.to_uppercase(), &arg(0), sp)),
            "title" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| derived(title(&x), &arg(0), sp)),
            "trimspace" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| derived(x.trim().to_string(), &arg(0), sp)),
            "chomp" => {
                s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| derived(x.trim_end_matches(['\n', '\r']).to_string(), &arg(0), sp))
            }
            "trimprefix" => match (s(0), s(1)) {
                (Some(x), Some(p)) => derived(x.strip_prefix(p.as_str()).unwrap_or(&x).to_string(), &arg(0), sp),
                _ => Val::unknown("`trimprefix` of unknown strings", sp),
            },
            "trimsuffix" if family_arn(&arg(0), &arg(1)).is_some() => family_arn(&arg(0), &arg(1)).unwrap_or_else(Val::null),
            "trimsuffix" => match (s(0), s(1)) {
                (Some(x), Some(p)) => derived(x.strip_suffix(p.as_str()).unwrap_or(&x).to_string(), &arg(0), sp),
                _ => Val::unknown("`trimsuffix` of unknown strings", sp),
            },
            "trim" => match (s(0), s(1)) {
                (Some(x), Some(p)) => derived(x.trim_matches(|c| p.contains(c)).to_string(), &arg(0), sp),
                _ => Val::unknown("`trim` of unknown strings", sp),
            },
            "substr" => match (s(0), arg(1).as_f64(), arg(2).as_f64()) {
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
                (Some(x), Some(o), Some(l)) if o >= 0.0 => {
                    let it = x.chars().skip(o as usize);
                    let r: String = if l < 0.0 { it.collect() } else { it.take(l as usize).collect() };
                    Val::str(r, sp)
                }
                _ => Val::unknown("`substr` of unknown values", sp),
            },
            "startswith" => match (s(0), s(1)) {
                (Some(x), Some(p)) => Val::bool(x.starts_with(p.as_str()), sp),
                _ => Val::unknown("`startswith` of unknown strings", sp),
            },
            "endswith" => match (s(0), s(1)) {
                (Some(x), Some(p)) => Val::bool(x.ends_with(p.as_str()), sp),
                _ => Val::unknown("`endswith` of unknown strings", sp),
            },
            "basename" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| Val::str(x.rsplit('/').next().unwrap_or(""), sp)),
            "dirname" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| Val::str(x.rsplit_once('/').map_or(".", |(d, _)| d), sp)),
            "min" | "max" => {
                let nums: Option<Vec<f64>> = vals.iter().map(Val::as_f64).collect();
                match nums {
                    Some(n) if !n.is_empty() => {
                        let r = if name == "min" {
                            n.iter().copied().fold(f64::INFINITY, f64::min)
                        } else {
                            n.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                        };
                        Val::num(r, sp)
                    }
                    _ => Val::unknown(format!("`{name}` of non-numbers"), sp),
                }
            }
            "abs" => arg(0).as_f64().map_or_else(|| unknown_from(&arg(0), sp), |n| Val::num(n.abs(), sp)),
            "ceil" => arg(0).as_f64().map_or_else(|| unknown_from(&arg(0), sp), |n| Val::num(n.ceil(), sp)),
            "floor" => arg(0).as_f64().map_or_else(|| unknown_from(&arg(0), sp), |n| Val::num(n.floor(), sp)),
            "reverse" => match &arg(0).kind {
                V::List(l) => Val::list(l.iter().rev().cloned().collect(), sp),
                _ => unknown_from(&arg(0), sp),
            },
            "sort" => match &arg(0).kind {
                V::List(l) => {
                    let mut v: Vec<Val> = l.iter().cloned().collect();
                    v.sort_by_key(|x| x.to_tf_string().unwrap_or_default());
                    Val::list(v, sp)
                }
                _ => unknown_from(&arg(0), sp),
            },
            "file" => match s(0) {
                Some(p) => match self.read_file(scope.inst, &p) {
                    Ok((id, text)) => file_val(id, &text),
                    Err(why) => Val::unknown(format!("`file()`: {why}"), sp),
                },
                None => unknown_from(&arg(0), sp),
            },
            "fileexists" => match s(0) {
                Some(p) => Val::bool(self.read_file(scope.inst, &p).is_ok(), sp),
                None => unknown_from(&arg(0), sp),
            },
            "templatefile" => match (s(0), &arg(1).kind) {
                (Some(p), V::Obj(vars)) => match self.read_file(scope.inst, &p) {
                    Ok((id, text)) => self.render(&file_val(id, &text), vars, scope.inst, span),
                    Err(why) => Val::unknown(format!("`templatefile()`: {why}"), sp),
                },
                _ => Val::unknown("`templatefile()` with unknown arguments", sp),
            },
            "range" => {
                let n: Vec<f64> = vals.iter().filter_map(Val::as_f64).collect();
                let (start, end, step) = match n.as_slice() {
                    [e] => (0.0, *e, 1.0),
                    [s, e] => (*s, *e, 1.0),
                    [s, e, st] => (*s, *e, *st),
                    _ => return Val::unknown("`range` of unknown values", sp),
                };
                if step == 0.0 {
                    return Val::unknown("`range` with step 0", sp);
                }
                let mut out = Vec::new();
                let mut x = start;
                while (step > 0.0 && x < end || step < 0.0 && x > end) && out.len() < 1024 {
                    out.push(Val::num(x, None));
                    x += step;
                }
                Val::list(out, sp)
            }
            "slice" => match (&arg(0).kind, arg(1).as_f64(), arg(2).as_f64()) {
                #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
                (V::List(l), Some(a), Some(b)) if a >= 0.0 && b >= a && (b as usize) <= l.len() => {
                    Val::list(l[a as usize..b as usize].to_vec(), sp)
                }
                _ => Val::error("`slice` out of range", sp),
            },
            "index" => match &arg(0).kind {
                V::List(l) => match l.iter().position(|x| same_value(x, &arg(1))) {
                    #[expect(clippy::cast_precision_loss, reason = "small")]
                    Some(i) => Val::num(i as f64, sp),
                    None => Val::error("`index`: the item is not in the list", sp),
                },
                _ => unknown_from(&arg(0), sp),
            },
            "setunion" | "setintersection" | "setsubtract" => {
                let lists: Option<Vec<&[Val]>> = vals.iter().map(Val::as_list).collect();
                let Some(lists) = lists else { return Val::unknown(format!("`{name}` of unknown sets"), sp) };
                let mut out: Vec<Val> = Vec::new();
                match name {
                    "setunion" => lists.iter().flat_map(|l| l.iter()).for_each(|x| out.push(x.clone())),
                    "setintersection" => {
                        if let Some((first, rest)) = lists.split_first() {
                            out = first.iter().filter(|x| rest.iter().all(|l| l.iter().any(|y| same_value(x, y)))).cloned().collect();
                        }
                    }
                    _ => {
                        if let [a, b, ..] = lists.as_slice() {
                            out = a.iter().filter(|x| !b.iter().any(|y| same_value(x, y))).cloned().collect();
                        }
                    }
                }
                let mut v = distinct(&Val::list(out, sp), sp);
                if let V::List(l) = &mut v.kind {
                    std::sync::Arc::make_mut(l).sort_by(set_order);
                }
                v
            }
            "sum" => match arg(0).as_list().map(|l| l.iter().map(Val::as_f64).collect::<Option<Vec<f64>>>()) {
                Some(Some(n)) if !n.is_empty() => Val::num(n.iter().sum(), sp),
                _ => Val::unknown("`sum` of unknown numbers", sp),
            },
            "alltrue" | "anytrue" => match arg(0).as_list().map(|l| l.iter().map(Val::as_bool).collect::<Option<Vec<bool>>>()) {
                Some(Some(b)) => Val::bool(if name == "alltrue" { b.iter().all(|x| *x) } else { b.iter().any(|x| *x) }, sp),
                _ => Val::unknown(format!("`{name}` of unknown values"), sp),
            },
            "strrev" => s(0).map_or_else(|| unknown_from(&arg(0), sp), |x| Val::str(x.chars().rev().collect::<String>(), sp)),
            "pow" => match (arg(0).as_f64(), arg(1).as_f64()) {
                (Some(a), Some(b)) => Val::num(a.powf(b), sp),
                _ => Val::unknown("`pow` of unknown numbers", sp),
            },
            "signum" => arg(0).as_f64().map_or_else(
                || unknown_from(&arg(0), sp),
                |n| {
                    Val::num(
                        if n > 0.0 {
                            1.0
                        } else if n < 0.0 {
                            -1.0
                        } else {
                            0.0
                        },
                        sp,
                    )
                },
            ),
            "parseint" => match (s(0), arg(1).as_f64()) {
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss,
                    reason = "base 2–62, small results"
                )]
                (Some(x), Some(base)) if (2.0..=36.0).contains(&base) => match i64::from_str_radix(&x, base as u32) {
                    Ok(n) => Val::num(n as f64, sp),
                    Err(_) => Val::error("`parseint` of a string that is not a number", sp),
                },
                _ => Val::unknown("`parseint` of unknown values", sp),
            },
            "regex" | "regexall" => match (s(0), s(1)) {
                (Some(pat), Some(text)) => match regex::Regex::new(&pat) {
                    Ok(re) => regex_fn(name, &re, &text, sp),
                    Err(_) => Val::unknown("a regular expression jobcheck cannot read", sp),
                },
                _ => Val::unknown(format!("`{name}` of unknown strings"), sp),
            },
            "formatlist" => {
                let rest = vals.get(1..).unwrap_or_default();
                let n = rest.iter().find_map(|v| v.as_list().map(<[Val]>::len));
                let Some(n) = n else { return format(&vals, sp) };
                let row = vals.first().map_or(0, |f| super::limits::weight(f, super::limits::MAX_VALUE_BYTES));
                if !super::limits::fits((n as u64).saturating_mul(row + 16)) {
                    return super::limits::too_large(sp);
                }
                let rows = (0..n)
                    .map(|i| {
                        let row: Vec<Val> = std::iter::once(arg(0))
                            .chain(
                                rest.iter().map(|v| v.as_list().map_or_else(|| v.clone(), |l| l.get(i).cloned().unwrap_or_else(Val::null))),
                            )
                            .collect();
                        format(&row, sp)
                    })
                    .collect();
                Val::list(rows, sp)
            }
            other => Val::unknown(format!("jobcheck does not evaluate `{other}()`"), sp),
        }
    }
}

impl Evaluator<'_> {
    /// Renders a template held in a string value (`templatefile()`, `data "template_file"`)
    /// with only `vars` in scope. Spans point into the template file when the string is a
    /// whole file read by `file()`; otherwise at `at`.
    pub(super) fn render(&self, tval: &Val, vars: &IndexMap<String, Val>, inst: usize, at: Span) -> Val {
        let Some(s) = tval.as_string_val() else {
            return unknown_from(tval, Some(at));
        };
        let t = match crate::load::parse::parse_template(&s.s) {
            Ok(t) => t,
            Err(e) => return Val::unknown(format!("the template does not parse: {}", e.message), Some(at)),
        };
        let whole_file = match s.segs.as_slice() {
            [(g, f)] if g.val_start == 0 && g.file_start == 0 && g.len as usize == s.s.len() => Some(*f),
            _ => None,
        };
        let (parts, span) = if let Some(f) = whole_file {
            (crate::load::parse::lower_template(f, &s.s, &t), Span::new(f, 0..s.s.len()))
        } else {
            let mut p = crate::load::parse::lower_template(at.file, &s.s, &t);
            crate::load::parse::respan_parts(&mut p, at);
            (p, at)
        };
        let mut sc = Scope { inst, locals: Vec::new() };
        for (k, v) in vars {
            sc = sc.with(k, v.clone());
        }
        self.template(&parts, &sc, span)
    }
}

/// `trimsuffix(td.arn, ":${td.revision}")`: the task definition's family ARN.
fn family_arn(subject: &Val, suffix: &Val) -> Option<Val> {
    let r = subject.as_ref_val().filter(|r| r.rtype == "aws_ecs_task_definition" && r.attr == "arn")?;
    let V::Sym(parts) = &suffix.kind else { return None };
    match &parts[..] {
        [colon, rev] if colon.as_str() == Some(":") && rev.as_ref_val().is_some_and(|x| x.same_resource(r) && x.attr == "revision") => {
            let mut base = r.clone();
            base.attr = "arn_without_revision".into();
            Some(Val::new(V::Ref(Arc::new(base)), subject.span))
        }
        _ => None,
    }
}

/// A string computed from `from`: its span, and its file segments when the bytes line up
/// (`lower`/`upper` of ASCII text), so findings can still point inside it.
fn derived(x: String, from: &Val, sp: Option<Span>) -> Val {
    match &from.kind {
        V::Str(f) if f.s.len() == x.len() && !f.segs.is_empty() => Val::str_with(Str { s: x, segs: f.segs.clone() }, from.span.or(sp)),
        _ => Val::str(x, from.span.or(sp)),
    }
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in s.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        up = !c.is_alphanumeric();
    }
    out
}

/// An object's entries in Terraform's order: by key.
pub(super) fn sorted(m: &IndexMap<String, Val>) -> Vec<(&String, &Val)> {
    let mut v: Vec<(&String, &Val)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Equal as Terraform values (ignoring where they were written).
fn same_value(a: &Val, b: &Val) -> bool {
    match (a.to_json(), b.to_json()) {
        (Some(x), Some(y)) => x == y && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind),
        _ => a.kind == b.kind,
    }
}

/// Terraform's order for set elements: numbers numerically, then strings lexically.
fn set_order(a: &Val, b: &Val) -> std::cmp::Ordering {
    match (&a.kind, &b.kind) {
        (V::Num(x), V::Num(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.to_tf_string().cmp(&b.to_tf_string()),
    }
}

/// `regex` (the first match: a string, a list of groups, or an object of named groups) and
/// `regexall` (every match).
fn regex_fn(name: &str, re: &regex::Regex, text: &str, sp: Option<Span>) -> Val {
    let one = |c: &regex::Captures<'_>| -> Val {
        let named: Vec<&str> = re.capture_names().flatten().collect();
        if !named.is_empty() {
            Val::obj(named.iter().map(|n| ((*n).to_string(), Val::str(c.name(n).map_or("", |m| m.as_str()), None))).collect(), None)
        } else if c.len() > 1 {
            Val::list((1..c.len()).map(|i| Val::str(c.get(i).map_or("", |m| m.as_str()), None)).collect(), None)
        } else {
            Val::str(c.get(0).map_or("", |m| m.as_str()), None)
        }
    };
    if name == "regexall" {
        Val::list(re.captures_iter(text).map(|c| one(&c)).collect(), sp)
    } else {
        re.captures(text).map_or_else(|| Val::error("`regex` found no match", sp), |c| one(&c).respan(sp))
    }
}

fn distinct(v: &Val, sp: Option<Span>) -> Val {
    match &v.kind {
        V::List(l) => {
            let mut out: Vec<Val> = Vec::new();
            for x in l.iter() {
                if !out.iter().any(|o| same_value(o, x)) {
                    out.push(x.clone());
                }
            }
            Val::list(out, sp)
        }
        _ => unknown_from(v, sp),
    }
}

/// Widest field and longest precision `format` pads to: `%999999999d` would otherwise
/// allocate a gigabyte.
const MAX_FORMAT_WIDTH: usize = 10_000;

/// `format`: Terraform's printf verbs `%s %d %f %v %t %q %%` with flags, width and precision.
fn format(vals: &[Val], sp: Option<Span>) -> Val {
    let Some(fmt) = vals.first().and_then(Val::to_tf_string) else {
        return Val::unknown("`format` with an unknown format", sp);
    };
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut args = vals.get(1..).unwrap_or_default().iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek().filter(|f| matches!(f, '-' | '+' | ' ' | '0' | '#')) {
            flags.push(f);
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(d);
                chars.next();
            }
            precision = Some(p.parse::<usize>().unwrap_or(usize::MAX));
        }
        let too_wide = |n: &str| !n.is_empty() && !n.parse::<usize>().is_ok_and(|n| n <= MAX_FORMAT_WIDTH);
        if too_wide(&width) || precision.is_some_and(|p| p > MAX_FORMAT_WIDTH) {
            return Val::unknown(format!("`format` with a width or precision over {MAX_FORMAT_WIDTH}"), sp);
        }
        let Some(verb) = chars.next() else {
            lit.push('%');
            break;
        };
        if verb == '%' {
            lit.push('%');
            continue;
        }
        let Some(arg) = args.next() else { return Val::error("`format` has too few arguments", sp) };
        let plain = matches!(verb, 's' | 'v') && flags.is_empty() && width.is_empty() && precision.is_none();
        if plain {
            // Keep references symbolic: `format("%s:*", aws_x.y.arn)`.
            pieces.push(Val::str(std::mem::take(&mut lit), None));
            pieces.push(arg.clone());
            continue;
        }
        let text = match verb {
            'd' => match arg.as_f64() {
                #[expect(clippy::cast_possible_truncation, reason = "integral by %d")]
                Some(n) => format!("{}{}", if flags.contains('+') && n >= 0.0 { "+" } else { "" }, n.trunc() as i64),
                None => return unknown_from(arg, sp),
            },
            'f' | 'e' | 'g' => match arg.as_f64() {
                Some(n) => format!("{n:.*}", precision.unwrap_or(6)),
                None => return unknown_from(arg, sp),
            },
            'q' => match arg.to_tf_string() {
                Some(s) => format!("{s:?}"),
                None => return unknown_from(arg, sp),
            },
            _ => match arg.to_tf_string() {
                Some(s) => precision.map_or(s.clone(), |p| s.chars().take(p).collect()),
                None => return unknown_from(arg, sp),
            },
        };
        let w = width.parse::<usize>().unwrap_or(0);
        let n = text.chars().count();
        let padded = if n >= w {
            text
        } else if flags.contains('-') {
            format!("{text}{}", " ".repeat(w - n))
        } else if flags.contains('0') && verb != 's' {
            let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
            format!("{sign}{}{digits}", "0".repeat(w - n))
        } else {
            format!("{}{text}", " ".repeat(w - n))
        };
        lit.push_str(&padded);
    }
    pieces.push(Val::str(lit, None));
    concat(pieces, sp)
}

/// `replace(s, old, new)`, including the idiom `replace(td.arn, "/:\\d+$/", ":*")`, which we
/// keep symbolic: the task definition ARN with its revision replaced.
fn replace(vals: &[Val], sp: Option<Span>) -> Val {
    let (Some(subject), Some(old), Some(new)) =
        (vals.first(), vals.get(1).and_then(Val::to_tf_string), vals.get(2).and_then(Val::to_tf_string))
    else {
        return Val::unknown("`replace` with unknown arguments", sp);
    };
    if let V::Ref(r) = &subject.kind
        && r.rtype.ends_with("aws_ecs_task_definition")
        && r.attr == "arn"
        && old.starts_with('/')
        && old.contains(':')
    {
        let mut base = (**r).clone();
        base.attr = "arn_without_revision".into();
        let new_s = if let Some(stripped) = new.strip_prefix(':') { format!(":{stripped}") } else { new };
        if new_s.is_empty() {
            return Val::new(V::Ref(Arc::new(base)), subject.span.or(sp));
        }
        return Val::new(V::Sym(Arc::new(vec![Val::new(V::Ref(Arc::new(base)), subject.span), Val::str(new_s, None)])), sp);
    }
    let Some(s) = subject.to_tf_string() else {
        return unknown_from(subject, sp);
    };
    if old.len() >= 2 && old.starts_with('/') && old.ends_with('/') {
        let pat = &old[1..old.len() - 1];
        return match regex::Regex::new(pat) {
            Ok(re)
                if !super::limits::fits(
                    (s.len() as u64).saturating_add((re.find_iter(&s).count() as u64).saturating_mul(new.len() as u64)),
                ) =>
            {
                super::limits::too_large(sp)
            }
            Ok(re) => Val::str(re.replace_all(&s, new.replace('$', "$$").as_str()).into_owned(), sp),
            Err(_) => Val::unknown("`replace` with a regular expression jobcheck cannot read", sp),
        };
    }
    if old.is_empty() {
        return Val::str(s, sp);
    }
    if !super::limits::fits((s.len() as u64).saturating_add((s.matches(&old).count() as u64).saturating_mul(new.len() as u64))) {
        return super::limits::too_large(sp);
    }
    Val::str(s.replace(&old, &new), sp)
}

/// The whole text of a file read by `file()`, mapped byte for byte.
pub(super) fn file_val(id: FileId, text: &str) -> Val {
    let seg = Seg { val_start: 0, file_start: 0, len: u32::try_from(text.len()).unwrap_or(u32::MAX) };
    Val::str_with(Str { s: text.to_string(), segs: vec![(seg, id)] }, Some(Span::new(id, 0..text.len())))
}

/// Parses a JSON string value into values whose spans point into the file where the JSON
/// text was written, where the string was copied verbatim from it. A symbolic string (a
/// heredoc with `${aws_x.y.arn}` inside) parses too: each interpolation stays a value of its
/// own inside the JSON string it sits in.
pub fn decode_json(v: &Val) -> Result<Val, (String, Option<Span>)> {
    let (src, holes) = match &v.kind {
        V::Str(_) => (v.clone(), Vec::new()),
        V::Sym(parts) => {
            let mut s = Str { s: String::new(), segs: Vec::new() };
            let mut holes = Vec::new();
            for p in parts.iter() {
                if let V::Str(x) = &p.kind {
                    let off = u32::try_from(s.s.len()).unwrap_or(u32::MAX);
                    s.segs.extend(x.segs.iter().map(|(g, f)| (Seg { val_start: g.val_start + off, ..*g }, *f)));
                    s.s.push_str(&x.s);
                } else {
                    s.s.push(HOLE_OPEN);
                    s.s.push_str(&holes.len().to_string());
                    s.s.push(HOLE_CLOSE);
                    holes.push(p.clone());
                }
            }
            (Val::str_with(s, v.span), holes)
        }
        _ => return Err(("not a string".into(), v.span)),
    };
    let Some(text) = src.as_str() else {
        return Err(("not a string".into(), v.span));
    };
    match json::parse(text) {
        Ok(node) => Ok(from_json(&node, &src, &holes, 0)),
        // An interpolation outside a JSON string (`"a": ${var.list}`): we cannot read it.
        Err(_) if !holes.is_empty() => Ok(Val::unknown("JSON with interpolated values known only after apply", v.span)),
        Err(e) => Err((e.message, src.sub_span(e.offset, (e.offset + 1).min(text.len())).or(v.span))),
    }
}

const HOLE_OPEN: char = '\u{E000}';
const HOLE_CLOSE: char = '\u{E001}';

/// A JSON string with interpolation markers back into a value (a reference or symbolic string).
fn fill_holes(s: &str, holes: &[Val], sp: Option<Span>) -> Val {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find(HOLE_OPEN) {
        if at > 0 {
            pieces.push(Val::str(&rest[..at], sp));
        }
        let after = &rest[at + HOLE_OPEN.len_utf8()..];
        let Some(end) = after.find(HOLE_CLOSE) else { break };
        match after[..end].parse::<usize>().ok().and_then(|i| holes.get(i)) {
            Some(h) => pieces.push(h.clone().respan(sp)),
            None => pieces.push(Val::unknown("an interpolation", sp)),
        }
        rest = &after[end + HOLE_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push(Val::str(rest, sp));
    }
    if pieces.len() == 1 && !matches!(pieces[0].kind, V::Str(_)) {
        return pieces.remove(0);
    }
    concat(pieces, sp)
}

fn from_json(n: &JNode, src: &Val, holes: &[Val], depth: usize) -> Val {
    let sp = src.sub_span(n.start, n.end).or(src.span);
    match &n.kind {
        JKind::Null => Val::new(V::Null, sp),
        JKind::Bool(b) => Val::bool(*b, sp),
        JKind::Num(f, _) => Val::num(*f, sp),
        JKind::Str(s) if !holes.is_empty() && s.contains(HOLE_OPEN) => fill_holes(s, holes, sp),
        JKind::Str(s) => {
            // Map the string's own bytes when the JSON literal had no escapes.
            let segs = match sp {
                Some(span) if n.end - n.start == s.len() + 2 => {
                    vec![(Seg { val_start: 0, file_start: span.start + 1, len: u32::try_from(s.len()).unwrap_or(0) }, span.file)]
                }
                _ => Vec::new(),
            };
            Val::str_with(Str { s: s.clone(), segs }, sp)
        }
        JKind::Arr(a) if depth < 128 => Val::list(a.iter().map(|x| from_json(x, src, holes, depth + 1)).collect(), sp),
        JKind::Obj(kv) if depth < 128 => {
            let mut m = IndexMap::new();
            for (k, _, _, v) in kv {
                // A repeated key keeps the last value, as EventBridge and IAM do.
                m.shift_remove(k);
                m.insert(k.clone(), from_json(v, src, holes, depth + 1));
            }
            Val::obj(m, sp)
        }
        _ => Val::unknown("JSON nested too deeply", sp),
    }
}

/// `data "aws_iam_policy_document"` as a policy value (spans on the HCL attributes).
pub(super) fn policy_document(ev: &Evaluator<'_>, body: &Body, scope: &Scope) -> Val {
    let mut statements: Vec<Val> = Vec::new();
    let mut sids: IndexMap<String, usize> = IndexMap::new();
    let docs = |attr: &str| -> Vec<Val> {
        body.attr(attr).map(|a| ev.expr(&a.expr, scope)).map(|v| v.items().into_iter().cloned().collect()).unwrap_or_default()
    };
    // A statement whose `Sid` is already present replaces it (override semantics).
    let add = |st: Val, statements: &mut Vec<Val>, sids: &mut IndexMap<String, usize>| {
        let sid = st.get("Sid").and_then(Val::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(&i) = sid.as_ref().and_then(|s| sids.get(s)) {
            statements[i] = st;
        } else {
            if let Some(s) = sid {
                sids.insert(s, statements.len());
            }
            statements.push(st);
        }
    };
    let expand_doc = |d: &Val| -> Vec<Val> {
        let doc = match &d.kind {
            V::Json(inner) => (**inner).clone(),
            V::Str(_) => decode_json(d).unwrap_or_else(|_| Val::unknown("a source policy document is not valid JSON", d.span)),
            _ => d.clone(),
        };
        match doc.get("Statement") {
            Some(s) => s.items().into_iter().cloned().collect(),
            None => vec![Val::unknown("a source policy document is unknown", d.span)],
        }
    };
    for d in docs("source_policy_documents").iter().chain(docs("source_json").iter()) {
        for st in expand_doc(d) {
            add(st, &mut statements, &mut sids);
        }
    }
    for b in body.blocks("statement").chain(body.blocks("dynamic").filter(|d| d.labels.first().is_some_and(|l| l == "statement"))) {
        let stmt_body = if b.ident == "dynamic" {
            match b.body.blocks("content").next() {
                Some(c) => &c.body,
                None => continue,
            }
        } else {
            &b.body
        };
        add(statement(ev, stmt_body, scope, b.header), &mut statements, &mut sids);
    }
    for d in docs("override_policy_documents").iter().chain(docs("override_json").iter()) {
        for st in expand_doc(d) {
            add(st, &mut statements, &mut sids);
        }
    }
    let mut doc = IndexMap::new();
    doc.insert("Version".to_string(), Val::str("2012-10-17", None));
    doc.insert("Statement".to_string(), Val::list(statements, None));
    Val::new(V::Json(Arc::new(Val::obj(doc, None))), None)
}

fn statement(ev: &Evaluator<'_>, b: &Body, scope: &Scope, header: Span) -> Val {
    let mut m = IndexMap::new();
    let get = |n: &str| b.attr(n).map(|a| ev.expr(&a.expr, scope));
    if let Some(v) = get("sid") {
        m.insert("Sid".into(), v);
    }
    let effect = get("effect").unwrap_or_else(|| Val::str("Allow", Some(header)));
    m.insert("Effect".into(), effect);
    for (hcl, json) in [("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")] {
        if let Some(v) = get(hcl) {
            m.insert(json.into(), v);
        }
    }
    for (blk, json) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        let mut p: IndexMap<String, Val> = IndexMap::new();
        for pb in b.blocks(blk) {
            let ty = pb.body.attr("type").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
            let ids = pb.body.attr("identifiers").map_or_else(|| Val::list(Vec::new(), Some(pb.header)), |a| ev.expr(&a.expr, scope));
            let entry = p.entry(ty).or_insert_with(|| Val::list(Vec::new(), ids.span));
            let mut items: Vec<Val> = entry.items().into_iter().cloned().collect();
            items.extend(ids.items().into_iter().cloned());
            *entry = Val::list(items, ids.span.or(entry.span));
        }
        if !p.is_empty() {
            m.insert(json.into(), Val::obj(p, Some(header)));
        }
    }
    let mut cond: IndexMap<String, Val> = IndexMap::new();
    for cb in b.blocks("condition") {
        let test = cb.body.attr("test").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
        let var = cb.body.attr("variable").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
        let vals = cb.body.attr("values").map_or_else(|| Val::list(Vec::new(), Some(cb.header)), |a| ev.expr(&a.expr, scope));
        let t = cond.entry(test).or_insert_with(|| Val::obj(IndexMap::new(), Some(cb.header)));
        if let V::Obj(o) = &mut t.kind {
            Arc::make_mut(o).insert(var, vals);
        }
    }
    if !cond.is_empty() {
        m.insert("Condition".into(), Val::obj(cond, Some(header)));
    }
    Val::obj(m, Some(header))
}
