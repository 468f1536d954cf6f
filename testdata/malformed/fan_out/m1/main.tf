module "squad" {
  source = "../m2"
  count  = 64
}
