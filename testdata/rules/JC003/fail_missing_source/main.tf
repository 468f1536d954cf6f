module "job" {
  source = "./modules/does-not-exist" # expect: JC003
  name   = "x"
}
