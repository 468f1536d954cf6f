//! Numeric functions.

use super::super::expr::unknown_from;
use super::Call;
use crate::value::{UnknownKind, Value};

/// `min`, `max`.
pub(super) fn min_max(c: &Call<'_, '_>) -> Value {
    let nums: Option<Vec<f64>> = c.vals.iter().map(Value::as_f64).collect();
    match nums {
        Some(n) if !n.is_empty() => {
            let r = if c.name == "min" {
                n.iter().copied().fold(f64::INFINITY, f64::min)
            } else {
                n.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            };
            Value::num(r, c.sp)
        }
        _ => Value::unknown(UnknownKind::Unsupported, format!("`{}` of non-numbers", c.name), c.sp),
    }
}

/// A one-number function: `f` of argument 0.
fn map_num(c: &Call<'_, '_>, f: impl FnOnce(f64) -> f64) -> Value {
    c.arg(0).as_f64().map_or_else(|| unknown_from(&c.arg(0), c.sp), |n| Value::num(f(n), c.sp))
}

pub(super) fn abs(c: &Call<'_, '_>) -> Value {
    map_num(c, f64::abs)
}

pub(super) fn ceil(c: &Call<'_, '_>) -> Value {
    map_num(c, f64::ceil)
}

pub(super) fn floor(c: &Call<'_, '_>) -> Value {
    map_num(c, f64::floor)
}

pub(super) fn signum(c: &Call<'_, '_>) -> Value {
    map_num(c, |n| {
        if n > 0.0 {
            1.0
        } else if n < 0.0 {
            -1.0
        } else {
            0.0
        }
    })
}

pub(super) fn pow(c: &Call<'_, '_>) -> Value {
    match (c.arg(0).as_f64(), c.arg(1).as_f64()) {
        (Some(a), Some(b)) => Value::num(a.powf(b), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`pow` of unknown numbers", c.sp),
    }
}

pub(super) fn parseint(c: &Call<'_, '_>) -> Value {
    match (c.s(0), c.arg(1).as_f64()) {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "base 2–62, small results"
        )]
        (Some(x), Some(base)) if (2.0..=36.0).contains(&base) => match i64::from_str_radix(&x, base as u32) {
            Ok(n) => Value::num(n as f64, c.sp),
            Err(_) => Value::error("`parseint` of a string that is not a number", c.sp),
        },
        _ => Value::unknown(UnknownKind::AfterApply, "`parseint` of unknown values", c.sp),
    }
}
