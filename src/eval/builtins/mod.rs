//! Terraform's built-in functions that real modules use, grouped by family as Terraform's
//! documentation groups them. [`FUNCTIONS`] is the one table: each entry names a function, the
//! number of arguments it takes, whether it keeps unknown parts of its arguments in place
//! (structural) and where it is implemented. Any other function is unknown.

mod collections;
mod conversion;
mod encoding;
mod files;
mod numeric;
mod strings;

use super::expr::unknown_from;
use super::{Evaluator, Scope, limits};
use crate::load::ast::Expr;
use crate::source::Span;
use crate::value::{UnknownKind, Value, ValueKind};

pub(super) use collections::sorted;

/// How many arguments a function takes (after `f(list...)` is expanded).
#[derive(Debug, Clone, Copy)]
pub(super) enum Arity {
    Exactly(usize),
    Between(usize, usize),
    AtLeast(usize),
}

impl Arity {
    fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exactly(k) => n == k,
            Arity::Between(lo, hi) => (lo..=hi).contains(&n),
            Arity::AtLeast(lo) => n >= lo,
        }
    }
    fn describe(self) -> String {
        let args = |n: usize| if n == 1 { "1 argument".to_string() } else { format!("{n} arguments") };
        match self {
            Arity::Exactly(k) => args(k),
            Arity::Between(lo, hi) => format!("{lo} to {hi} arguments"),
            Arity::AtLeast(lo) => format!("at least {}", args(lo)),
        }
    }
}

