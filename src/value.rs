//! Values as jobcheck understands them: Terraform's values plus resource references with a
//! known identity, symbolic strings built from them, and unknowns that say why.

use std::sync::Arc;

use indexmap::IndexMap;

use crate::source::{Seg, Span};

/// The text an [`UnknownKind::Invalid`] value's reason starts with.
const ERROR_PREFIX: &str = "invalid: ";

/// Separates a root module's directory from the module path inside it, in the `module` of a
/// resource: resources of different roots with the same module path are different resources.
/// Resources of a root at the scan root itself have no prefix.
pub(crate) const ROOT_SEP: &str = "//";

/// `module.a.aws_x.y`, or `services/api:module.a.aws_x.y` for a root below the scan root.
pub(crate) fn qualified(module: &str, rest: &str) -> String {
    match module.split_once(ROOT_SEP) {
        Some((root, "")) => format!("{root}:{rest}"),
        Some((root, path)) => format!("{root}:{path}.{rest}"),
        None if module.is_empty() => rest.to_string(),
        None => format!("{module}.{rest}"),
    }
}

/// The root directory part of a qualified module path (`""` for the scan root).
pub(crate) fn root_of(module: &str) -> &str {
    module.split_once(ROOT_SEP).map_or("", |(r, _)| r)
}

/// Tri-state answer: policies may be only partly known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

impl Tri {
    #[must_use]
    pub(crate) fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::No,
        }
    }
    #[must_use]
    pub(crate) fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::Yes,
        }
    }
    pub(crate) fn from_bool(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TfString {
    pub s: String,
    /// Which bytes of `s` were copied verbatim from a file, for precise sub-spans.
    pub segs: Vec<(Seg, crate::source::FileId)>,
}

/// A reference to an attribute of a resource or data source in a module instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceRef {
    /// Module instance path, `""` for a root, `module.a` or `module.a["k"]`.
    pub module: String,
    /// Resource type; data sources are `data.<type>`.
    pub rtype: String,
    pub name: String,
    /// Instance key for `count`/`for_each`, when known.
    pub key: Option<String>,
    pub attr: String,
    /// The attribute's configured value, when it is an argument written in the resource.
    pub known: Option<Box<Value>>,
}

impl ResourceRef {
    /// Which resource this points at.
    pub(crate) fn resource(&self) -> ResourceAddress<'_> {
        ResourceAddress { module: &self.module, rtype: &self.rtype, name: &self.name, key: self.key.as_deref() }
    }
    /// The resource's address without the instance key (`module.a.aws_x.y`).
    pub(crate) fn address(&self) -> String {
        ResourceAddress { key: None, ..self.resource() }.to_string()
    }
    /// Whether both point to the same resource (instance keys compared only when both known).
    pub(crate) fn same_resource(&self, other: &ResourceRef) -> bool {
        self.resource().same_resource(&other.resource())
    }
}

/// A resource instance's address, borrowed from a [`ResourceRef`] or an evaluated instance:
/// the one place that says when two of them are the same resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResourceAddress<'a> {
    /// Module instance path, `""` for a root, `module.a` or `module.a["k"]`.
    pub module: &'a str,
    /// Resource type; data sources are `data.<type>`.
    pub rtype: &'a str,
    pub name: &'a str,
    /// Instance key for `count`/`for_each`, when known.
    pub key: Option<&'a str>,
}

impl ResourceAddress<'_> {
    /// Whether both are the same resource: module, type and name equal, and the instance keys
    /// too when both are known (a reference without a key may mean any instance).
    pub(crate) fn same_resource(&self, other: &ResourceAddress<'_>) -> bool {
        self.module == other.module
            && self.rtype == other.rtype
            && self.name == other.name
            && (self.key.is_none() || other.key.is_none() || self.key == other.key)
    }
    /// A hash of what [`Self::same_resource`] always compares (module, type, name), for an
    /// index looked up without allocating: equal for the same resource, whatever the keys.
    pub(crate) fn resource_hash(&self) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one((self.module, self.rtype, self.name))
    }
}

/// `module.a.aws_x.y["k"]`, qualified by the root as [`qualified`] does.
impl std::fmt::Display for ResourceAddress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&qualified(self.module, &format!("{}.{}{}", self.rtype, self.name, key_suffix(self.key))))
    }
}

