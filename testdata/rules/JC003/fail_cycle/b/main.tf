module "a" {
  source = "../a" # expect: JC003
}
