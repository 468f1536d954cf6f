module "b" {
  source = "../b" # expect: JC003
}