/// An instance key as Terraform writes it after an address: `[0]`, `["k"]`, or nothing.
pub(crate) fn key_suffix(key: Option<&str>) -> String {
    match key {
        None => String::new(),
        Some(k) if k.parse::<u64>().is_ok() => format!("[{k}]"),
        Some(k) => format!("[\"{k}\"]"),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Num(f64),
    Str(Arc<TfString>),
    List(Arc<Vec<Value>>),
    Obj(Arc<IndexMap<String, Value>>),
    Ref(Arc<ResourceRef>),
    /// A string made of parts, some of them references: `"${aws_x.y.arn}:*"`.
    Sym(Arc<Vec<Value>>),
    /// `jsonencode(value)`: a string holding the JSON of the inner value.
    Json(Arc<Value>),
    Unknown(Arc<Unknown>),
}

/// What kind of thing made a value unknown: code asks this, never the text of the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnknownKind {
    /// A variable with no value: no default, nothing in the scanned tfvars or `--var`, or not
    /// set by the module call. Giving it a value makes it known.
    NoValue,
    /// Known only after apply: a resource's computed attribute (an ARN, an id), or a value
    /// built from one.
    AfterApply,
    /// Read from a data source jobcheck does not compute.
    DataSource,
    /// From a module whose source is not installed under `.terraform/modules`.
    RemoteModule,
    /// Outside the scanned tree: a module directory, or a file `file()` was asked to read
    /// (or one that is absolute, missing, or over the read limit).
    OutsideTree,
    /// An evaluation limit ran out: the step budget, depth, nesting, values built per root,
    /// or a value that refers to itself.
    Budget,
    /// A value over the size cap (`limits::MAX_VALUE_BYTES`) that a function or template
    /// refused to build; a note says where.
    TooLarge,
    /// A function jobcheck does not evaluate.
    UnsupportedFunction,
    /// A value Terraform would reject (`tonumber("x")`, a missing attribute, a call with the
    /// wrong number of arguments): `false` to `can()`, skipped by `try()`.
    Invalid,
    /// A name the configuration does not declare where it is used: a local, output, resource,
    /// module instance, or a policy or resource a link points at.
    NotDeclared,
    /// A form jobcheck does not evaluate (a whole resource as an object, a comparison of
    /// references, a `path` attribute, a non-literal module source, an invalid regular expression).
    Unsupported,
    /// Computed from another unknown value whose own reason is not kept (`count.index` of an
    /// unknown `count`, a template `if` on an unknown condition, a `for` over an unknown collection).
    Derived,
}

/// Why a value is unknown, as code (`kind`) and as the text users read (`why`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub kind: UnknownKind,
    pub why: String,
}

impl Reason {
    pub(crate) fn new(kind: UnknownKind, why: impl Into<String>) -> Self {
        Self { kind, why: why.into() }
    }
}

impl std::ops::Deref for Reason {
    type Target = str;
    fn deref(&self) -> &str {
        &self.why
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

/// An unknown value: what kind of unknown and why, where it arose, and — when we can tell
/// what it is — an identity. Two reads of the same unset `var.name` in one module instance
/// are the same value, and so are two templates built from identical parts
/// (`"/ecs/${var.name}"` twice); values without an identity never compare equal to anything.
#[derive(Debug, Clone)]
pub struct Unknown {
    pub kind: UnknownKind,
    pub why: Box<str>,
    /// Where the value first became unknown (the span it was made with), kept when the
    /// value is passed on and given another span.
    pub at: Option<Span>,
    pub id: Option<Arc<Vec<IdPart>>>,
}

/// Two unknowns are the same value when kind, reason and identity agree, wherever they arose.
impl PartialEq for Unknown {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.why == other.why && self.id == other.id
    }
}

impl Unknown {
    pub(crate) fn reason(&self) -> Reason {
        Reason::new(self.kind, &*self.why)
    }
}

/// A part of an unknown string's identity: literal text, or a value we know only by what it
/// is (`var.name@3`: variable `name` of module instance 3; `aws_x.y.arn[]`: a computed
/// attribute). Adjacent literals are merged, so equal strings have equal parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdPart {
    Lit(String),
    Opaque(String),
}

/// Longest identity kept: names and ARNs are far shorter; a longer string (hostile input, a
/// whole document) simply has no identity.
const MAX_ID_BYTES: usize = 4096;