/// A function whose arguments are all evaluated first.
type Strict = fn(&Call<'_, '_>) -> Value;
/// A function that evaluates its argument expressions itself (`try`, `can`).
type Lazy = fn(&Evaluator<'_>, &[Expr], &Scope, Span) -> Value;

#[derive(Clone, Copy)]
pub(super) enum Run {
    Strict(Strict),
    Lazy(Lazy),
}

pub(super) struct Builtin {
    pub name: &'static str,
    pub arity: Arity,
    /// An unknown argument does not make the whole result unknown: the function keeps
    /// unknown parts in place (`merge`, `concat`, `jsonencode` …) or decides itself.
    pub structural: bool,
    /// Combines its arguments into one value: their size is measured before it builds anything.
    pub combines: bool,
    pub run: Run,
}

/// The arguments of one call of a strict function, evaluated.
pub(super) struct Call<'a, 'w> {
    pub ev: &'a Evaluator<'w>,
    pub scope: &'a Scope,
    /// The name the function was called by (several entries share an implementation).
    pub name: &'a str,
    pub vals: Vec<Value>,
    pub span: Span,
    /// `Some(span)`: where results without a span of their own point.
    pub sp: Option<Span>,
}

impl Call<'_, '_> {
    /// Argument `i`, `null` when absent.
    fn arg(&self, i: usize) -> Value {
        self.vals.get(i).cloned().unwrap_or_else(Value::null)
    }
    /// Argument `i` as Terraform converts it to a string.
    fn s(&self, i: usize) -> Option<String> {
        self.vals.get(i).and_then(Value::to_tf_string)
    }
    /// Unknown like argument `a` when that has an unknown part, else like argument `b`.
    fn unknown_of(&self, a: usize, b: usize) -> Value {
        unknown_from(&(if self.arg(a).has_unknown() { self.arg(a) } else { self.arg(b) }), self.sp)
    }
}

const fn strict(name: &'static str, arity: Arity, run: Strict) -> Builtin {
    Builtin { name, arity, structural: false, combines: false, run: Run::Strict(run) }
}
const fn structural(name: &'static str, arity: Arity, run: Strict) -> Builtin {
    Builtin { name, arity, structural: true, combines: false, run: Run::Strict(run) }
}
const fn combining(name: &'static str, arity: Arity, structural: bool, run: Strict) -> Builtin {
    Builtin { name, arity, structural, combines: true, run: Run::Strict(run) }
}
const fn lazy(name: &'static str, arity: Arity, run: Lazy) -> Builtin {
    Builtin { name, arity, structural: true, combines: false, run: Run::Lazy(run) }
}

use Arity::{AtLeast, Between, Exactly};

/// Every function jobcheck evaluates. Arities are Terraform's.
pub(super) const FUNCTIONS: &[Builtin] = &[
    // Type conversion.
    lazy("try", AtLeast(1), conversion::try_),
    lazy("can", Exactly(1), conversion::can),
    structural("sensitive", Exactly(1), conversion::identity),
    structural("nonsensitive", Exactly(1), conversion::identity),
    structural("tomap", Exactly(1), conversion::identity),
    structural("tostring", Exactly(1), conversion::tostring),
    strict("tonumber", Exactly(1), conversion::tonumber),
    strict("tobool", Exactly(1), conversion::tobool),
    structural("tolist", Exactly(1), conversion::tolist),
    structural("toset", Exactly(1), conversion::toset),
    // Encoding.
    structural("jsonencode", Exactly(1), encoding::jsonencode),
    strict("jsondecode", Exactly(1), encoding::jsondecode),
    // Collections.
    combining("merge", AtLeast(0), true, collections::merge),
    combining("concat", AtLeast(1), true, collections::concat),
    combining("flatten", Exactly(1), true, collections::flatten),
    structural("distinct", Exactly(1), collections::distinct_fn),
    structural("compact", Exactly(1), collections::compact),
    structural("coalesce", AtLeast(1), collections::coalesce),
    combining("coalescelist", AtLeast(1), true, collections::coalescelist),
    structural("lookup", Between(2, 3), collections::lookup),
    structural("element", Exactly(2), collections::element),
    structural("one", Exactly(1), collections::one),
    structural("length", Exactly(1), collections::length),
    structural("keys", Exactly(1), collections::keys),
    structural("values", Exactly(1), collections::values),
    combining("zipmap", Exactly(2), true, collections::zipmap),
    strict("contains", Exactly(2), collections::contains),
    strict("reverse", Exactly(1), collections::reverse),
    strict("sort", Exactly(1), collections::sort),
    strict("range", Between(1, 3), collections::range),
    strict("slice", Exactly(3), collections::slice),
    strict("index", Exactly(2), collections::index),
    combining("setunion", AtLeast(1), false, collections::sets),
    strict("setintersection", AtLeast(1), collections::sets),
    strict("setsubtract", Exactly(2), collections::sets),
    strict("sum", Exactly(1), collections::sum),
    strict("alltrue", Exactly(1), collections::all_any),
    strict("anytrue", Exactly(1), collections::all_any),
    // Strings.
    structural("join", AtLeast(2), strings::join),
    strict("split", Exactly(2), strings::split),
    structural("format", AtLeast(1), strings::format_fn),
    strict("formatlist", AtLeast(1), strings::formatlist),
    structural("replace", Exactly(3), strings::replace_fn),
    strict("lower", Exactly(1), strings::lower),
    strict("upper", Exactly(1), strings::upper),
    strict("title", Exactly(1), strings::title_fn),
    strict("trimspace", Exactly(1), strings::trimspace),
    strict("chomp", Exactly(1), strings::chomp),
    strict("trimprefix", Exactly(2), strings::trimprefix),
    strict("trimsuffix", Exactly(2), strings::trimsuffix),
    strict("trim", Exactly(2), strings::trim),
    strict("substr", Exactly(3), strings::substr),
    strict("startswith", Exactly(2), strings::startswith),
    strict("endswith", Exactly(2), strings::endswith),
    strict("strrev", Exactly(1), strings::strrev),
    strict("regex", Exactly(2), strings::regex),
    strict("regexall", Exactly(2), strings::regex),
    // Numbers.
    strict("min", AtLeast(1), numeric::min_max),
    strict("max", AtLeast(1), numeric::min_max),
    strict("abs", Exactly(1), numeric::abs),
    strict("ceil", Exactly(1), numeric::ceil),
    strict("floor", Exactly(1), numeric::floor),
    strict("pow", Exactly(2), numeric::pow),
    strict("signum", Exactly(1), numeric::signum),
    strict("parseint", Exactly(2), numeric::parseint),
    // Files.
    strict("basename", Exactly(1), files::basename),
    strict("dirname", Exactly(1), files::dirname),
    strict("file", Exactly(1), files::file),
    strict("fileexists", Exactly(1), files::fileexists),
    strict("templatefile", Exactly(2), files::templatefile),
];

/// The table entry of a function called by `name` (`core::` is Terraform's namespace for them).
pub(super) fn lookup(name: &str) -> Option<&'static Builtin> {
    let name = name.strip_prefix("core::").unwrap_or(name);
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The value a call with a number of arguments the function does not take has: Terraform
/// rejects the configuration.
fn wrong_arity(f: &Builtin, given: usize, sp: Option<Span>) -> Value {
    Value::error(format!("`{}` takes {}, not {given}", f.name, f.arity.describe()), sp)
}

impl Evaluator<'_> {
    pub(super) fn call(&self, name: &str, args: &[Expr], expand: bool, scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        let f = lookup(name);
        if let Some(f) = f
            && let Run::Lazy(run) = f.run
        {
            if !expand && !f.arity.accepts(args.len()) {
                return wrong_arity(f, args.len(), sp);
            }
            return run(self, args, scope, span);
        }
        let mut vals: Vec<Value> = args.iter().map(|a| self.expr(a, scope)).collect();
        if expand && let Some(last) = vals.pop() {
            match &last.kind {
                ValueKind::List(l) => vals.extend(l.iter().cloned()),
                _ => return unknown_from(&last, sp),
            }
        }
        let Some(f) = f else {
            if let Some(u) = vals.iter().find(|v| v.has_unknown()) {
                return unknown_from(u, sp);
            }
            let other = name.strip_prefix("core::").unwrap_or(name);
            return Value::unknown(UnknownKind::UnsupportedFunction, format!("jobcheck does not evaluate `{other}()`"), sp);
        };
        if !f.arity.accepts(vals.len()) {
            return wrong_arity(f, vals.len(), sp);
        }
        if f.combines {
            let mut len = 0u64;
            for v in &vals {
                len += limits::weight(v, limits::MAX_VALUE_BYTES);
                if !limits::fits(len) {
                    return limits::too_large(sp);
                }
            }
        }
        // Strict functions: an unknown argument gives an unknown result (with its reason),
        // except the structural ones, which keep unknown parts in place.
        if !f.structural
            && let Some(u) = vals.iter().find(|v| v.has_unknown())
        {
            return unknown_from(u, sp);
        }
        match f.run {
            Run::Strict(run) => run(&Call { ev: self, scope, name: f.name, vals, span, sp }),
            Run::Lazy(_) => Value::unknown(UnknownKind::Unsupported, "unreachable: a lazy function", sp),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{eval_expression, eval_expression_in};

    #[test]
    fn every_name_is_in_the_table_once() {
        let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a function is in the table twice");
    }

    #[test]
    fn the_table_arity_is_enforced() {
        let cases = [
            ("lower()", "invalid: `lower` takes 1 argument, not 0"),
            ("lower(\"a\", \"b\")", "invalid: `lower` takes 1 argument, not 2"),
            ("lookup({})", "invalid: `lookup` takes 2 to 3 arguments, not 1"),
            ("join(\",\")", "invalid: `join` takes at least 2 arguments, not 1"),
            ("can(1, 2)", "invalid: `can` takes 1 argument, not 2"),
            ("try()", "invalid: `try` takes at least 1 argument, not 0"),
            ("core::upper([\"a\", \"b\"]...)", "invalid: `upper` takes 1 argument, not 2"),
        ];
        for (src, want) in cases {
            let v = eval_expression(src).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(v.unknown_reason(), Some(want), "{src}");
            assert!(v.is_error(), "{src}: Terraform rejects it, so `can` is false");
        }
        // The lower and upper bounds themselves are accepted.
        for src in ["lookup({a = 1}, \"a\")", "lookup({}, \"a\", 2)", "join(\",\", [\"a\"], [\"b\"])", "merge()", "try(1)"] {
            let v = eval_expression(src).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert!(!v.has_unknown(), "{src}: {v:?}");
        }
        assert_eq!(eval_expression("can(lower())").ok().and_then(|v| v.as_bool()), Some(false));
    }

    /// A strict function passes an unknown argument's reason on; a structural one keeps it in place.
    #[test]
    fn strict_and_structural_functions_treat_unknowns_as_the_table_says() {
        let module = "variable \"unset\" {}";
        let strict = eval_expression_in("setunion([\"a\"], var.unset)", module).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(strict.unknown_kind(), Some(UnknownKind::NoValue));
        let structural = eval_expression_in("concat([\"a\"], [var.unset])", module).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(structural.as_list().map(<[Value]>::len), Some(2));
        assert!(lookup("setunion").is_some_and(|f| !f.structural && f.combines));
        assert!(lookup("core::concat").is_some_and(|f| f.structural && f.combines));
    }

    #[test]
    fn a_function_not_in_the_table_is_unknown() {
        let v = eval_expression("base64encode(\"a\")").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.unknown_reason(), Some("jobcheck does not evaluate `base64encode()`"));
    }
}
