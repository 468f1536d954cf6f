//! String functions. A result computed from one string keeps that string's span (and its
//! file segments where the bytes line up), so a finding points at the literal the user wrote,
//! not at the call.

use std::sync::Arc;

use super::super::expr::{concat, unknown_from};
use super::super::limits;
use super::Call;
use crate::source::Span;
use crate::value::{TfString, UnknownKind, Value, ValueKind};

pub(super) fn join(c: &Call<'_, '_>) -> Value {
    let sp = c.sp;
    let Some(sep) = c.s(0) else { return c.unknown_of(0, 1) };
    // `join(sep, list, list...)`: the lists' elements in order.
    let mut items = Vec::new();
    for v in c.vals.get(1..).unwrap_or_default() {
        match &v.kind {
            ValueKind::List(l) => items.extend(l.iter().cloned()),
            _ => return unknown_from(v, sp),
        }
    }
    let mut pieces = Vec::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            pieces.push(Value::str(sep.clone(), None));
        }
        pieces.push(x.clone());
    }
    // From one element, its span; else the list's (a tfvars literal, a default).
    let from = match (&items[..], &c.vals[..]) {
        ([one], _) => one.span,
        (_, [_, list]) => list.span,
        _ => None,
    };
    let v = concat(pieces, sp);
    if matches!(v.kind, ValueKind::Str(_)) { v.respan(from.or(sp)) } else { v }
}

pub(super) fn split(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(sep), Some(x)) if !sep.is_empty() => Value::list(x.split(sep.as_str()).map(|p| Value::str(p, None)).collect(), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`split` of unknown strings", c.sp),
    }
}

/// `format("cron(%s)", var.x)`: the value came from its one argument.
pub(super) fn format_fn(c: &Call<'_, '_>) -> Value {
    let v = format(&c.vals, c.sp);
    match &c.vals[..] {
        [_, only] if !v.has_unknown() => v.respan(only.span.or(c.sp)),
        _ => v,
    }
}

pub(super) fn formatlist(c: &Call<'_, '_>) -> Value {
    let (vals, sp) = (&c.vals, c.sp);
    let rest = vals.get(1..).unwrap_or_default();
    let n = rest.iter().find_map(|v| v.as_list().map(<[Value]>::len));
    let Some(n) = n else { return format(vals, sp) };
    let row = vals.first().map_or(0, |f| limits::weight(f, limits::MAX_VALUE_BYTES));
    if !limits::fits((n as u64).saturating_mul(row + 16)) {
        return limits::too_large(sp);
    }
    let rows = (0..n)
        .map(|i| {
            let row: Vec<Value> = std::iter::once(c.arg(0))
                .chain(rest.iter().map(|v| v.as_list().map_or_else(|| v.clone(), |l| l.get(i).cloned().unwrap_or_else(Value::null))))
                .collect();
            format(&row, sp)
        })
        .collect();
    Value::list(rows, sp)
}

pub(super) fn replace_fn(c: &Call<'_, '_>) -> Value {
    let v = replace(&c.vals, c.sp);
    if matches!(v.kind, ValueKind::Str(_)) { v.respan(c.arg(0).span.or(c.sp)) } else { v }
}

/// A one-string function: `f` of argument 0, keeping its span and segments where they line up.
fn map_str(c: &Call<'_, '_>, f: impl FnOnce(&str) -> String) -> Value {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| derived(f(&x), &c.arg(0), c.sp))
}

pub(super) fn lower(c: &Call<'_, '_>) -> Value {
    map_str(c, str::to_lowercase)
}

pub(super) fn upper(c: &Call<'_, '_>) -> Value {
    map_str(c, str::to_uppercase)
}

pub(super) fn title_fn(c: &Call<'_, '_>) -> Value {
    map_str(c, title)
}

pub(super) fn trimspace(c: &Call<'_, '_>) -> Value {
    map_str(c, |x| x.trim().to_string())
}

pub(super) fn chomp(c: &Call<'_, '_>) -> Value {
    map_str(c, |x| x.trim_end_matches(['\n', '\r']).to_string())
}