impl IdPart {
    fn len(&self) -> usize {
        match self {
            IdPart::Lit(s) | IdPart::Opaque(s) => s.len() + 1,
        }
    }
}

/// The bytes an identity takes (for the size bounds).
pub(crate) fn id_len(id: &[IdPart]) -> usize {
    id.iter().map(IdPart::len).sum()
}

/// Appends `p`, merging literals; `None` once the identity grows over [`MAX_ID_BYTES`].
fn push_part(out: &mut Vec<IdPart>, p: IdPart, used: &mut usize) -> Option<()> {
    *used += p.len();
    if *used > MAX_ID_BYTES {
        return None;
    }
    match (out.last_mut(), p) {
        (_, IdPart::Lit(s)) if s.is_empty() => {}
        (Some(IdPart::Lit(last)), IdPart::Lit(s)) => last.push_str(&s),
        (_, p) => out.push(p),
    }
    Some(())
}

/// The identity of a string built from `pieces` (a template): `None` when some piece has none.
pub(crate) fn id_of_pieces(pieces: &[Value]) -> Option<Vec<IdPart>> {
    let (mut out, mut used) = (Vec::new(), 0);
    for p in pieces {
        p.collect_id(&mut out, &mut used, 0)?;
    }
    Some(out)
}

impl std::ops::Deref for Unknown {
    type Target = str;
    fn deref(&self) -> &str {
        &self.why
    }
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// Where the value was written (a literal in a tfvars file, a default, an argument).
    pub span: Option<Span>,
}

