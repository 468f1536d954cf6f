# 100 × 64 × 64 module instances: more than one root may expand to.
module "fleet" {
  source = "./m1"
  count  = 100
}