pub(super) fn trimprefix(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(x), Some(p)) => derived(x.strip_prefix(p.as_str()).unwrap_or(&x).to_string(), &c.arg(0), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`trimprefix` of unknown strings", c.sp),
    }
}

pub(super) fn trimsuffix(c: &Call<'_, '_>) -> Value {
    if let Some(v) = family_arn(&c.arg(0), &c.arg(1)) {
        return v;
    }
    match (c.s(0), c.s(1)) {
        (Some(x), Some(p)) => derived(x.strip_suffix(p.as_str()).unwrap_or(&x).to_string(), &c.arg(0), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`trimsuffix` of unknown strings", c.sp),
    }
}

pub(super) fn trim(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(x), Some(p)) => derived(x.trim_matches(|ch| p.contains(ch)).to_string(), &c.arg(0), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`trim` of unknown strings", c.sp),
    }
}

pub(super) fn substr(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.arg(1).as_f64(), c.arg(2).as_f64()) {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
        (Some(x), Some(o), Some(l)) if o >= 0.0 => {
            let it = x.chars().skip(o as usize);
            let r: String = if l < 0.0 { it.collect() } else { it.take(l as usize).collect() };
            Value::str(r, c.sp)
        }
        _ => Value::unknown(UnknownKind::AfterApply, "`substr` of unknown values", c.sp),
    }
}

pub(super) fn startswith(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(x), Some(p)) => Value::bool(x.starts_with(p.as_str()), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`startswith` of unknown strings", c.sp),
    }
}

pub(super) fn endswith(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(x), Some(p)) => Value::bool(x.ends_with(p.as_str()), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`endswith` of unknown strings", c.sp),
    }
}

pub(super) fn strrev(c: &Call<'_, '_>) -> Value {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| Value::str(x.chars().rev().collect::<String>(), c.sp))
}

/// `regex`, `regexall`.
pub(super) fn regex(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.s(1)) {
        (Some(pat), Some(text)) => match regex::Regex::new(&pat) {
            Ok(re) => regex_fn(c.name, &re, &text, c.sp),
            Err(_) => Value::unknown(UnknownKind::Unsupported, "a regular expression jobcheck cannot read", c.sp),
        },
        _ => Value::unknown(UnknownKind::AfterApply, format!("`{}` of unknown strings", c.name), c.sp),
    }
}

/// `trimsuffix(td.arn, ":${td.revision}")`: the task definition's family ARN.
fn family_arn(subject: &Value, suffix: &Value) -> Option<Value> {
    let r = subject.as_resource_ref().filter(|r| r.rtype == "aws_ecs_task_definition" && r.attr == "arn")?;
    let ValueKind::Sym(parts) = &suffix.kind else { return None };
    match &parts[..] {
        [colon, rev]
            if colon.as_str() == Some(":") && rev.as_resource_ref().is_some_and(|x| x.same_resource(r) && x.attr == "revision") =>
        {
            let mut base = r.clone();
            base.attr = "arn_without_revision".into();
            Some(Value::new(ValueKind::Ref(Arc::new(base)), subject.span))
        }
        _ => None,
    }
}