impl Value {
    pub(crate) fn new(kind: ValueKind, span: Option<Span>) -> Self {
        Self { kind, span }
    }
    pub(crate) fn null() -> Self {
        Self::new(ValueKind::Null, None)
    }
    pub(crate) fn unknown(kind: UnknownKind, reason: impl Into<String>, span: Option<Span>) -> Self {
        Self::new(ValueKind::Unknown(Arc::new(Unknown { kind, why: reason.into().into_boxed_str(), at: span, id: None })), span)
    }
    /// An unknown for `reason` (kind and text).
    pub(crate) fn unknown_for(reason: &Reason, span: Option<Span>) -> Self {
        Self::unknown(reason.kind, reason.why.clone(), span)
    }
    /// A value Terraform would reject (`tonumber("x")`): unknown to rules, `false` to `can()`.
    pub(crate) fn error(reason: impl Into<String>, span: Option<Span>) -> Self {
        Self::unknown(UnknownKind::Invalid, format!("{ERROR_PREFIX}{}", reason.into()), span)
    }
    /// This unknown value with identity `id` (`None` forgets it); other values unchanged.
    #[must_use]
    pub(crate) fn with_unknown_id(mut self, id: Option<Vec<IdPart>>) -> Self {
        if let ValueKind::Unknown(u) = &self.kind
            && u.id.as_deref() != id.as_ref()
        {
            self.kind = ValueKind::Unknown(Arc::new(Unknown { id: id.map(Arc::new), ..(**u).clone() }));
        }
        self
    }
    /// The identity of this value as a string: its literal text and the identities of its
    /// unknown and reference parts, in order; `None` when some part has no identity.
    pub(crate) fn id_parts(&self) -> Option<Vec<IdPart>> {
        let (mut out, mut used) = (Vec::new(), 0);
        self.collect_id(&mut out, &mut used, 0)?;
        Some(out)
    }
    fn collect_id(&self, out: &mut Vec<IdPart>, used: &mut usize, depth: usize) -> Option<()> {
        if depth > 16 {
            return None;
        }
        match &self.kind {
            ValueKind::Null => {}
            ValueKind::Str(s) if s.s.len() > MAX_ID_BYTES => return None,
            ValueKind::Str(_) | ValueKind::Num(_) | ValueKind::Bool(_) => push_part(out, IdPart::Lit(self.to_tf_string()?), used)?,
            ValueKind::Unknown(u) => {
                for p in u.id.as_deref()? {
                    push_part(out, p.clone(), used)?;
                }
            }
            // The value written in the resource, known or not.
            ValueKind::Ref(r) if let Some(k) = r.known.as_deref() => k.collect_id(out, used, depth + 1)?,
            ValueKind::Ref(r) => {
                let id = format!("{}.{}[{}]", r.address(), r.attr, r.key.as_deref().unwrap_or(""));
                push_part(out, IdPart::Opaque(id), used)?;
            }
            ValueKind::Sym(parts) => {
                for p in parts.iter() {
                    p.collect_id(out, used, depth + 1)?;
                }
            }
            ValueKind::List(_) | ValueKind::Obj(_) | ValueKind::Json(_) => return None,
        }
        Some(())
    }
    /// Whether two strings, one at least unknown, are provably the same value: built from
    /// identical parts (`"/ecs/${var.name}"` twice in one module instance).
    pub(crate) fn same_unknown(&self, other: &Value) -> bool {
        (self.has_unknown() || other.has_unknown()) && matches!((self.id_parts(), other.id_parts()), (Some(a), Some(b)) if a == b)
    }
    pub(crate) fn is_error(&self) -> bool {
        self.unknown_kind() == Some(UnknownKind::Invalid)
    }
    pub(crate) fn str(s: impl Into<String>, span: Option<Span>) -> Self {
        Self::new(ValueKind::Str(Arc::new(TfString { s: s.into(), segs: Vec::new() })), span)
    }
    pub(crate) fn from_tf_string(s: TfString, span: Option<Span>) -> Self {
        Self::new(ValueKind::Str(Arc::new(s)), span)
    }
    pub(crate) fn num(n: f64, span: Option<Span>) -> Self {
        Self::new(ValueKind::Num(n), span)
    }
    pub(crate) fn bool(b: bool, span: Option<Span>) -> Self {
        Self::new(ValueKind::Bool(b), span)
    }
    pub(crate) fn list(items: Vec<Value>, span: Option<Span>) -> Self {
        Self::new(ValueKind::List(Arc::new(items)), span)
    }
    pub(crate) fn obj(m: IndexMap<String, Value>, span: Option<Span>) -> Self {
        Self::new(ValueKind::Obj(Arc::new(m)), span)
    }
    #[must_use]
    pub(crate) fn at(mut self, span: Option<Span>) -> Self {
        if self.span.is_none() {
            self.span = span;
        }
        self
    }
    #[must_use]
    pub(crate) fn respan(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub(crate) fn is_unknown(&self) -> bool {
        matches!(self.kind, ValueKind::Unknown(_))
    }
    pub(crate) fn is_null(&self) -> bool {
        matches!(self.kind, ValueKind::Null)
    }
    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Unknown(r) => Some(r),
            _ => None,
        }
    }
    pub(crate) fn unknown_kind(&self) -> Option<UnknownKind> {
        match &self.kind {
            ValueKind::Unknown(r) => Some(r.kind),
            _ => None,
        }
    }
    /// Why this unknown value is unknown; for any other value, that it is known only after
    /// apply with `fallback` as the text (a reference, a value of another type).
    pub(crate) fn reason_or(&self, fallback: &str) -> Reason {
        match &self.kind {
            ValueKind::Unknown(r) => r.reason(),
            _ => Reason::new(UnknownKind::AfterApply, fallback),
        }
    }
    /// Whether this value or anything inside it is unknown.
    pub(crate) fn has_unknown(&self) -> bool {
        match &self.kind {
            ValueKind::Unknown(_) => true,
            ValueKind::List(l) | ValueKind::Sym(l) => l.iter().any(Value::has_unknown),
            ValueKind::Obj(m) => m.values().any(Value::has_unknown),
            ValueKind::Json(j) => j.has_unknown(),
            _ => false,
        }
    }
    /// The first unknown inside this value.
    pub(crate) fn first_unknown(&self) -> Option<&Value> {
        match &self.kind {
            ValueKind::Unknown(_) => Some(self),
            ValueKind::List(l) | ValueKind::Sym(l) => l.iter().find_map(Value::first_unknown),
            ValueKind::Obj(m) => m.values().find_map(Value::first_unknown),
            ValueKind::Json(j) => j.first_unknown(),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str(s) => Some(&s.s),
            ValueKind::Ref(r) => r.known.as_ref().and_then(|k| k.as_str()),
            _ => None,
        }
    }
    pub(crate) fn as_tf_string(&self) -> Option<&TfString> {
        match &self.kind {
            ValueKind::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A number, or a string holding one (Terraform converts freely).
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            ValueKind::Num(n) => Some(*n),
            ValueKind::Str(s) => s.s.trim().parse().ok(),
            ValueKind::Ref(r) => r.known.as_ref().and_then(|k| k.as_f64()),
            _ => None,
        }
    }
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            ValueKind::Bool(b) => Some(*b),
            ValueKind::Str(s) if s.s == "true" => Some(true),
            ValueKind::Str(s) if s.s == "false" => Some(false),
            ValueKind::Ref(r) => r.known.as_ref().and_then(|k| k.as_bool()),
            _ => None,
        }
    }
    pub(crate) fn as_list(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::List(l) => Some(l),
            _ => None,
        }
    }
    pub(crate) fn as_obj(&self) -> Option<&IndexMap<String, Value>> {
        match &self.kind {
            ValueKind::Obj(m) => Some(m),
            _ => None,
        }
    }
    pub(crate) fn as_resource_ref(&self) -> Option<&ResourceRef> {
        match &self.kind {
            ValueKind::Ref(r) => Some(r),
            _ => None,
        }
    }
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.as_obj().and_then(|m| m.get(key))
    }
    /// A single value or a list of values, as a list (IAM and event patterns accept both).
    pub(crate) fn items(&self) -> Vec<&Value> {
        match &self.kind {
            ValueKind::List(l) => l.iter().collect(),
            ValueKind::Null => Vec::new(),
            _ => vec![self],
        }
    }

    /// The (key, value) pairs a `for` iterates: list indexes, or object keys in Terraform's
    /// order (lexical). `None` when this is not a collection.
    pub(crate) fn pairs(&self) -> Option<Vec<(Value, Value)>> {
        match &self.kind {
            ValueKind::List(l) => Some(
                l.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        #[expect(clippy::cast_precision_loss, reason = "collection indexes are small")]
                        let k = Value::num(i as f64, None);
                        (k, v.clone())
                    })
                    .collect(),
            ),
            ValueKind::Obj(m) => {
                let mut kv: Vec<(&String, &Value)> = m.iter().collect();
                kv.sort_by(|a, b| a.0.cmp(b.0));
                Some(kv.into_iter().map(|(k, v)| (Value::str(k.clone(), None), v.clone())).collect())
            }
            _ => None,
        }
    }

    /// Maps a byte range of this string's value back to the file, when its ends were copied
    /// verbatim from one file (the bytes between may come from elsewhere, as a heredoc's
    /// interpolations do).
    pub(crate) fn sub_span(&self, start: usize, end: usize) -> Option<Span> {
        let s = self.as_tf_string()?;
        let locate = |pos: usize, is_end: bool| {
            s.segs.iter().find_map(|(seg, file)| {
                let vs = seg.val_start as usize;
                let ve = vs + seg.len as usize;
                let inside = if is_end { vs < pos && pos <= ve } else { vs <= pos && pos < ve };
                inside.then(|| (*file, seg.file_start as usize + (pos - vs)))
            })
        };
        if start == end {
            return locate(start, false).or_else(|| locate(end, true)).map(|(f, p)| Span::new(f, p..p));
        }
        let (fa, a) = locate(start, false)?;
        let (fb, b) = locate(end, true)?;
        (fa == fb && a <= b).then(|| Span::new(fa, a..b))
    }

    /// Terraform's string form of a primitive.
    pub(crate) fn to_tf_string(&self) -> Option<String> {
        match &self.kind {
            ValueKind::Str(s) => Some(s.s.clone()),
            ValueKind::Num(n) => Some(fmt_num(*n)),
            ValueKind::Bool(b) => Some(b.to_string()),
            ValueKind::Ref(r) => r.known.as_ref().and_then(|k| k.to_tf_string()),
            _ => None,
        }
    }

    /// Renders the value as JSON text, when fully known.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match &self.kind {
            ValueKind::Null => serde_json::Value::Null,
            ValueKind::Bool(b) => serde_json::Value::Bool(*b),
            ValueKind::Num(n) => num_json(*n),
            ValueKind::Str(s) => serde_json::Value::String(s.s.clone()),
            ValueKind::List(l) => serde_json::Value::Array(l.iter().map(Value::to_json).collect::<Option<_>>()?),
            ValueKind::Obj(m) => {
                // Terraform renders object keys in lexical order.
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                serde_json::Value::Object(entries.into_iter().map(|(k, v)| Some((k.clone(), v.to_json()?))).collect::<Option<_>>()?)
            }
            ValueKind::Json(j) => serde_json::Value::String(serde_json::to_string(&j.to_json()?).ok()?),
            ValueKind::Ref(r) => serde_json::Value::String(r.known.as_ref()?.to_tf_string()?),
            ValueKind::Sym(_) | ValueKind::Unknown(_) => return None,
        })
    }
}

