# Every local doubles the one before: 2^40 bytes if nothing bounded it.
locals {
  s0 = "ab"
  l0 = ["x"]
  o0 = { a = "x" }
  s1 = "${local.s0}${local.s0}"
  l1 = concat(local.l0, local.l0)
  o1 = { a = local.o0, b = local.o0 }
  s2 = "${local.s1}${local.s1}"
  l2 = concat(local.l1, local.l1)
  o2 = { a = local.o1, b = local.o1 }
  s3 = "${local.s2}${local.s2}"
  l3 = concat(local.l2, local.l2)
  o3 = { a = local.o2, b = local.o2 }
  s4 = "${local.s3}${local.s3}"
  l4 = concat(local.l3, local.l3)
  o4 = { a = local.o3, b = local.o3 }
  s5 = "${local.s4}${local.s4}"
  l5 = concat(local.l4, local.l4)
  o5 = { a = local.o4, b = local.o4 }
  s6 = "${local.s5}${local.s5}"
  l6 = concat(local.l5, local.l5)
  o6 = { a = local.o5, b = local.o5 }
  s7 = "${local.s6}${local.s6}"
  l7 = concat(local.l6, local.l6)
  o7 = { a = local.o6, b = local.o6 }
  s8 = "${local.s7}${local.s7}"
  l8 = concat(local.l7, local.l7)
  o8 = { a = local.o7, b = local.o7 }
  s9 = "${local.s8}${local.s8}"
  l9 = concat(local.l8, local.l8)
  o9 = { a = local.o8, b = local.o8 }
  s10 = "${local.s9}${local.s9}"
  l10 = concat(local.l9, local.l9)
  o10 = { a = local.o9, b = local.o9 }
  s11 = "${local.s10}${local.s10}"
  l11 = concat(local.l10, local.l10)
  o11 = { a = local.o10, b = local.o10 }
  s12 = "${local.s11}${local.s11}"
  l12 = concat(local.l11, local.l11)
  o12 = { a = local.o11, b = local.o11 }
  s13 = "${local.s12}${local.s12}"
  l13 = concat(local.l12, local.l12)
  o13 = { a = local.o12, b = local.o12 }
  s14 = "${local.s13}${local.s13}"
  l14 = concat(local.l13, local.l13)
  o14 = { a = local.o13, b = local.o13 }
  s15 = "${local.s14}${local.s14}"
  l15 = concat(local.l14, local.l14)
  o15 = { a = local.o14, b = local.o14 }
  s16 = "${local.s15}${local.s15}"
  l16 = concat(local.l15, local.l15)
  o16 = { a = local.o15, b = local.o15 }
  s17 = "${local.s16}${local.s16}"
  l17 = concat(local.l16, local.l16)
  o17 = { a = local.o16, b = local.o16 }
  s18 = "${local.s17}${local.s17}"
  l18 = concat(local.l17, local.l17)
  o18 = { a = local.o17, b = local.o17 }
  s19 = "${local.s18}${local.s18}"
  l19 = concat(local.l18, local.l18)
  o19 = { a = local.o18, b = local.o18 }
  s20 = "${local.s19}${local.s19}"
  l20 = concat(local.l19, local.l19)
  o20 = { a = local.o19, b = local.o19 }
  s21 = "${local.s20}${local.s20}"
  l21 = concat(local.l20, local.l20)
  o21 = { a = local.o20, b = local.o20 }
  s22 = "${local.s21}${local.s21}"
  l22 = concat(local.l21, local.l21)
  o22 = { a = local.o21, b = local.o21 }
  s23 = "${local.s22}${local.s22}"
  l23 = concat(local.l22, local.l22)
  o23 = { a = local.o22, b = local.o22 }
  s24 = "${local.s23}${local.s23}"
  l24 = concat(local.l23, local.l23)
  o24 = { a = local.o23, b = local.o23 }
  s25 = "${local.s24}${local.s24}"
  l25 = concat(local.l24, local.l24)
  o25 = { a = local.o24, b = local.o24 }
  s26 = "${local.s25}${local.s25}"
  l26 = concat(local.l25, local.l25)
  o26 = { a = local.o25, b = local.o25 }
  s27 = "${local.s26}${local.s26}"
  l27 = concat(local.l26, local.l26)
  o27 = { a = local.o26, b = local.o26 }
  s28 = "${local.s27}${local.s27}"
  l28 = concat(local.l27, local.l27)
  o28 = { a = local.o27, b = local.o27 }
  s29 = "${local.s28}${local.s28}"
  l29 = concat(local.l28, local.l28)
  o29 = { a = local.o28, b = local.o28 }
  s30 = "${local.s29}${local.s29}"
  l30 = concat(local.l29, local.l29)
  o30 = { a = local.o29, b = local.o29 }
  s31 = "${local.s30}${local.s30}"
  l31 = concat(local.l30, local.l30)
  o31 = { a = local.o30, b = local.o30 }
  s32 = "${local.s31}${local.s31}"
  l32 = concat(local.l31, local.l31)
  o32 = { a = local.o31, b = local.o31 }
  s33 = "${local.s32}${local.s32}"
  l33 = concat(local.l32, local.l32)
  o33 = { a = local.o32, b = local.o32 }
  s34 = "${local.s33}${local.s33}"
  l34 = concat(local.l33, local.l33)
  o34 = { a = local.o33, b = local.o33 }
  s35 = "${local.s34}${local.s34}"
  l35 = concat(local.l34, local.l34)
  o35 = { a = local.o34, b = local.o34 }
  s36 = "${local.s35}${local.s35}"
  l36 = concat(local.l35, local.l35)
  o36 = { a = local.o35, b = local.o35 }
  s37 = "${local.s36}${local.s36}"
  l37 = concat(local.l36, local.l36)
  o37 = { a = local.o36, b = local.o36 }
  s38 = "${local.s37}${local.s37}"
  l38 = concat(local.l37, local.l37)
  o38 = { a = local.o37, b = local.o37 }
  s39 = "${local.s38}${local.s38}"
  l39 = concat(local.l38, local.l38)
  o39 = { a = local.o38, b = local.o38 }
  s40 = "${local.s39}${local.s39}"
  l40 = concat(local.l39, local.l39)
  o40 = { a = local.o39, b = local.o39 }
}

resource "aws_cloudwatch_event_rule" "doubled" {
  name                = "doubled"
  schedule_expression = "rate(${length(local.s40)} minutes)"
  event_pattern       = jsonencode({ detail = local.o40, list = local.l40 })
}