/// A string computed from `from`: its span, and its file segments when the bytes line up
/// (`lower`/`upper` of ASCII text), so findings can still point inside it.
fn derived(x: String, from: &Value, sp: Option<Span>) -> Value {
    match &from.kind {
        ValueKind::Str(f) if f.s.len() == x.len() && !f.segs.is_empty() => {
            Value::from_tf_string(TfString { s: x, segs: f.segs.clone() }, from.span.or(sp))
        }
        _ => Value::str(x, from.span.or(sp)),
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

/// `regex` (the first match: a string, a list of groups, or an object of named groups) and
/// `regexall` (every match).
fn regex_fn(name: &str, re: &regex::Regex, text: &str, sp: Option<Span>) -> Value {
    let one = |c: &regex::Captures<'_>| -> Value {
        let named: Vec<&str> = re.capture_names().flatten().collect();
        if !named.is_empty() {
            Value::obj(named.iter().map(|n| ((*n).to_string(), Value::str(c.name(n).map_or("", |m| m.as_str()), None))).collect(), None)
        } else if c.len() > 1 {
            Value::list((1..c.len()).map(|i| Value::str(c.get(i).map_or("", |m| m.as_str()), None)).collect(), None)
        } else {
            Value::str(c.get(0).map_or("", |m| m.as_str()), None)
        }
    };
    if name == "regexall" {
        Value::list(re.captures_iter(text).map(|c| one(&c)).collect(), sp)
    } else {
        re.captures(text).map_or_else(|| Value::error("`regex` found no match", sp), |c| one(&c).respan(sp))
    }
}

/// Widest field and longest precision `format` pads to: `%999999999d` would otherwise
/// allocate a gigabyte.
const MAX_FORMAT_WIDTH: usize = 10_000;

/// `format`: Terraform's printf verbs `%s %d %f %v %t %q %%` with flags, width and precision.
fn format(vals: &[Value], sp: Option<Span>) -> Value {
    let Some(fmt) = vals.first().and_then(Value::to_tf_string) else {
        return Value::unknown(UnknownKind::AfterApply, "`format` with an unknown format", sp);
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
            return Value::unknown(UnknownKind::Budget, format!("`format` with a width or precision over {MAX_FORMAT_WIDTH}"), sp);
        }
        let Some(verb) = chars.next() else {
            lit.push('%');
            break;
        };
        if verb == '%' {
            lit.push('%');
            continue;
        }
        let Some(arg) = args.next() else { return Value::error("`format` has too few arguments", sp) };
        let plain = matches!(verb, 's' | 'v') && flags.is_empty() && width.is_empty() && precision.is_none();
        if plain {
            // Keep references symbolic: `format("%s:*", aws_x.y.arn)`.
            pieces.push(Value::str(std::mem::take(&mut lit), None));
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
    pieces.push(Value::str(lit, None));
    concat(pieces, sp)
}

/// `replace(s, old, new)`, including the idiom `replace(td.arn, "/:\\d+$/", ":*")`, which we
/// keep symbolic: the task definition ARN with its revision replaced.
fn replace(vals: &[Value], sp: Option<Span>) -> Value {
    let (Some(subject), Some(old), Some(new)) =
        (vals.first(), vals.get(1).and_then(Value::to_tf_string), vals.get(2).and_then(Value::to_tf_string))
    else {
        return Value::unknown(UnknownKind::AfterApply, "`replace` with unknown arguments", sp);
    };
    if let ValueKind::Ref(r) = &subject.kind
        && r.rtype.ends_with("aws_ecs_task_definition")
        && r.attr == "arn"
        && old.starts_with('/')
        && old.contains(':')
    {
        let mut base = (**r).clone();
        base.attr = "arn_without_revision".into();
        let new_s = if let Some(stripped) = new.strip_prefix(':') { format!(":{stripped}") } else { new };
        if new_s.is_empty() {
            return Value::new(ValueKind::Ref(Arc::new(base)), subject.span.or(sp));
        }
        return Value::new(
            ValueKind::Sym(Arc::new(vec![Value::new(ValueKind::Ref(Arc::new(base)), subject.span), Value::str(new_s, None)])),
            sp,
        );
    }
    let Some(s) = subject.to_tf_string() else {
        return unknown_from(subject, sp);
    };
    if old.len() >= 2 && old.starts_with('/') && old.ends_with('/') {
        let pat = &old[1..old.len() - 1];
        return match regex::Regex::new(pat) {
            Ok(re)
                if !limits::fits((s.len() as u64).saturating_add((re.find_iter(&s).count() as u64).saturating_mul(new.len() as u64))) =>
            {
                limits::too_large(sp)
            }
            Ok(re) => Value::str(re.replace_all(&s, new.replace('$', "$$").as_str()).into_owned(), sp),
            Err(_) => Value::unknown(UnknownKind::Unsupported, "`replace` with a regular expression jobcheck cannot read", sp),
        };
    }
    if old.is_empty() {
        return Value::str(s, sp);
    }
    if !limits::fits((s.len() as u64).saturating_add((s.matches(&old).count() as u64).saturating_mul(new.len() as u64))) {
        return limits::too_large(sp);
    }
    Value::str(s.replace(&old, &new), sp)
}