fn num_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[expect(clippy::cast_possible_truncation, reason = "checked integral and in range")]
        let i = n as i64;
        serde_json::Value::from(i)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

pub(crate) fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{n:.0}") } else { format!("{n}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(id: &str) -> Value {
        Value::unknown(UnknownKind::NoValue, "unset", None).with_unknown_id(Some(vec![IdPart::Opaque(id.into())]))
    }

    #[test]
    fn identical_parts_are_the_same_unknown() {
        let a = Value::unknown(UnknownKind::NoValue, "unset", None)
            .with_unknown_id(id_of_pieces(&[Value::str("/ecs/", None), var("var.name@0")]));
        // The same text split differently, around the same variable of the same instance.
        let b = Value::unknown(UnknownKind::NoValue, "unset", None).with_unknown_id(id_of_pieces(&[
            Value::str("/ec", None),
            Value::str("s/", None),
            var("var.name@0"),
            Value::str("", None),
        ]));
        assert!(a.same_unknown(&b));
        // Another instance's variable, other text, or an unknown without identity: not the same.
        let other = Value::unknown(UnknownKind::NoValue, "unset", None)
            .with_unknown_id(id_of_pieces(&[Value::str("/ecs/", None), var("var.name@1")]));
        assert!(!a.same_unknown(&other));
        let text = Value::unknown(UnknownKind::NoValue, "unset", None)
            .with_unknown_id(id_of_pieces(&[Value::str("/jobs/", None), var("var.name@0")]));
        assert!(!a.same_unknown(&text));
        assert_eq!(id_of_pieces(&[Value::str("/ecs/", None), Value::unknown(UnknownKind::AfterApply, "apply", None)]), None);
        assert!(!Value::unknown(UnknownKind::AfterApply, "x", None).same_unknown(&Value::unknown(UnknownKind::AfterApply, "x", None)));
        // Known strings are compared as strings elsewhere, never as unknowns.
        assert!(!Value::str("a", None).same_unknown(&Value::str("a", None)));
    }

    #[test]
    fn resource_addresses() {
        let at = |module, key| ResourceAddress { module, rtype: "aws_iam_role", name: "task", key };
        assert_eq!(at("", None).to_string(), "aws_iam_role.task");
        assert_eq!(at("module.a[\"x\"]", Some("0")).to_string(), "module.a[\"x\"].aws_iam_role.task[0]");
        assert_eq!(at("jobs//module.a", Some("k")).to_string(), "jobs:module.a.aws_iam_role.task[\"k\"]");
        assert_eq!(at("jobs//", None).to_string(), "jobs:aws_iam_role.task");
        // A key is compared only when both sides know it; the index hash ignores it.
        assert!(at("", Some("0")).same_resource(&at("", None)));
        assert!(!at("", Some("0")).same_resource(&at("", Some("1"))));
        assert!(!at("", None).same_resource(&at("module.a", None)));
        assert_eq!(at("", Some("0")).resource_hash(), at("", Some("1")).resource_hash());
        let r = ResourceRef {
            module: "module.a".into(),
            rtype: "aws_iam_role".into(),
            name: "task".into(),
            key: Some("2".into()),
            attr: "arn".into(),
            known: None,
        };
        // A reference's address leaves the key out (messages name `module.a.aws_iam_role.task.arn`).
        assert_eq!(r.address(), "module.a.aws_iam_role.task");
        assert!(r.resource().same_resource(&at("module.a", Some("2"))));
    }

    #[test]
    fn long_strings_have_no_identity() {
        let long = Value::str("x".repeat(MAX_ID_BYTES), None);
        assert_eq!(id_of_pieces(&[long.clone(), var("var.name@0")]), None);
        let many: Vec<Value> = std::iter::repeat_n(var("var.name@0"), MAX_ID_BYTES).collect();
        assert_eq!(id_of_pieces(&many), None);
        assert!(id_of_pieces(&[Value::str("/ecs/", None), var("var.name@0")]).is_some_and(|id| id_len(&id) < 64));
    }
}
