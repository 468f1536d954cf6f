module "job" {
  source = "../m3"
  count  = 64
}
